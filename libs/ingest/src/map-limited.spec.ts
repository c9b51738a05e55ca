import { mapLimited } from './map-limited';

describe('mapLimited', () => {
  it('keeps the items’ order when later ones finish first, and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 10, 2, 0];
    const out = await mapLimited(delays, 3, async (ms) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return ms * 2;
    });
    expect(out).toEqual(delays.map((d) => d * 2));
    expect(most).toBe(3);
  });

  it('handles no items and a limit above the item count', async () => {
    expect(await mapLimited([], 4, async (x: number) => x)).toEqual([]);
    expect(await mapLimited([1, 2], 10, async (x) => x + 1)).toEqual([2, 3]);
  });
});
