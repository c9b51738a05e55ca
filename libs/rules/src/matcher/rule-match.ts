import { CATEGORIES, RuleCategory, Severity } from '../rule-category.constants';

/** One piece of text that made a rule match. Offsets index the field exactly as stored. */
export interface Evidence {
  /** The query clause that matched, as written in the rule. */
  clause: string;
  field: 'title' | 'body';
  start: number;
  end: number;
  /** field.slice(start, end) */
  text: string;
  /** About 160 characters of context, the hit wrapped in [[ ]]. */
  snippet: string;
}

export interface RuleMatch {
  ruleId: string;
  version: number;
  category: RuleCategory;
  severity: Severity;
  score: number;
  evidence: Evidence[];
}

/** The distinct categories of some matches, in CATEGORIES order. */
export function categoriesOf(matches: ReadonlyArray<Pick<RuleMatch, 'category'>>): RuleCategory[] {
  const seen = new Set(matches.map((m) => m.category));
  return CATEGORIES.filter((c) => seen.has(c));
}
