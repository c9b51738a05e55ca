/**
 * 64-bit hashing of short strings (shingles) for SimHash, in two 32-bit
 * halves: BigInt arithmetic per byte would be ~50x slower, and an article has
 * thousands of shingles.
 *
 * FNV-1a 64 over the UTF-8 bytes, then MurmurHash3's fmix64 finaliser. The
 * finaliser matters: FNV multiplies only carry upwards, so bit 0 of a plain
 * FNV-1a hash is the parity of the bytes' low bits and the low bits of similar
 * shingles are correlated, which would bias the SimHash bits that come from
 * them. After fmix64 every output bit depends on every input bit.
 *
 * Stored simhashes depend on these exact functions: changing either (or the
 * shingling) means recomputing Article.simhash for every row.
 */

const TWO_32 = 4294967296;
/**
 * Module-local: under jest every global (Math included) is looked up through
 * the test sandbox's context on each call, which made this loop over ten times slower.
 */
const imul = Math.imul;

/** A 64-bit value as its unsigned high and low halves. */
export interface Hash64 {
  hi: number;
  lo: number;
}

/** Scratch space for one code point's UTF-8 bytes. */
const utf8 = new Uint8Array(4);

/** Sets `h` to the FNV-1a 64 offset basis: the hash of nothing, ready for fnv1a64Update. */
export function fnv1a64Init(h: Hash64): Hash64 {
  h.hi = 0xcbf29ce4;
  h.lo = 0x84222325;
  return h;
}

/** FNV-1a 64 of the string's UTF-8 bytes, written into `out` (no allocation in the hot loop). */
export function fnv1a64Into(text: string, out: Hash64): Hash64 {
  return fnv1a64Update(fnv1a64Init(out), text);
}

/**
 * Feeds the string's UTF-8 bytes into the running hash `h`. FNV is a byte
 * stream, so feeding "a", " ", "b" gives the hash of "a b": SimHash hashes a
 * shingle from its words without building the shingle string.
 */
export function fnv1a64Update(h: Hash64, text: string): Hash64 {
  let hi = h.hi;
  let lo = h.lo;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    let n: number;
    if (c < 0x80) {
      utf8[0] = c;
      n = 1;
    } else if (c < 0x800) {
      utf8[0] = 0xc0 | (c >> 6);
      utf8[1] = 0x80 | (c & 0x3f);
      n = 2;
    } else if (c < 0x10000) {
      utf8[0] = 0xe0 | (c >> 12);
      utf8[1] = 0x80 | ((c >> 6) & 0x3f);
      utf8[2] = 0x80 | (c & 0x3f);
      n = 3;
    } else {
      utf8[0] = 0xf0 | (c >> 18);
      utf8[1] = 0x80 | ((c >> 12) & 0x3f);
      utf8[2] = 0x80 | ((c >> 6) & 0x3f);
      utf8[3] = 0x80 | (c & 0x3f);
      n = 4;
    }
    for (let k = 0; k < n; k++) {
      // xor the byte in, then multiply by the FNV prime 2^40 + 0x1b3. Modulo
      // 2^64 that is lo*0x1b3 + hi*0x1b3*2^32 + lo*2^40; every partial product
      // stays below 2^53, so doubles compute it exactly.
      lo = (lo ^ utf8[k]!) >>> 0;
      const product = lo * 0x1b3;
      hi = (imul(hi, 0x1b3) + ((product / TWO_32) | 0) + (lo << 8)) >>> 0; // product < 2^41: | 0 floors
      lo = product >>> 0;
    }
  }
  h.hi = hi;
  h.lo = lo;
  return h;
}

/** Plain FNV-1a 64 (no finaliser), as an unsigned bigint: for checking against the published test vectors. */
export function fnv1a64(text: string): bigint {
  const h = fnv1a64Into(text, { hi: 0, lo: 0 });
  return (BigInt(h.hi) << 32n) | BigInt(h.lo);
}

/** High 32 bits of the 64-bit product of two unsigned 32-bit values. */
function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const mid1 = a1 * b0;
  const mid2 = a0 * b1;
  const cross = ((a0 * b0) >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff);
  return (a1 * b1 + (mid1 >>> 16) + (mid2 >>> 16) + (cross >>> 16)) >>> 0;
}

/** (hi, lo) * (bh, bl) modulo 2^64, in place. */
function mul64(h: Hash64, bh: number, bl: number): void {
  const hi = (mulHi32(h.lo, bl) + imul(h.lo, bh) + imul(h.hi, bl)) >>> 0;
  h.lo = imul(h.lo, bl) >>> 0;
  h.hi = hi;
}

/** MurmurHash3's fmix64, in place: k ^= k >>> 33 only touches the low half, with hi >>> 1. */
export function fmix64(h: Hash64): Hash64 {
  h.lo = (h.lo ^ (h.hi >>> 1)) >>> 0;
  mul64(h, 0xff51afd7, 0xed558ccd);
  h.lo = (h.lo ^ (h.hi >>> 1)) >>> 0;
  mul64(h, 0xc4ceb9fe, 0x1a85ec53);
  h.lo = (h.lo ^ (h.hi >>> 1)) >>> 0;
  return h;
}

/** The shingle hash SimHash uses, as an unsigned bigint (for tests and tools; the hot path uses the halves). */
export function hash64(text: string): bigint {
  const h = fmix64(fnv1a64Into(text, { hi: 0, lo: 0 }));
  return (BigInt(h.hi) << 32n) | BigInt(h.lo);
}
