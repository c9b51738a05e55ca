import { shingleJaccard } from './shingles';
import { shingleHashes } from './simhash';
import {
  LOOSE_ROWS,
  MINHASHES,
  STRICT_ROWS,
  StoryKeys,
  estimatedJaccard,
  matchProbability,
  minhashSignature,
  storedStoryKeys,
  storyKeys,
} from './story-keys';
import * as stories from './__fixtures__/stories';
import { StoryFixture } from './__fixtures__/stories';
import { StoryVariants } from './__fixtures__/story-variants';

const shared = (a: number[], b: number[]) => a.some((k) => b.includes(k));
const shareStrict = (a: StoryKeys, b: StoryKeys) => shared(a.strict, b.strict);
const shareLoose = (a: StoryKeys, b: StoryKeys) => shared(a.loose, b.loose);
const signature = (text: string) => minhashSignature(shingleHashes(text));

describe('storyKeys', () => {
  it('gives every text the same number of 32-bit keys, the same for the same words', () => {
    const keys = storyKeys(stories.vladivostokOriginal.text);
    expect(keys.strict).toHaveLength(MINHASHES / STRICT_ROWS);
    expect(keys.loose).toHaveLength(MINHASHES / LOOSE_ROWS);
    for (const k of storedStoryKeys(keys)) expect(k).toBe(k | 0);
    // Case, punctuation and spacing are not part of a shingle.
    expect(storyKeys('North Korean  workers, in RUSSIA!')).toEqual(storyKeys('north korean workers in russia'));
    expect(storyKeys('北 노동자 40여명')).toEqual(storyKeys('北노동자 40여명'));
  });

  it('gives a fixed text the keys stored articles hold at this FINGERPRINT_VERSION (a change to them needs the version bumped)', () => {
    const text = 'North Korean workers at a Vladivostok shipyard were kept on after their visas ran out, a local report said.';
    expect(Array.from(signature(text).slice(0, 4))).toEqual([304115867, 210977668, 252036376, 79487544]);
    const keys = storyKeys(text);
    expect(keys.strict.slice(0, 4)).toEqual([-1731738639, 1783520235, -1186807302, 730007042]);
    expect(keys.loose.slice(0, 4)).toEqual([1837051634, 1793969918, 1444925959, 773780554]);
  });

  it('gives a text without words no key, so it is never anyone\'s candidate', () => {
    expect(storyKeys('')).toEqual({ strict: [], loose: [] });
    expect(storyKeys(' ... !!! ')).toEqual({ strict: [], loose: [] });
  });

  it('never gives a loose and a strict key the same value by construction', () => {
    const keys = storyKeys(stories.vladivostokOriginal.text);
    expect(keys.strict.filter((k) => keys.loose.includes(k))).toEqual([]);
    expect(new Set(storedStoryKeys(keys)).size).toBe(storedStoryKeys(keys).length);
  });
});

describe('MinHash signature', () => {
  const fixtures = Object.values(stories).filter((s): s is StoryFixture => typeof s === 'object');

  it('estimates the shingle Jaccard of every fixture pair within three standard errors', () => {
    for (const [i, a] of fixtures.entries()) {
      for (const b of fixtures.slice(i + 1)) {
        const j = shingleJaccard(a.text, b.text);
        const error = Math.abs(estimatedJaccard(signature(a.text), signature(b.text)) - j);
        expect({ pair: `${a.title} / ${b.title}`, ok: error <= 3 * Math.sqrt((j * (1 - j)) / MINHASHES) + 0.02 }).toMatchObject({ ok: true });
      }
    }
  });
});

describe('on hand-written pairs', () => {
  const keys = (s: StoryFixture) => storyKeys(s.text);

  it.each([
    ['syndicated copy with another outlet\'s preamble and footer', stories.vladivostokOriginal, stories.vladivostokSyndicated],
    ['Chinese portal copy with edits and a footer', stories.chineseOriginal, stories.chineseSyndicated],
  ])('a %s shares a strict key', (_, a, b) => {
    expect(shareStrict(keys(a), keys(b))).toBe(true);
  });

  it.each([
    ['rewrite: new intro, quotes reordered, a third changed', stories.vladivostokOriginal, stories.vladivostokRewrite],
    ['rewrite vs the syndicated copy', stories.vladivostokRewrite, stories.vladivostokSyndicated],
    ['Korean rewrite', stories.koreanOriginal, stories.koreanRewrite],
  ])('a %s shares a loose key', (_, a, b) => {
    expect(shareLoose(keys(a), keys(b))).toBe(true);
  });

  it('never gives two different stories a strict key in common, nor texts in different languages any key', () => {
    const groups = [
      [stories.vladivostokOriginal, stories.vladivostokSyndicated, stories.vladivostokRewrite, stories.vladivostokBrief],
      [stories.koreanOriginal, stories.koreanRewrite],
      [stories.chineseOriginal, stories.chineseSyndicated],
    ];
    const groupOf = (s: StoryFixture) => groups.findIndex((g) => g.includes(s));
    const all = Object.values(stories).filter((s): s is StoryFixture => typeof s === 'object');
    for (const [i, a] of all.entries()) {
      for (const b of all.slice(i + 1)) {
        if (groupOf(a) >= 0 && groupOf(a) === groupOf(b)) continue;
        expect({ pair: `${a.title} / ${b.title}`, strict: shareStrict(keys(a), keys(b)) }).toMatchObject({ strict: false });
      }
    }
    for (const other of [stories.vladivostokOriginal, stories.chineseOriginal]) {
      expect(shared(storedStoryKeys(keys(stories.koreanOriginal)), storedStoryKeys(keys(other)))).toBe(false);
    }
  });
});

describe('measured over seeded synthetic variants', () => {
  const vocabulary = Object.values(stories)
    .filter((s): s is StoryFixture => typeof s === 'object')
    .flatMap((s) => s.text.split(/\s+/))
    .filter((w) => /^[a-z]+$/i.test(w));
  const base = stories.vladivostokOriginal.text;
  const baseKeys = storyKeys(base);
  const variants = (seed: number, n: number, make: (v: StoryVariants) => string) => {
    const v = new StoryVariants(seed, vocabulary);
    return Array.from({ length: n }, () => {
      const text = make(v);
      const keys = storyKeys(text);
      return { jaccard: shingleJaccard(base, text), strict: shareStrict(baseKeys, keys), loose: shareLoose(baseKeys, keys) };
    });
  };
  const share = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;

  it('copies with other furniture: every one shares a strict key', () => {
    const results = variants(1, 200, (v) => `${v.furniture()}\n\n${base}\n\n${v.furniture()}`);
    expect(results.every((r) => r.strict)).toBe(true);
  });

  it('a third of the sentences reworded and paragraphs shuffled: nearly every one shares a loose key', () => {
    const results = variants(2, 300, (v) => v.rewrite(base, 1 / 3, true));
    expect(share(results.map((r) => r.loose))).toBeGreaterThanOrEqual(0.97);
  });

  it('half reworded: the share found is what the band arithmetic predicts from the exact Jaccard', () => {
    const results = variants(5, 400, (v) => v.rewrite(base, 1 / 2, true));
    const predicted = results.reduce((p, r) => p + matchProbability(r.jaccard, LOOSE_ROWS, MINHASHES / LOOSE_ROWS), 0) / results.length;
    expect(Math.abs(share(results.map((r) => r.loose)) - predicted)).toBeLessThan(0.05);
    const strictPredicted = results.reduce((p, r) => p + matchProbability(r.jaccard, STRICT_ROWS, MINHASHES / STRICT_ROWS), 0) / results.length;
    expect(Math.abs(share(results.map((r) => r.strict)) - strictPredicted)).toBeLessThan(0.05);
  });

  it('unrelated texts over the same vocabulary: almost none share a key of either kind', () => {
    const v = new StoryVariants(3, vocabulary);
    const pairs = Array.from({ length: 400 }, () => [storyKeys(v.words(300)), storyKeys(v.words(300))] as const);
    expect(share(pairs.map(([a, b]) => shareLoose(a, b)))).toBeLessThan(0.01);
    expect(pairs.some(([a, b]) => shareStrict(a, b))).toBe(false);
  });
});

describe('matchProbability', () => {
  it('follows the band arithmetic at the thresholds the story keys were chosen for', () => {
    const loose = (j: number) => matchProbability(j, LOOSE_ROWS, MINHASHES / LOOSE_ROWS);
    const strict = (j: number) => matchProbability(j, STRICT_ROWS, MINHASHES / STRICT_ROWS);
    expect(loose(0.3)).toBeGreaterThan(0.98); // the lowest overlap isSameStory calls a rewrite
    expect(loose(0.02)).toBeLessThan(0.02);
    expect(strict(0.8)).toBeGreaterThan(0.99);
    expect(strict(0.25)).toBeLessThan(0.005);
  });
});
