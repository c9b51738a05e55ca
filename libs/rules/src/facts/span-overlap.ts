import type { Span } from './facts.types';

interface HasSpan {
  span: Span;
}

function overlaps(a: Span, b: Span): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

/** Index of the first accepted span whose end is after `start` (accepted spans are disjoint and sorted). */
function firstEndingAfter(accepted: Span[], start: number): number {
  let lo = 0;
  let hi = accepted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (accepted[mid][1] <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorted, disjoint set of spans with a logarithmic overlap test. */
export class SpanSet {
  private readonly spans: Span[] = [];

  overlaps(span: Span): boolean {
    const i = firstEndingAfter(this.spans, span[0]);
    return i < this.spans.length && overlaps(this.spans[i], span);
  }

  /** Adds a span that does not overlap any span already in the set. */
  add(span: Span): void {
    this.spans.splice(firstEndingAfter(this.spans, span[0]), 0, span);
  }
}

/**
 * Keeps the longest of overlapping facts (the earliest on a tie), in document order.
 * Greedy by length, so in "A overlaps B overlaps C" with C longest, A survives when
 * it does not touch C.
 */
export function longestFirst<T extends HasSpan>(facts: T[]): T[] {
  if (facts.length < 2) return facts;
  // Usual case: nothing overlaps, and document order is all that is left to do.
  const byStart = [...facts].sort((a, b) => a.span[0] - b.span[0]);
  let disjoint = true;
  for (let i = 1; i < byStart.length && disjoint; i++) disjoint = byStart[i].span[0] >= byStart[i - 1].span[1];
  if (disjoint) return byStart;
  const byLength = facts
    .map((f, i) => ({ f, i }))
    .sort((a, b) => b.f.span[1] - b.f.span[0] - (a.f.span[1] - a.f.span[0]) || a.f.span[0] - b.f.span[0] || a.i - b.i);
  const kept = new SpanSet();
  const out: T[] = [];
  for (const { f } of byLength) {
    if (kept.overlaps(f.span)) continue;
    kept.add(f.span);
    out.push(f);
  }
  return out.sort((a, b) => a.span[0] - b.span[0]);
}

/** Drops the facts that overlap any span of `stronger`. */
export function withoutOverlaps<T extends HasSpan>(facts: T[], stronger: SpanSet): T[] {
  return facts.filter((f) => !stronger.overlaps(f.span));
}
