/** Small deterministic PRNG (mulberry32): every run benchmarks the same corpus and rules. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export const pick = <T>(random: Random, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

export const between = (random: Random, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
