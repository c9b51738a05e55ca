import type { Facts } from '../facts/facts.types';
import type { RuleDefinition } from '../pack/rule-definition';
import { CATEGORIES } from '../rule-category.constants';
import { compileRules } from './compiled-rule-set';
import { RuleCompileError } from './rule-compile.error';
import { RuleMatch, categoriesOf } from './rule-match';

const noFacts = (): Facts => ({ places: [], amounts: [], workerCounts: [], resolutions: [], visas: [], dates: [] });

function rule(query: string, extra: Partial<RuleDefinition> = {}): RuleDefinition {
  return { id: 'r', name: 'test rule', category: 'worker-overstay', severity: 'high', query, ...extra };
}

function matchOf(query: string, body: string, title = '', facts = noFacts(), extra: Partial<RuleDefinition> = {}): RuleMatch | undefined {
  return compileRules([rule(query, extra)]).classify({ title, text: body }, facts)[0];
}

const matches = (query: string, body: string, title = '') => matchOf(query, body, title) !== undefined;

describe('compileRules / classify', () => {
  describe('normalisation', () => {
    it('ignores case and accents on both sides', () => {
      expect(matches('pyongyang', 'A source in PYONGYANG said')).toBe(true);
      expect(matches('Pyŏngyang', 'Pyongyang')).toBe(true);
      expect(matches('resume', 'Le Résumé')).toBe(true);
      expect(matches('"ещё работают"', 'они ещё работают')).toBe(true);
      expect(matches('"еще работают"', 'они ещё работают')).toBe(true);
    });

    it('respects word boundaries in alphabetic scripts', () => {
      expect(matches('sent', 'They gave their consent.')).toBe(false);
      expect(matches('sent', 'a long sentence')).toBe(false);
      expect(matches('sent', 'They were sent.')).toBe(true);
      expect(matches('рабочие', 'нерабочие дни')).toBe(false);
      expect(matches('рабочие', 'рабочие из КНДР')).toBe(true);
    });

    it('is not broken by typographic quotes, apostrophes or soft hyphens', () => {
      expect(matches('"loyalty money"', 'demanding \u201cloyalty money\u201d from workers')).toBe(true);
      expect(matches('"korea\'s workers"', 'North Korea\u2019s workers')).toBe(true);
      expect(matches('"korea\'s workers"', 'North Korea\u02bcs workers')).toBe(true);
      expect(matches('"loyalty payments"', 'so-called \u2018loyalty pay\u00adments\u2019')).toBe(true);
    });

    it('matches Chinese and Japanese as substrings, without spaces', () => {
      expect(matches('朝鲜劳工', '辽宁的朝鲜劳工仍在工作')).toBe(true);
      expect(matches('"朝鲜 劳工"', '辽宁的朝鲜劳工仍在工作')).toBe(true);
      expect(matches('朝鲜劳工', '朝鲜的劳工')).toBe(false);
      expect(matches('朝鲜劳工', '朝鲜，劳工')).toBe(false);
      expect(matches('北朝鮮', '北朝鮮の労働者')).toBe(true);
    });

    it('matches Korean inside words (particles) but not across word spaces', () => {
      expect(matches('북한 노동자', '북한의 해외 노동자들이 귀국하지 않았다')).toBe(true);
      expect(matches('"북한 노동자"', '러시아의 북한 노동자들')).toBe(true);
      expect(matches('"북한 노동자"', '북한의 노동자들')).toBe(false);
      expect(matches('조선', '중요성을 강조 선언했다')).toBe(false);
      expect(matches('북한 NEAR/1 노동자', '북한노동자')).toBe(true);
    });

    it('matches Cyrillic words and wildcards', () => {
      expect(matches('"северокорейск*"', 'Северокорейских рабочих')).toBe(true);
      expect(matches('КНДР', 'рабочие из КНДР')).toBe(true);
      expect(matches('"северокорейские рабочие"', 'северокорейские строительные рабочие')).toBe(false);
    });
  });

  describe('wildcards and phrases', () => {
    it('matches any word starting with the prefix, including the prefix itself', () => {
      expect(matches('remitt*', 'remittances')).toBe(true);
      expect(matches('remitt*', 'remitted')).toBe(true);
      expect(matches('remitt*', 'remitt')).toBe(true);
      expect(matches('remitt*', 'remit')).toBe(false);
      expect(matches('remitt*', 'unremitting')).toBe(false);
    });

    it('matches phrases only with their words adjacent and in order', () => {
      expect(matches('"sent home"', 'workers were sent home')).toBe(true);
      expect(matches('"sent home"', 'workers were sent back home')).toBe(false);
      expect(matches('"sent home"', 'home was sent')).toBe(false);
      expect(matches('"north korea*"', 'North Koreans abroad')).toBe(true);
      expect(matches('north-korean', 'a North Korean firm')).toBe(true);
    });
  });

  describe('proximity', () => {
    it('NEAR/n allows at most n-1 words between, in any order', () => {
      expect(matches('workers NEAR/1 abroad', 'workers abroad')).toBe(true);
      expect(matches('workers NEAR/2 abroad', 'workers sent abroad')).toBe(true);
      expect(matches('workers NEAR/2 abroad', 'workers were sent abroad')).toBe(false);
      expect(matches('workers NEAR/3 abroad', 'workers were sent abroad')).toBe(true);
      expect(matches('workers NEAR/3 abroad', 'abroad, the workers')).toBe(true);
    });

    it('ONEAR/n requires the left side first', () => {
      expect(matches('ordered ONEAR/4 stay', 'ordered the workers to stay')).toBe(true);
      expect(matches('ordered ONEAR/4 stay', 'stay as ordered')).toBe(false);
    });

    it('takes phrases, wildcards and OR-groups as operands, and counts a phrase as its span', () => {
      expect(matches('(deported OR expelled) NEAR/4 "north korean workers"', 'Russia expelled 30 North Korean workers')).toBe(true);
      expect(matches('"loyalty money" NEAR/2 remitt*', 'remittances and loyalty money')).toBe(true);
      expect(matches('"loyalty money" NEAR/2 remitt*', 'remittances of the loyalty money')).toBe(false);
    });

    it('does not pair a hit with itself', () => {
      expect(matches('work* NEAR/2 workers', 'workers')).toBe(false);
      expect(matches('work* NEAR/2 workers', 'workers working')).toBe(true);
    });

    it('counts a hit inside the other side\'s span as near, for NEAR but not ONEAR', () => {
      expect(matches('workers NEAR/2 (told ONEAR/8 "to stay")', 'told its workers to stay')).toBe(true);
      expect(matches('workers ONEAR/2 (told ONEAR/8 "to stay")', 'told its workers to stay')).toBe(false);
    });

    it('chains proximity left to right', () => {
      expect(matches('sent ONEAR/5 workers ONEAR/3 home', 'China sent 30 North Korean workers back home')).toBe(true);
      expect(matches('sent ONEAR/5 workers ONEAR/3 home', 'workers may be sent back home')).toBe(false);
    });

    it('measures proximity within one field only', () => {
      expect(matches('expelled NEAR/3 workers', 'workers now', 'China expelled')).toBe(false);
    });

    it('stays within one sentence, for NEAR, ONEAR and phrases', () => {
      expect(matches('workers NEAR/5 deported', 'Police met the workers. Officials deported them.')).toBe(false);
      expect(matches('workers NEAR/5 deported', 'Police met the workers, then deported them.')).toBe(true);
      expect(matches('workers NEAR/10 deported', 'The workers of Mr. Kim at the U.N. office were deported.')).toBe(true);
      expect(matches('repatriated ONEAR/4 workers', 'They should have been repatriated by 2019. The workers stayed.')).toBe(false);
      expect(matches('"north korea"', 'They drove north. Korea lies beyond')).toBe(false);
      expect(matches('"north korea"', 'They drove to North Korea')).toBe(true);
      expect(matches('朝鲜 NEAR/3 劳工', '朝鲜。劳工')).toBe(false);
    });
  });

  describe('local negation inside NEAR', () => {
    it('drops hits that have the excluded side within range, in the order ONEAR gives', () => {
      const modal = '(NOT (should OR would)) ONEAR/3 (been ONEAR/1 repatriated)';
      expect(matches(modal, 'The workers have been repatriated.')).toBe(true);
      expect(matches(modal, 'The workers should have been repatriated.')).toBe(false);
      expect(matches(modal, 'Workers have been repatriated, and they would go home.')).toBe(true);
      const destination = '"sent back" ONEAR/1 NOT to';
      expect(matches(destination, 'China sent back 30 workers.')).toBe(true);
      expect(matches(destination, 'Wages are sent back to Pyongyang.')).toBe(false);
    });

    it('with NEAR, excludes on either side', () => {
      expect(matches('deported NEAR/2 NOT may', 'Workers were deported last week.')).toBe(true);
      expect(matches('deported NEAR/2 NOT may', 'Workers may be deported.')).toBe(false);
      expect(matches('deported NEAR/2 NOT may', 'Workers deported, may return.')).toBe(false);
    });

    it('unlike AND NOT, keeps a real hit elsewhere in the article, and ignores exclusions in other sentences', () => {
      const q = '(NOT should) ONEAR/3 (been ONEAR/1 repatriated)';
      expect(matches(q, 'Some should have been repatriated long ago; others have been repatriated.')).toBe(true);
      expect(matches('(been ONEAR/1 repatriated) AND NOT should', 'Some should have been repatriated long ago; others have been repatriated.')).toBe(false);
      expect(matches(q, 'Something should happen. Been repatriated, they said.')).toBe(true);
    });

    it('chains, and quotes the present side as evidence', () => {
      const q = 'dprk^0 AND (deported ONEAR/1 NOT to) ONEAR/6 workers';
      expect(matches(q, 'The DPRK said Russia deported to Pyongyang its workers.')).toBe(false);
      const m = matchOf(q, 'The DPRK said Russia deported 40 workers.')!;
      expect(m.evidence[0]).toMatchObject({ clause: '(deported ONEAR/1 NOT to) ONEAR/6 workers', text: 'deported 40 workers' });
    });
  });

  describe('field scopes', () => {
    it('restricts terms to the title or the body', () => {
      expect(matches('title:deported', 'they were deported', 'News')).toBe(false);
      expect(matches('title:deported', 'news', 'Workers deported')).toBe(true);
      expect(matches('body:deported', 'news', 'Workers deported')).toBe(false);
      expect(matches('deported', 'news', 'Workers deported')).toBe(true);
      expect(matches('title:(expelled OR deported) workers', 'the workers', 'Deported')).toBe(true);
    });
  });

  describe('fact conditions', () => {
    const facts: Facts = {
      places: [{ name: 'Dalian', country: 'CN', region: 'Liaoning', text: 'Dalian', span: [20, 26] }],
      amounts: [{ value: 3400, currency: 'CNY', per: 'per person', text: '3,400 yuan', span: [40, 50] }],
      workerCounts: [{ value: 70, approximate: true, text: 'over 70', span: [0, 7] }],
      resolutions: [{ number: '2397', text: 'Resolution 2397', span: [60, 75] }],
      visas: [{ type: 'student', text: 'student visas', span: [80, 93] }],
      dates: [{ iso: '2019-12-22', kind: 'deadline', text: 'by Dec. 22, 2019', span: [100, 116] }],
    };
    const withFacts = (query: string, f: Facts = facts) => matchOf(query, 'workers', '', f) !== undefined;

    it.each([
      ['workers place.country:CN', true],
      ['workers place.country:RU', false],
      ['workers place:dalian', true],
      ['workers place:Liaoning', true],
      ['workers place.region:liaoning', true],
      ['workers place:Sakhalin', false],
      ['workers has:amount', true],
      ['workers has:place', true],
      ['workers has:workers', true],
      ['workers has:resolution', true],
      ['workers has:visa', true],
      ['workers has:deadline', true],
      ['workers resolution:2397', true],
      ['workers resolution:2375', false],
      ['workers visa:student', true],
      ['workers visa:tourist', false],
      ['workers workers>=50', true],
      ['workers workers>=100', false],
      ['workers workers<100', true],
      ['workers amount.currency:CNY', true],
      ['workers NOT has:visa', false],
    ])('%s -> %s', (query, expected) => {
      expect(withFacts(query)).toBe(expected);
    });

    it('is false on empty facts, and a fact-only rule can match', () => {
      expect(withFacts('workers has:amount', noFacts())).toBe(false);
      expect(compileRules([rule('has:visa AND place.country:CN')]).classify({ title: '', text: '' }, facts)).toHaveLength(1);
    });

    it('points fact evidence at the text, whichever layout the facts were read from', () => {
      const title = 'Quotas doubled';
      const body = 'Workers in Dalian pay 3,400 yuan.';
      const joined = `${title}\n\n${body}`;
      const at = joined.indexOf('3,400 yuan');
      const f: Facts = { ...noFacts(), amounts: [{ value: 3400, currency: 'CNY', text: '3,400 yuan', span: [at, at + 10] }] };
      const m = matchOf('workers AND has:amount', body, title, f)!;
      const ev = m.evidence.find((e) => e.clause === 'has:amount')!;
      expect(ev.field).toBe('body');
      expect(body.slice(ev.start, ev.end)).toBe('3,400 yuan');
    });
  });

  describe('evidence', () => {
    it('gives exact char offsets into the field, for every script', () => {
      const title = '😀 Ｎｏｒｔｈ Ｋｏｒｅａｎ workers, 北韩劳工 и северокорейские рабочие';
      const m = matchOf('"north korean" AND 劳工 AND северокорейск* AND workers NEAR/3 korean', 'nothing', title)!;
      expect(m.evidence.length).toBeGreaterThanOrEqual(4);
      for (const e of m.evidence) {
        expect(e.field).toBe('title');
        expect(title.slice(e.start, e.end)).toBe(e.text);
      }
      expect(m.evidence.map((e) => e.text)).toEqual(['Ｎｏｒｔｈ Ｋｏｒｅａｎ', 'Ｋｏｒｅａｎ workers', '劳工', 'северокорейские']);
    });

    it('quotes the clause as written and wraps the hit in the snippet', () => {
      const body = `${'Background text. '.repeat(10)}Officials said the workers were Deported last week. ${'More text. '.repeat(10)}`;
      const m = matchOf('(Deported OR expelled)', body)!;
      expect(m.evidence).toHaveLength(1);
      const [e] = m.evidence;
      expect(e).toMatchObject({ clause: 'Deported', field: 'body', text: 'Deported' });
      expect(body.slice(e.start, e.end)).toBe('Deported');
      expect(e.snippet).toContain('[[Deported]]');
      expect(e.snippet.length).toBeLessThanOrEqual(175);
      expect(e.snippet.startsWith('\u2026')).toBe(true);
    });

    it('keeps evidence of every true OR branch but none from NOT', () => {
      const m = matchOf('(deported OR expelled OR sent) NOT consent', 'They were deported, then expelled.')!;
      expect(m.evidence.map((e) => e.clause)).toEqual(['deported', 'expelled']);
    });
  });

  describe('scoring and thresholds', () => {
    it('counts each distinct clause once, doubled in the title', () => {
      expect(matchOf('deported OR expelled', 'deported deported deported')!.score).toBe(1);
      expect(matchOf('deported OR expelled', 'deported and expelled')!.score).toBe(2);
      expect(matchOf('deported OR expelled', 'expelled', 'Workers deported')!.score).toBe(3);
    });

    it('applies weights, so context can be left out of the count', () => {
      expect(matchOf('(dprk OR pyongyang)^0 AND (deported OR expelled)', 'DPRK Pyongyang deported')!.score).toBe(1);
      expect(matchOf('dprk^2.5 deported', 'DPRK deported')!.score).toBe(3.5);
    });

    it('matches only when the score reaches the threshold', () => {
      const q = '(dprk OR pyongyang)^0 AND (deported OR expelled OR "contracts cancelled")';
      expect(matchOf(q, 'DPRK workers deported', '', noFacts(), { threshold: 2 })).toBeUndefined();
      expect(matchOf(q, 'DPRK workers deported and expelled', '', noFacts(), { threshold: 2 })).toBeDefined();
      expect(matchOf(q, 'DPRK workers', 'Workers deported', noFacts(), { threshold: 2 })).toBeDefined();
      expect(matchOf(q, 'DPRK workers deported', '', noFacts(), { threshold: 0 })).toBeDefined();
    });

    it('counts a fact condition as a clause', () => {
      const f: Facts = { ...noFacts(), visas: [{ type: 'student', text: 'student visas', span: [0, 13] }] };
      expect(matchOf('workers has:visa', 'workers on student visas', '', f)!.score).toBe(2);
    });
  });

  describe('rule sets', () => {
    it('skips disabled rules, reports bad rules by id, rejects duplicate ids', () => {
      const set = compileRules([rule('deported'), rule('(broken', { id: 'off', enabled: false })]);
      expect(set.ruleIds).toEqual(['r']);
      expect(() => compileRules([rule('deported'), rule('workers (abroad', { id: 'bad-one' })])).toThrow(
        new RuleCompileError('bad-one', 'unbalanced parenthesis at 8', 8),
      );
      try {
        compileRules([rule('workers (abroad', { id: 'bad-one' })]);
      } catch (err) {
        expect(err).toBeInstanceOf(RuleCompileError);
        expect((err as RuleCompileError).message).toBe('rule "bad-one": unbalanced parenthesis at 8');
        expect((err as RuleCompileError).position).toBe(8);
      }
      expect(() => compileRules([rule('a1'), rule('b1')])).toThrow('rule "r": duplicate rule id');
    });

    it('returns id, version, category and severity, most severe first', () => {
      const set = compileRules([
        rule('deported', { id: 'low-one', severity: 'low', category: 'repatriation-enforcement', version: 3 }),
        rule('deported', { id: 'crit-one', severity: 'critical', category: 'repatriation-enforcement' }),
      ]);
      const found = set.classify({ title: '', text: 'deported' }, noFacts());
      expect(found.map((m) => [m.ruleId, m.version, m.category, m.severity])).toEqual([
        ['crit-one', 1, 'repatriation-enforcement', 'critical'],
        ['low-one', 3, 'repatriation-enforcement', 'low'],
      ]);
      expect(categoriesOf(found)).toEqual(['repatriation-enforcement']);
    });

    it('classifies correctly with 1,000 rules and evaluates only rules whose terms occur', () => {
      // Rule i: (alpha{i} OR "beta{i} gamma") AND delta{i % 10} NOT omega{i % 7}
      const defs: RuleDefinition[] = [];
      for (let i = 0; i < 1000; i++) {
        defs.push(
          rule(`(alpha${i} OR "beta${i} gamma*") AND delta${i % 10} NOT omega${i % 7}`, {
            id: `rule-${i}`,
            category: CATEGORIES[i % CATEGORIES.length],
          }),
        );
      }
      const set = compileRules(defs);
      expect(set.size).toBe(1000);

      // beta52 is followed by "gammon", which is not gamma*: rule 52 must neither match nor be evaluated.
      const body = 'alpha12 alpha13 alpha20 beta33 gammas beta44 gammadion beta52 gammon delta2 delta3 delta4 omega6 alpha999 beta0 x gamma';
      const expected = [12, 13, 33, 44].filter((i) => [2, 3, 4].includes(i % 10) && i % 7 !== 6).map((i) => `rule-${i}`);
      expect(expected).toEqual(['rule-12', 'rule-33', 'rule-44']);
      const found = set.classify({ title: '', text: body }, noFacts());
      expect(found.map((m) => m.ruleId).sort()).toEqual(expected.sort());
      // alpha12, 13, 20, 999 and the phrases of 33, 44 are the only triggers present.
      expect(set.candidateRuleIds({ title: '', text: body }).sort()).toEqual(['rule-12', 'rule-13', 'rule-20', 'rule-33', 'rule-44', 'rule-999']);

    });
  });
});
