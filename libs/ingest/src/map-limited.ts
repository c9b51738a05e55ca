/**
 * Runs `work` on each item, at most `limit` at a time, and gives the results
 * in the items' order whatever order they finish in. `work` should not
 * reject: the first rejection rejects the whole, with the other items' work
 * left running.
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
