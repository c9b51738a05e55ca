import { extractFacts, type Facts, type Span } from './index';

/**
 * Runs extractFacts and checks the invariants every result must keep, whatever the
 * input: each span points at exactly its text, and each list is in document order
 * with no two facts of a kind overlapping.
 */
export function extract(text: string, published?: string): Facts {
  const facts = extractFacts(text, { published: published ? new Date(`${published}T00:00:00Z`) : null });
  for (const list of Object.values(facts) as { text: string; span: Span }[][]) {
    let previousEnd = 0;
    for (const f of list) {
      expect(text.slice(f.span[0], f.span[1])).toBe(f.text);
      expect(f.span[0]).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = f.span[1];
    }
  }
  return facts;
}

/** The facts without their spans, for compact expectations (spans are checked by `extract`). */
export function withoutSpans<T extends { span: Span }>(facts: T[]): Omit<T, 'span'>[] {
  return facts.map(({ span: _span, ...rest }) => rest);
}
