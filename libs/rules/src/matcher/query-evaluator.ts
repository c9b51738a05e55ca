import type { Facts } from '../facts/facts.types';
import { BoolNode, Clause, FieldMask, PosNode } from './compiled-query';
import { FactHit, evaluateFact } from './fact-evaluator';
import { ArticleHits, Hit } from './term-index';

/** A clause that helped make the query true, with what it found. */
export interface SatisfiedClause {
  clause: Clause;
  /** Text hits per field [title, body]; null for fact conditions. */
  hits: [Hit[], Hit[]] | null;
  facts: FactHit[] | null;
}

/** Keeps pathological NEAR cross products (a common word NEAR another) bounded. */
const MAX_NEAR_HITS = 500;

const NONE: Hit[] = [];

/**
 * Evaluates compiled queries against one article's hits. NEAR results are memoised by
 * clause key, so rules sharing a proximity clause (the DPRK context, say) compute it once.
 */
export class ArticleEvaluator {
  private readonly memo = new Map<string, Hit[]>();

  constructor(
    private readonly hits: ArticleHits,
    private readonly facts: Facts,
  ) {}

  /**
   * True when the node holds within the fields of `mask`. Satisfied clauses are appended
   * to `out` only for parts that are true: every true branch of an OR (each is a distinct
   * cue), all children of a true AND, nothing from under NOT.
   */
  evaluate(node: BoolNode, mask: FieldMask, out: SatisfiedClause[]): boolean {
    switch (node.k) {
      case 'pos': {
        const title = mask & FieldMask.Title ? this.posHits(node.node, 0) : NONE;
        const body = mask & FieldMask.Body ? this.posHits(node.node, 1) : NONE;
        if (title.length === 0 && body.length === 0) return false;
        out.push({ clause: node.clause, hits: [title, body], facts: null });
        return true;
      }
      case 'and': {
        const local: SatisfiedClause[] = [];
        for (const c of node.children) if (!this.evaluate(c, mask, local)) return false;
        out.push(...local);
        return true;
      }
      case 'or': {
        let any = false;
        for (const c of node.children) if (this.evaluate(c, mask, out)) any = true;
        return any;
      }
      case 'not':
        return !this.evaluate(node.child, mask, []);
      case 'field':
        return this.evaluate(node.child, node.mask, out);
      case 'fact': {
        const found = evaluateFact(node.condition, this.facts);
        if (found.length === 0) return false;
        out.push({ clause: node.clause, hits: null, facts: found });
        return true;
      }
    }
  }

  private posHits(node: PosNode, field: 0 | 1): Hit[] {
    switch (node.k) {
      case 'unit':
        return this.hits.get(node.unit)?.[field] ?? NONE;
      case 'union': {
        const all = node.children.flatMap((c) => this.posHits(c, field));
        return all.sort((a, b) => a.t0 - b.t0 || a.t1 - b.t1);
      }
      case 'near': {
        const key = `${field}${node.key}`;
        let found = this.memo.get(key);
        if (!found) {
          found = nearHits(this.posHits(node.left, field), this.posHits(node.right, field), node.distance, node.ordered);
          this.memo.set(key, found);
        }
        return found;
      }
    }
  }
}

/**
 * Pairs of hits at most `distance` tokens apart (adjacent words are 1 apart), right after
 * left when `ordered`. Each pair becomes one hit spanning both, so proximity results can
 * themselves be NEAR operands. Overlap is tested on characters, not tokens, because two
 * Korean terms can sit inside one space-delimited word. Overlapping hits do not pair (a
 * word is not near itself), except that for NEAR a hit lying wholly inside the other
 * side's span counts as distance 0: in `workers NEAR/15 (told ONEAR/8 "to stay")`, the
 * workers of "told its workers to stay" are as near as can be.
 */
export function nearHits(left: Hit[], right: Hit[], distance: number, ordered: boolean): Hit[] {
  if (left.length === 0 || right.length === 0) return NONE;
  let longest = 0;
  for (const r of right) longest = Math.max(longest, r.t1 - r.t0);
  const out: Hit[] = [];
  const seen = new Set<string>();
  for (const l of left) {
    for (let j = lowerBound(right, l.t0 - distance - longest); j < right.length && right[j].t0 <= l.t1 + distance; j++) {
      const r = right[j];
      const after = r.c0 >= l.c1 && r.t0 - l.t1 <= distance;
      const before = !ordered && l.c0 >= r.c1 && l.t0 - r.t1 <= distance;
      const inside = !ordered && !(l.c0 === r.c0 && l.c1 === r.c1) && ((l.c0 >= r.c0 && l.c1 <= r.c1) || (r.c0 >= l.c0 && r.c1 <= l.c1));
      if (!after && !before && !inside) continue;
      const hit = { t0: Math.min(l.t0, r.t0), t1: Math.max(l.t1, r.t1), c0: Math.min(l.c0, r.c0), c1: Math.max(l.c1, r.c1) };
      const key = `${hit.c0}:${hit.c1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(hit);
      if (out.length >= MAX_NEAR_HITS) return out.sort((a, b) => a.t0 - b.t0);
    }
  }
  return out.sort((a, b) => a.t0 - b.t0);
}

function lowerBound(hits: Hit[], t0: number): number {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid].t0 < t0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
