import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { extractHtmlArticle } from '../cli/html-article';
import type { Facts } from '../facts/facts.types';
import { compileRules } from '../matcher/compiled-rule-set';
import { categoriesOf } from '../matcher/rule-match';
import { CATEGORIES, RuleCategory } from '../rule-category.constants';
import { loadRulePack } from './rule-pack.loader';
import { runRuleTests } from './rule-tests';

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
const PACK_DIR = join(REPO_ROOT, 'config', 'rules');
const CORPUS_FILE = join(__dirname, '..', '__fixtures__', 'corpus.yaml');
const SAMPLE_DIR = join(REPO_ROOT, 'config', 'sample', 'articles');
/** Real articles kept outside the repository (copyright): never copied into it. */
const SEEDS_DIR = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'seeds');

// The pack must not depend on facts: the classifier's facts come from another module,
// and a rule that only fires with facts would pass here for the wrong reason.
const noFacts = (): Facts => ({ places: [], amounts: [], workerCounts: [], resolutions: [], visas: [], dates: [] });

interface CorpusEntry {
  id: string;
  title?: string;
  text: string;
  expected: RuleCategory[];
}

const rules = loadRulePack(PACK_DIR);
const set = compileRules(rules);
const classify = (title: string, text: string) => set.classify({ title, text }, noFacts());
const sorted = (list: readonly string[]) => [...list].sort();

/** Every DPRK name in the pack's languages, replaced by a neighbour's. */
function withoutDprk(text: string): string {
  return text
    .replace(/north[\s-]korea(ns?)?|n\.\s?korea(ns?)?|dprk|pyongyang/gi, 'Vietnam')
    .replace(/북한|북측|조선민주주의인민공화국/g, '베트남')
    .replace(/朝鲜|朝鮮|北韩|北韓/g, '越南')
    .replace(/КНДР/g, 'Вьетнама')
    .replace(/северокорейск/gi, 'вьетнамск')
    .replace(/Северн\S* Коре\S*/g, 'Вьетнам')
    .replace(/Пхеньян\S*/g, 'Ханой');
}

describe('default rule pack (config/rules)', () => {
  it('loads, and covers every category', () => {
    expect(rules.length).toBeGreaterThanOrEqual(CATEGORIES.length);
    expect(sorted([...new Set(rules.map((r) => r.category))])).toEqual(sorted(CATEGORIES));
    for (const c of CATEGORIES) {
      expect(rules.some((r) => r.category === c && r.tests.match.length > 0)).toBe(true);
    }
  });

  it.each(rules.map((r) => [r.id, r] as const))('rule %s passes its own tests', (_id, rule) => {
    expect(runRuleTests(rule)).toEqual([]);
  });

  it.each(rules.map((r) => [r.id, r] as const))('rule %s needs North Korea to be mentioned', (_id, rule) => {
    for (const test of rule.tests.match) {
      const text = typeof test === 'string' ? test : test.text;
      const title = typeof test === 'string' ? '' : (test.title ?? '');
      const changed = withoutDprk(text);
      expect(changed).not.toBe(text);
      const found = compileRules([rule]).classify({ title: withoutDprk(title), text: changed }, noFacts());
      expect(found).toEqual([]);
    }
  });

  it('repeats every English base rule verbatim inside its category\'s strong-evidence rule', () => {
    const norm = (q: string) => q.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
    for (const strong of rules.filter((r) => r.id.endsWith('-strong-evidence'))) {
      const bases = rules.filter((r) => r.category === strong.category && r !== strong && !/-(ko|zh|ru)$/.test(r.id));
      expect(bases.length).toBeGreaterThan(0);
      for (const base of bases) expect({ strong: strong.id, base: base.id, copied: norm(strong.query).includes(norm(base.query)) }).toMatchObject({ copied: true });
    }
  });

  describe('hand-written corpus', () => {
    const corpus = parse(readFileSync(CORPUS_FILE, 'utf8')) as CorpusEntry[];

    it('has enough positives for every category and enough near misses', () => {
      expect(corpus.length).toBeGreaterThanOrEqual(40);
      expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
      for (const c of CATEGORIES) expect(corpus.filter((e) => e.expected.includes(c)).length).toBeGreaterThanOrEqual(5);
      expect(corpus.filter((e) => e.expected.length === 0).length).toBeGreaterThanOrEqual(15);
    });

    it.each(corpus.map((e) => [e.id, e] as const))('%s gets exactly its categories', (_id, entry) => {
      const found = classify(entry.title ?? '', entry.text);
      expect(sorted(categoriesOf(found))).toEqual(sorted(entry.expected));
    });

    it('never raises a "strong evidence" rule without a base rule of its category', () => {
      // The strong rules repeat their base rules' queries weighted ^0; this catches the copies drifting apart.
      for (const entry of corpus) {
        const found = classify(entry.title ?? '', entry.text);
        for (const strong of found.filter((m) => m.ruleId.endsWith('-strong-evidence'))) {
          expect(found.some((m) => m.category === strong.category && !m.ruleId.endsWith('-strong-evidence'))).toBe(true);
        }
      }
    });

    it('gives evidence whose offsets point at the quoted text', () => {
      for (const entry of corpus) {
        for (const match of classify(entry.title ?? '', entry.text)) {
          expect(match.evidence.length).toBeGreaterThan(0);
          for (const e of match.evidence) {
            const field = e.field === 'title' ? (entry.title ?? '') : entry.text;
            expect(field.slice(e.start, e.end)).toBe(e.text);
            expect(e.snippet).toContain(`[[`);
          }
        }
      }
    });
  });

  describe('sample articles of the bundled demo (config/sample/articles)', () => {
    // Three of these were false positives before NEAR stayed within a sentence and NEAR
    // took a negated side: seafood (enforcement: "should have been repatriated by ... 2019.
    // The workers"), loyalty money (enforcement: payments "sent back to Pyongyang, leave
    // labourers"), Yanji (overstay: "in breach of resolution 2375. The workers were deported").
    const expected: Record<string, RuleCategory[]> = {
      'airline-loyalty.html': [],
      'builders-student-visas.html': ['visa-workaround'],
      'it-workers-fake-identities.html': ['it-workers-cyber'],
      'loyalty-money-sakhalin.html': ['loyalty-payment'],
      'missile-launch.html': [],
      'seafood-workers-stay.html': ['worker-overstay'],
      'tourist-overstays.html': [],
      'yanji-contracts-cancelled.html': ['repatriation-enforcement'],
    };

    it.each(Object.entries(expected))('%s gets exactly %j', (file, categories) => {
      const { title, text } = extractHtmlArticle(readFileSync(join(SAMPLE_DIR, file), 'utf8'));
      expect(sorted(categoriesOf(classify(title, text)))).toEqual(sorted(categories));
    });

    it('covers every sample article', () => {
      expect(readdirSync(SAMPLE_DIR).filter((f) => f.endsWith('.html')).sort()).toEqual(Object.keys(expected).sort());
    });
  });

  describe('seed articles', () => {
    it('get exactly their labelled categories', () => {
      if (!existsSync(SEEDS_DIR)) {
        console.warn(`Seed article tests NOT run: no seed folder at ${SEEDS_DIR}`);
        expect(existsSync(SEEDS_DIR)).toBe(false);
        return;
      }
      const labels = JSON.parse(readFileSync(join(SEEDS_DIR, 'labels.json'), 'utf8')) as Record<string, { labels: RuleCategory[] }>;
      const files = readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).sort();
      expect(files.length).toBeGreaterThan(0);
      const results = files.map((file) => {
        const { title, body } = splitSeed(readFileSync(join(SEEDS_DIR, file), 'utf8'));
        return { file, categories: sorted(categoriesOf(classify(title, body))) };
      });
      expect(results).toEqual(files.map((file) => ({ file, categories: sorted(labels[file]?.labels ?? []) })));
    });
  });
});

/**
 * A seed's first line is its title when it reads like one (short, no final full stop);
 * otherwise the whole file is body.
 */
function splitSeed(raw: string): { title: string; body: string } {
  const newline = raw.indexOf('\n');
  const first = (newline < 0 ? raw : raw.slice(0, newline)).trim();
  const looksLikeTitle = first.length > 0 && first.length <= 200 && !/[.!?]["\u201d]?$/.test(first);
  return looksLikeTitle ? { title: first, body: raw.slice(newline + 1) } : { title: '', body: raw };
}
