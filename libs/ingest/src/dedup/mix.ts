const imul = Math.imul;

/** MurmurHash3's 32-bit finaliser: every output bit depends on every input bit. */
export function fmix32(x: number): number {
  x ^= x >>> 16;
  x = imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
