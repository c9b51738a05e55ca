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
  /** Proximity and OR-group hits per field, by clause key: rules share them (the DPRK names, the worker words). */
  private readonly memo: [Map<string, Hit[]>, Map<string, Hit[]>] = [new Map(), new Map()];

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
    if (node.k === 'unit') return this.hits.get(node.unit)?.[field] ?? NONE;
    const memo = this.memo[field];
    let found = memo.get(node.key);
    if (found) return found;
    if (node.k === 'union') {
      const lists = node.children.map((c) => this.posHits(c, field)).filter((l) => l.length > 0);
      found = lists.length === 0 ? NONE : lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => a.t0 - b.t0 || a.t1 - b.t1);
    } else {
      const left = this.posHits(node.left, field);
      const right = this.posHits(node.right, field);
      found =
        node.exclude === 'left'
          ? hitsWithout(right, left, node.distance, (kept, excluded) => near(excluded, kept, node.distance, node.ordered))
          : node.exclude === 'right'
            ? hitsWithout(left, right, node.distance, (kept, excluded) => near(kept, excluded, node.distance, node.ordered))
            : nearHits(left, right, node.distance, node.ordered);
    }
    memo.set(node.key, found);
    return found;
  }
}

/**
 * Whether `left` and `right` are near: in one sentence, at most `distance` tokens apart
 * (adjacent words are 1 apart), `right` after `left` when `ordered`. Overlap is tested on
 * characters, not tokens, because two Korean terms can sit inside one space-delimited
 * word. Overlapping hits are not near (a word is not near itself), except that for NEAR
 * a hit lying wholly inside the other side's span counts as distance 0: in
 * `workers NEAR/15 (told ONEAR/8 "to stay")`, the workers of "told its workers to stay"
 * are as near as can be.
 */
function near(l: Hit, r: Hit, distance: number, ordered: boolean): boolean {
  if (l.s !== r.s) return false;
  if (r.c0 >= l.c1 && r.t0 - l.t1 <= distance) return true;
  if (ordered) return false;
  if (l.c0 >= r.c1 && l.t0 - r.t1 <= distance) return true;
  return !(l.c0 === r.c0 && l.c1 === r.c1) && ((l.c0 >= r.c0 && l.c1 <= r.c1) || (r.c0 >= l.c0 && r.c1 <= l.c1));
}

/**
 * Pairs of hits that are near (see `near`). Each pair becomes one hit spanning both, so
 * proximity results can themselves be NEAR operands.
 */
export function nearHits(left: Hit[], right: Hit[], distance: number, ordered: boolean): Hit[] {
  if (left.length === 0 || right.length === 0) return NONE;
  const longest = longestSpan(right);
  const out: Hit[] = [];
  const seen = new Set<string>();
  for (const l of left) {
    for (let j = lowerBound(right, l.t0 - distance - longest); j < right.length && right[j].t0 <= l.t1 + distance; j++) {
      const r = right[j];
      if (!near(l, r, distance, ordered)) continue;
      const hit = { t0: Math.min(l.t0, r.t0), t1: Math.max(l.t1, r.t1), c0: Math.min(l.c0, r.c0), c1: Math.max(l.c1, r.c1), s: l.s };
      const key = `${hit.c0}:${hit.c1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(hit);
      if (out.length >= MAX_NEAR_HITS) return out.sort((a, b) => a.t0 - b.t0);
    }
  }
  return out.sort((a, b) => a.t0 - b.t0);
}

/**
 * Local negation, `a ONEAR/n NOT b` or `(NOT b) ONEAR/n a`: the hits of the present side
 * that have no hit of the excluded side near them. Unlike `a AND NOT b`, one "should
 * have been repatriated" elsewhere does not hide a real "were repatriated".
 */
function hitsWithout(kept: Hit[], excluded: Hit[], distance: number, isNear: (kept: Hit, excluded: Hit) => boolean): Hit[] {
  if (kept.length === 0 || excluded.length === 0) return kept;
  const reach = distance + longestSpan(excluded) + longestSpan(kept);
  const out = kept.filter((k) => {
    for (let j = lowerBound(excluded, k.t0 - reach); j < excluded.length && excluded[j].t0 <= k.t1 + reach; j++) {
      if (isNear(k, excluded[j])) return false;
    }
    return true;
  });
  return out.length === 0 ? NONE : out;
}

function longestSpan(hits: Hit[]): number {
  let longest = 0;
  for (const h of hits) longest = Math.max(longest, h.t1 - h.t0);
  return longest;
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
