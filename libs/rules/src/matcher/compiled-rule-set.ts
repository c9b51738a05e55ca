import type { Facts } from '../facts/facts.types';
import type { RuleDefinition } from '../pack/rule-definition';
import { parseQuery } from '../query/query-parser';
import { QuerySyntaxError } from '../query/query-syntax.error';
import { CATEGORIES, RuleCategory, SEVERITIES, Severity } from '../rule-category.constants';
import { BoolNode, FieldMask, compileQuery, triggersOf, unitsOf } from './compiled-query';
import { FactHit } from './fact-evaluator';
import { tokenizeField } from './field-tokenizer';
import { ArticleEvaluator, SatisfiedClause } from './query-evaluator';
import { RuleCompileError } from './rule-compile.error';
import { Evidence, RuleMatch } from './rule-match';
import { buildSnippet } from './snippet';
import { ArticleHits, Hit, TermIndex } from './term-index';

export interface ArticleText {
  title: string;
  text: string;
}

interface CompiledRule {
  id: string;
  version: number;
  category: RuleCategory;
  severity: Severity;
  threshold: number;
  root: BoolNode;
}

/** Evidence kept per clause and per match: enough to show why, bounded for storage. */
const MAX_HITS_PER_CLAUSE = 3;
const MAX_EVIDENCE = 30;

/** Facts are extracted from `${title}\n\n${text}` (see ClassifierService). */
const FACTS_TITLE_SEPARATOR = '\n\n';

const SEVERITY_RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));

/**
 * Compiles all enabled rules together: one term index for every word, wildcard, CJK
 * string and phrase in any rule, and each rule filed under the units of which at least
 * one must occur for it to match. Disabled rules are skipped (not even parsed).
 */
export function compileRules(rules: readonly RuleDefinition[]): CompiledRuleSet {
  const index = new TermIndex();
  const compiled: CompiledRule[] = [];
  const byUnit = new Map<number, number[]>();
  const always: number[] = [];
  const seen = new Set<string>();

  const usage = new Map<number, number>();
  for (const def of rules) {
    if (def.enabled === false) continue;
    if (seen.has(def.id)) throw new RuleCompileError(def.id, 'duplicate rule id');
    seen.add(def.id);
    if (!(CATEGORIES as readonly string[]).includes(def.category)) {
      throw new RuleCompileError(def.id, `unknown category "${def.category}" (use ${CATEGORIES.join(', ')})`);
    }
    if (!SEVERITY_RANK.has(def.severity)) {
      throw new RuleCompileError(def.id, `unknown severity "${def.severity}" (use ${SEVERITIES.join(', ')})`);
    }
    let root: BoolNode;
    try {
      root = compileQuery(parseQuery(def.query), def.query, index);
    } catch (err) {
      if (err instanceof QuerySyntaxError) throw new RuleCompileError(def.id, err.message, err.position);
      throw err;
    }
    compiled.push({ id: def.id, version: def.version ?? 1, category: def.category, severity: def.severity, threshold: def.threshold ?? 1, root });
    for (const unit of unitsOf(root)) usage.set(unit, (usage.get(unit) ?? 0) + 1);
  }

  // No corpus statistics at compile time: a term used by many rules (the DPRK context)
  // is taken to be common, a term used by one rule (a specific cue) rare; phrases are
  // rarer than single words.
  const cost = (units: number[]) => units.reduce((sum, u) => sum + (usage.get(u) ?? 1) * (index.isPhrase(u) ? 0.5 : 1), 0);
  compiled.forEach((rule, position) => {
    const triggers = triggersOf(rule.root, cost);
    if (!triggers) {
      always.push(position);
      return;
    }
    for (const unit of triggers) {
      const list = byUnit.get(unit) ?? [];
      list.push(position);
      byUnit.set(unit, list);
    }
  });
  // Looked up once per unit an article contains: an array by unit, not a Map.
  const filed: Array<number[] | undefined> = new Array<number[] | undefined>(index.size).fill(undefined);
  for (const [unit, list] of byUnit) filed[unit] = list;
  return new CompiledRuleSet(index, compiled, filed, always);
}

/**
 * Score: each distinct clause (term, phrase, wildcard, NEAR expression, fact condition)
 * that helped make the query true counts its weight (1 unless changed with ^n) once,
 * however often it occurs, doubled when it occurs in the title. Negated clauses never
 * count. A rule matches when its query is true and score >= threshold.
 *
 * classify() is synchronous and reuses scratch tables of the set between articles (the
 * per-unit hit table, the candidate marks), so one set classifies one article at a time:
 * fine in Node's single thread; a worker thread needs its own compiled set.
 */
export class CompiledRuleSet {
  private readonly marked: Uint8Array;

  constructor(
    private readonly index: TermIndex,
    private readonly rules: readonly CompiledRule[],
    private readonly byUnit: ReadonlyArray<number[] | undefined>,
    private readonly always: readonly number[],
  ) {
    this.marked = new Uint8Array(rules.length);
  }

  get size(): number {
    return this.rules.length;
  }

  get ruleIds(): string[] {
    return this.rules.map((r) => r.id);
  }

  /** Distinct words, wildcards, CJK strings and phrases across all rules. */
  get termCount(): number {
    return this.index.size;
  }

  classify(input: ArticleText, facts: Facts): RuleMatch[] {
    const article = { title: input.title ?? '', text: input.text ?? '' };
    const { hits, candidates } = this.prepare(article);
    try {
      return this.evaluate(article, hits, candidates, facts);
    } finally {
      hits.release();
    }
  }

  private evaluate(article: ArticleText, hits: ArticleHits, candidates: number[], facts: Facts): RuleMatch[] {
    const evaluator = new ArticleEvaluator(hits, facts);
    // Rules matching one article quote the same hits (the DPRK context above all).
    const snippets = new Map<string, string>();
    const matches: RuleMatch[] = [];
    for (const position of candidates) {
      const rule = this.rules[position];
      const satisfied: SatisfiedClause[] = [];
      if (!evaluator.evaluate(rule.root, FieldMask.Both, satisfied)) continue;
      const { score, evidence } = summarise(satisfied, article, snippets);
      if (score < rule.threshold) continue;
      matches.push({ ruleId: rule.id, version: rule.version, category: rule.category, severity: rule.severity, score, evidence });
    }
    return matches.sort(
      (a, b) => SEVERITY_RANK.get(b.severity)! - SEVERITY_RANK.get(a.severity)! || b.score - a.score || a.ruleId.localeCompare(b.ruleId),
    );
  }

  /** The rules an article would evaluate (for benchmarks and tests of the trigger index). */
  candidateRuleIds(article: ArticleText): string[] {
    const { hits, candidates } = this.prepare(article);
    hits.release();
    return candidates.map((p) => this.rules[p].id);
  }

  private prepare(article: ArticleText) {
    const hits = this.index.match([tokenizeField(article.title ?? ''), tokenizeField(article.text ?? '')]);
    // Rules are evaluated in pack order; with many rules only a few are candidates, so
    // they are collected and sorted rather than found by scanning every rule. The marks
    // are cleared again before returning (classify is synchronous, so they can be shared).
    const marked = this.marked;
    const candidates: number[] = [...this.always];
    for (const p of candidates) marked[p] = 1;
    for (const unit of hits.keys()) {
      const filed = this.byUnit[unit];
      if (!filed) continue;
      for (const p of filed) {
        if (marked[p]) continue;
        marked[p] = 1;
        candidates.push(p);
      }
    }
    for (const p of candidates) marked[p] = 0;
    candidates.sort((a, b) => a - b);
    return { hits, candidates };
  }
}

function summarise(satisfied: SatisfiedClause[], article: ArticleText, snippets: Map<string, string>): { score: number; evidence: Evidence[] } {
  // Merge repeats of one clause (same key) so it counts once, with its highest weight.
  const merged = new Map<string, { text: string; weight: number; hits: [Hit[], Hit[]]; facts: FactHit[] }>();
  for (const s of satisfied) {
    let entry = merged.get(s.clause.key);
    if (!entry) {
      entry = { text: s.clause.text, weight: s.clause.weight, hits: [[], []], facts: [] };
      merged.set(s.clause.key, entry);
    }
    entry.weight = Math.max(entry.weight, s.clause.weight);
    if (s.hits) {
      entry.hits[0].push(...s.hits[0]);
      entry.hits[1].push(...s.hits[1]);
    }
    if (s.facts) entry.facts.push(...s.facts);
  }

  let score = 0;
  const evidence: Array<Evidence & { cue: boolean }> = [];
  const spans = new Set<string>();
  let cue = true;
  const add = (clause: string, field: 'title' | 'body', start: number, end: number): boolean => {
    const key = `${field}:${start}:${end}`;
    if (spans.has(key) || evidence.length >= MAX_EVIDENCE) return false;
    spans.add(key);
    const text = field === 'title' ? article.title : article.text;
    let snippet = snippets.get(key);
    if (snippet === undefined) snippets.set(key, (snippet = buildSnippet(text, start, end)));
    evidence.push({ clause, field, start, end, text: text.slice(start, end), snippet, cue });
    return true;
  };

  for (const entry of merged.values()) score += entry.weight * (entry.hits[0].length > 0 ? 2 : 1);

  // Scoring clauses first, so context clauses weighted ^0 (often many synonyms) can
  // never crowd the cues out of the evidence cap; context gets one hit per clause.
  const entries = [...merged.values()].sort((a, b) => Number(b.weight > 0) - Number(a.weight > 0));
  for (const entry of entries) {
    cue = entry.weight > 0;
    let room = cue ? MAX_HITS_PER_CLAUSE : 1;
    for (const [field, list] of [['title', entry.hits[0]], ['body', entry.hits[1]]] as const) {
      for (const h of tightest(list, room)) if (add(entry.text, field, h.c0, h.c1)) room--;
    }
    for (const fact of entry.facts) {
      if (room <= 0) break;
      const at = locateFact(fact, article);
      if (at && add(entry.text, at.field, at.start, at.start + fact.text.length)) room--;
    }
  }
  // Cues before context, each in reading order (title first): a digest that shows only the
  // first item shows why the rule matched, not just that North Korea was mentioned.
  evidence.sort((a, b) => Number(b.cue) - Number(a.cue) || (a.field === b.field ? a.start - b.start : a.field === 'title' ? -1 : 1));
  return { score: Math.round(score * 100) / 100, evidence: evidence.map(({ cue: _cue, ...e }) => e) };
}

/**
 * Up to `count` hits that do not overlap, shortest first: a NEAR clause yields every
 * pair within range, and the tight pairs are the readable evidence.
 */
function tightest(hits: Hit[], count: number): Hit[] {
  if (count <= 0) return [];
  const picked: Hit[] = [];
  for (const h of [...hits].sort((a, b) => a.c1 - a.c0 - (b.c1 - b.c0) || a.c0 - b.c0)) {
    if (picked.length >= count) break;
    if (picked.every((p) => h.c1 <= p.c0 || h.c0 >= p.c1)) picked.push(h);
  }
  return picked;
}

/**
 * Where a fact's text is in the article. Facts are normally extracted from title and
 * body joined by a blank line; other callers may have used the body alone, so each
 * layout is checked against the fact's own text before it is trusted.
 */
function locateFact(fact: FactHit, article: ArticleText): { field: 'title' | 'body'; start: number } | null {
  const { text } = fact;
  if (!text) return null;
  const [s] = fact.span ?? [-1, -1];
  const bodyOffset = article.title.length + FACTS_TITLE_SEPARATOR.length;
  if (s >= bodyOffset && article.text.startsWith(text, s - bodyOffset)) return { field: 'body', start: s - bodyOffset };
  if (s >= 0 && s < article.title.length && article.title.startsWith(text, s)) return { field: 'title', start: s };
  if (s >= 0 && article.text.startsWith(text, s)) return { field: 'body', start: s };
  const inBody = article.text.indexOf(text);
  if (inBody >= 0) return { field: 'body', start: inBody };
  const inTitle = article.title.indexOf(text);
  return inTitle >= 0 ? { field: 'title', start: inTitle } : null;
}
