import { shingleJaccard } from './shingles';
import { hammingDistance, simhash64 } from './simhash';
import { SIMHASH_CANDIDATE_DISTANCE, StoryCandidate, isSameStory, sharedRun } from './story-matcher';
import { titleSimilarity } from './title-similarity';
import * as stories from './__fixtures__/stories';
import { StoryFixture } from './__fixtures__/stories';
import { StoryVariants } from './__fixtures__/story-variants';

const candidate = (s: StoryFixture, overrides: Partial<StoryCandidate> = {}): StoryCandidate => ({
  ...s,
  simhash: simhash64(s.text),
  ...overrides,
});

const same = (a: StoryFixture, b: StoryFixture) => isSameStory(candidate(a), candidate(b));

describe('isSameStory on hand-written pairs', () => {
  it.each([
    ['syndicated copy with another outlet\'s preamble and footer', stories.vladivostokOriginal, stories.vladivostokSyndicated],
    ['rewrite: new intro, quotes reordered, a third changed', stories.vladivostokOriginal, stories.vladivostokRewrite],
    ['rewrite vs the syndicated copy', stories.vladivostokRewrite, stories.vladivostokSyndicated],
    ['two-paragraph brief vs the full report', stories.vladivostokBrief, stories.vladivostokOriginal],
    ['brief vs the rewrite (headlines agree)', stories.vladivostokBrief, stories.vladivostokRewrite],
    ['Korean rewrite', stories.koreanOriginal, stories.koreanRewrite],
    ['Chinese portal copy with edits and a footer', stories.chineseOriginal, stories.chineseSyndicated],
  ])('groups %s', (_, a, b) => {
    const decision = same(a, b);
    expect(decision).toMatchObject({ same: true });
    // Symmetric: the order the caller finds them in does not matter.
    expect(same(b, a).same).toBe(true);
  });

  it.each([
    ['Vladivostok construction vs Kamchatka fish plant (shared background paragraph)', stories.vladivostokOriginal, stories.kamchatkaFishPlant],
    ['Vladivostok rewrite vs Kamchatka fish plant', stories.vladivostokRewrite, stories.kamchatkaFishPlant],
    ['Vladivostok construction vs Khabarovsk construction', stories.vladivostokOriginal, stories.khabarovskConstruction],
    ['Kamchatka vs Khabarovsk', stories.kamchatkaFishPlant, stories.khabarovskConstruction],
    ['Korean: Vladivostok vs Kamchatka', stories.koreanOriginal, stories.koreanFishPlant],
    ['Korean rewrite vs Kamchatka', stories.koreanRewrite, stories.koreanFishPlant],
    ['Chinese: Vladivostok vs Kamchatka', stories.chineseOriginal, stories.chineseFishPlant],
    ['Chinese copy vs Kamchatka', stories.chineseSyndicated, stories.chineseFishPlant],
    ['the same report in Korean and in English', stories.koreanOriginal, stories.vladivostokOriginal],
  ])('keeps apart %s', (_, a, b) => {
    expect(same(a, b).same).toBe(false);
    expect(same(b, a).same).toBe(false);
  });

  it('never groups any two fixtures from different stories', () => {
    const groups = [
      ['vladivostokOriginal', 'vladivostokSyndicated', 'vladivostokRewrite', 'vladivostokBrief'],
      ['koreanOriginal', 'koreanRewrite'],
      ['chineseOriginal', 'chineseSyndicated'],
    ];
    const groupOf = (name: string) => groups.findIndex((g) => g.includes(name));
    const all = Object.entries(stories).filter((e): e is [string, StoryFixture] => typeof e[1] === 'object');
    for (const [i, [na, a]] of all.entries()) {
      for (const [nb, b] of all.slice(i + 1)) {
        const expected = groupOf(na) >= 0 && groupOf(na) === groupOf(nb);
        expect({ pair: `${na} / ${nb}`, same: same(a, b).same }).toEqual({ pair: `${na} / ${nb}`, same: expected });
      }
    }
  });
});

describe('stored candidates (textKey)', () => {
  it('decides every pair as it does without a key, when the stored text is shingled and when its kept shingles are used', () => {
    const all = Object.entries(stories).filter((e): e is [string, StoryFixture] => typeof e[1] === 'object');
    for (const [na, a] of all) {
      for (const [nb, b] of all) {
        if (na === nb) continue;
        const plain = same(a, b);
        for (const pass of ['first', 'kept']) {
          const keyed = isSameStory(candidate(a), candidate(b, { textKey: `stored-${nb}:v1` }));
          expect({ pair: `${na} / ${nb}`, pass, same: keyed.same, reason: keyed.reason }).toEqual({ pair: `${na} / ${nb}`, pass, same: plain.same, reason: plain.reason });
        }
      }
    }
  });
});

describe('outlet boilerplate', () => {
  it('keeps apart two stories years apart that share the background paragraphs and footer', () => {
    const decision = same(stories.restaurant2019, stories.itWorkers2024);
    expect(decision.same).toBe(false);
    expect(decision.reason).toMatch(/days apart/);
    // The trap: by the numbers alone they look like a rewrite.
    expect(shingleJaccard(stories.restaurant2019.text, stories.itWorkers2024.text)).toBeGreaterThan(0.4);
  });

  it('keeps them apart without dates too: the shared closing run is set aside', () => {
    const decision = isSameStory(candidate(stories.restaurant2019, { publishedAt: null }), candidate(stories.itWorkers2024, { publishedAt: null }));
    expect(decision).toMatchObject({ same: false, reason: expect.stringMatching(/^only shared furniture.*3 closing paragraphs/) });
  });

  it('still groups a copy that only adds its own intro to the same closing paragraphs', () => {
    const body = stories.vladivostokOriginal.text;
    const a = { ...stories.vladivostokOriginal, text: `A partner outlet reported the following on Monday.\n\n${body}` };
    const b = { ...stories.vladivostokRewrite, text: `Here is what our correspondents in the region learned.\n\n${body}` };
    const decision = isSameStory(candidate(a), candidate(b));
    expect(decision).toMatchObject({ same: true, reason: expect.stringMatching(/^copy with its own intro/) });
  });

  it('groups a copy edited in the middle (shared opening and closing paragraphs)', () => {
    const paragraphs = stories.vladivostokOriginal.text.split('\n\n');
    paragraphs[3] = 'A paragraph the copy replaced with its own background on the sanctions regime and its history.';
    paragraphs[4] = 'Another paragraph the copy wrote itself, about the trading company and its known partners.';
    const edited = { ...stories.vladivostokOriginal, text: paragraphs.join('\n\n') };
    expect(same(stories.vladivostokOriginal, edited).same).toBe(true);
  });

  it('finds the runs both texts open and close with', () => {
    expect(sharedRun('a\n\nb\n\nc\n\nd', 'a\n\nx\n\nd')).toEqual({ head: 1, tail: 1, restA: 'b\n\nc', restB: 'x' });
    expect(sharedRun('One.\n\nTwo!', 'one\n\ntwo')).toMatchObject({ head: 2, restA: '', restB: '' });
  });
});

describe('time window', () => {
  it('never groups the same text published years apart', () => {
    const later = { ...stories.vladivostokSyndicated, publishedAt: new Date('2027-03-19T00:00:00Z') };
    expect(same(stories.vladivostokOriginal, later)).toMatchObject({ same: false, reason: expect.stringMatching(/days apart/) });
  });

  it('ignores the window when a date is unknown', () => {
    const undated = { ...stories.vladivostokSyndicated, publishedAt: null };
    expect(same(stories.vladivostokOriginal, undated).same).toBe(true);
  });
});

describe('short and empty texts', () => {
  const short = (title: string, text: string): StoryFixture => ({ title, text, publishedAt: null });

  it('does not group one-line items that merely share words', () => {
    const a = short('Workers spotted in Vladivostok', 'North Korean workers were spotted in Vladivostok on Monday.');
    const b = short('Workers spotted in Khabarovsk', 'North Korean workers were spotted in Khabarovsk on Monday.');
    expect(same(a, b)).toMatchObject({ same: false, reason: expect.stringMatching(/^short text/) });
  });

  it('groups identical one-line items', () => {
    const a = short('Workers spotted in Vladivostok', 'North Korean workers were spotted in Vladivostok on Monday.');
    expect(same(a, { ...a }).same).toBe(true);
  });

  it('groups a near-verbatim short item only when the headlines agree', () => {
    const a = short('Workers spotted at Vladivostok port', 'North Korean workers were spotted at the port in Vladivostok on Monday morning, according to a dock worker who saw them.');
    const b = short('Workers spotted at Vladivostok port', 'North Korean workers were spotted at the port in Vladivostok on Monday morning, according to a dock worker who saw them there.');
    expect(same(a, b).same).toBe(true);
    expect(same(a, { ...b, title: 'Dock news' }).same).toBe(false);
  });

  it('never groups two empty texts', () => {
    const empty = short('Untitled', '');
    expect(same(empty, empty)).toMatchObject({ same: false, distance: 0 });
  });
});

describe('measured over seeded synthetic variants', () => {
  const vocabulary = Object.values(stories)
    .filter((s): s is StoryFixture => typeof s === 'object')
    .flatMap((s) => s.text.split(/\s+/))
    .filter((w) => /^[a-z]+$/i.test(w));
  const base = candidate(stories.vladivostokOriginal);
  const run = (seed: number, n: number, make: (v: StoryVariants) => string) => {
    const v = new StoryVariants(seed, vocabulary);
    return Array.from({ length: n }, () => {
      const text = make(v);
      const other = { title: 'An unrelated headline', text, simhash: simhash64(text), publishedAt: base.publishedAt };
      return { distance: hammingDistance(base.simhash, other.simhash), same: isSameStory(base, other).same };
    });
  };

  it('copies with other furniture: all grouped, all candidates by simhash', () => {
    const results = run(1, 200, (v) => `${v.furniture()}\n\n${base.text}\n\n${v.furniture()}`);
    expect(results.every((r) => r.same)).toBe(true);
    expect(Math.max(...results.map((r) => r.distance))).toBeLessThanOrEqual(SIMHASH_CANDIDATE_DISTANCE);
  });

  it('a third of the sentences reworded and paragraphs shuffled: nearly all found and grouped without headline help', () => {
    const results = run(2, 300, (v) => v.rewrite(base.text, 1 / 3, true));
    const found = results.filter((r) => r.distance <= SIMHASH_CANDIDATE_DISTANCE).length / results.length;
    const grouped = results.filter((r) => r.same).length / results.length;
    expect(found).toBeGreaterThanOrEqual(0.97);
    expect(grouped).toBeGreaterThanOrEqual(0.95);
  });

  it('unrelated texts: few reach the candidate distance, none are grouped', () => {
    const v = new StoryVariants(3, vocabulary);
    const distances = Array.from({ length: 400 }, () => hammingDistance(simhash64(v.words(300)), simhash64(v.words(300))));
    expect(distances.filter((d) => d <= SIMHASH_CANDIDATE_DISTANCE).length / distances.length).toBeLessThan(0.15);
    const results = run(4, 100, (w) => w.words(300));
    expect(results.some((r) => r.same)).toBe(false);
  });
});

describe('titleSimilarity', () => {
  it('compares words, ignoring case and filler', () => {
    expect(titleSimilarity('North Korean workers in Vladivostok', 'north korean WORKERS at Vladivostok')).toBe(1);
    expect(titleSimilarity('North Korean workers in Vladivostok', 'Fish prices rise')).toBe(0);
  });

  it('compares CJK titles by character pairs, whatever the spacing', () => {
    expect(titleSimilarity('북한 노동자 블라디보스토크', '북한노동자 블라디보스토크')).toBeGreaterThan(0.8);
    expect(titleSimilarity('朝鲜工人赴俄', '朝鲜工人抵俄')).toBeGreaterThan(0.4);
  });
});
