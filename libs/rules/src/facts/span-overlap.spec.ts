import type { Span } from './facts.types';
import { longestFirst, SpanSet, withoutOverlaps } from './span-overlap';

const f = (start: number, end: number) => ({ span: [start, end] as Span });

describe('span overlap', () => {
  it('keeps the longest of overlapping facts, in document order', () => {
    expect(longestFirst([f(0, 10), f(8, 19), f(17, 30)])).toEqual([f(0, 10), f(17, 30)]);
    expect(longestFirst([f(5, 9), f(0, 3), f(2, 5)])).toEqual([f(0, 3), f(5, 9)]);
  });

  it('keeps the earlier fact on a tie and touching spans both', () => {
    expect(longestFirst([f(4, 8), f(2, 6)])).toEqual([f(2, 6)]);
    expect(longestFirst([f(0, 4), f(4, 8)])).toEqual([f(0, 4), f(4, 8)]);
  });

  it('drops facts that overlap a stronger set', () => {
    const stronger = new SpanSet();
    stronger.add([10, 20]);
    stronger.add([30, 40]);
    expect(withoutOverlaps([f(0, 10), f(15, 25), f(20, 30), f(39, 41)], stronger)).toEqual([f(0, 10), f(20, 30)]);
  });
});
