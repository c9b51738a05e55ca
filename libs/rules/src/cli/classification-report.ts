import { extractFacts } from '../facts';
import type { Facts } from '../facts/facts.types';
import type { CompiledRuleSet } from '../matcher/compiled-rule-set';
import { categoriesOf } from '../matcher/rule-match';
import type { RuleCategory, Severity } from '../rule-category.constants';
import type { ArticleFile } from './article-file.reader';

export interface ReportEvidence {
  field: 'title' | 'body';
  start: number;
  end: number;
  text: string;
  snippet: string;
  /** The query clause that found it, as written in the rule. */
  clause: string;
}

export interface ReportMatch {
  ruleId: string;
  category: RuleCategory;
  severity: Severity;
  score: number;
  evidence: ReportEvidence[];
}

/** What `classify --json` prints for one file (one JSON object per line). */
export interface ClassificationReport {
  file: string;
  title: string;
  source?: string;
  date?: string;
  categories: RuleCategory[];
  matches: ReportMatch[];
  facts: Facts;
}

/** Extracts the facts and runs the rules, as the classifier does for stored articles. */
export function classifyArticle(set: CompiledRuleSet, article: ArticleFile): ClassificationReport {
  const facts = extractFacts(`${article.title}\n\n${article.text}`, { published: article.date ?? null });
  const matches = set.classify({ title: article.title, text: article.text }, facts);
  return {
    file: article.file,
    title: article.title,
    ...(article.source !== undefined ? { source: article.source } : {}),
    ...(article.date !== undefined ? { date: article.date.toISOString() } : {}),
    categories: categoriesOf(matches),
    matches: matches.map((m) => ({
      ruleId: m.ruleId,
      category: m.category,
      severity: m.severity,
      score: m.score,
      evidence: m.evidence.map((e) => ({ field: e.field, start: e.start, end: e.end, text: e.text, snippet: e.snippet, clause: e.clause })),
    })),
    facts,
  };
}

/** Evidence lines shown per rule in the readable report. */
const SNIPPETS_PER_RULE = 3;

/** The readable report of one file: categories, each rule with its best snippets, key facts. */
export function formatReport(r: ClassificationReport): string {
  const lines = [`== ${r.file}`, `Title: ${r.title || '(none)'}`];
  if (r.source) lines.push(`Source: ${r.source}`);
  if (r.date) lines.push(`Date: ${r.date.slice(0, 10)}`);
  lines.push(`Categories: ${r.categories.length ? r.categories.join(', ') : 'none (no rule matched)'}`);
  for (const m of r.matches) {
    lines.push(`  [${m.severity}] ${m.ruleId}  ${m.category}, score ${m.score}`);
    // Evidence comes cues first (see CompiledRuleSet), so the first items say why it matched;
    // a hit inside one already shown ("workers" in "workers were deported") adds nothing.
    const shown: ReportEvidence[] = [];
    for (const e of m.evidence) {
      if (shown.length === SNIPPETS_PER_RULE) break;
      if (shown.some((s) => s.field === e.field && s.start <= e.start && e.end <= s.end)) continue;
      shown.push(e);
      lines.push(`      ${e.field.padEnd(5)} ${e.snippet}`);
    }
  }
  const facts = summariseFacts(r.facts);
  if (facts.length) lines.push('Facts:', ...facts.map((f) => `  ${f}`));
  return lines.join('\n');
}

const uniq = (xs: string[]) => [...new Set(xs)];
const number = (n: number) => n.toLocaleString('en-US');

/** One line per kind of fact found. */
export function summariseFacts(f: Facts): string[] {
  const lines: string[] = [];
  const add = (label: string, values: string[], max: number) => {
    const list = uniq(values);
    if (list.length) lines.push(`${label}: ${list.slice(0, max).join(', ')}${list.length > max ? ', …' : ''}`);
  };
  add('places', f.places.map((p) => `${p.name} (${[p.country, p.region].filter(Boolean).join(', ')})`), 8);
  add('workers', f.workerCounts.map((w) => `${w.approximate ? '~' : ''}${number(w.value)}`), 6);
  add('amounts', f.amounts.map((a) => `${number(a.value)} ${a.currency}${a.per ? ` ${a.per}` : ''}`), 6);
  add('resolutions', f.resolutions.map((r) => r.number), 6);
  add('visas', f.visas.map((v) => v.type), 6);
  add('deadlines', f.dates.filter((d) => d.kind === 'deadline').map((d) => d.iso ?? d.text), 4);
  add('dates', f.dates.filter((d) => d.kind === 'date').map((d) => d.iso ?? d.text), 6);
  return lines;
}
