import { Hash64, fmix64, fnv1a64Init, fnv1a64Into, fnv1a64Update } from './hash64';
import { CJK_SHINGLE_SIZE, WORD_SHINGLE_SIZE, unitRuns } from './shingles';

/**
 * The distinct shingles of a text (see shingles.ts) as 64-bit hashes, in two
 * 32-bit halves: what both SimHash and the MinHash story keys are computed
 * from, so a text is shingled and hashed once for both. Each shingle's hash is
 * hash64 of its string as shingles() spells it (words joined by a space, CJK
 * characters by nothing), computed word by word without building the string:
 * a Set of shingle strings was two thirds of the time.
 */
export interface ShingleHashes {
  hi: Uint32Array;
  lo: Uint32Array;
  /** How many distinct shingles; the arrays may be longer. */
  count: number;
}

export function shingleHashes(text: string): ShingleHashes {
  // Distinct shingles by 53 bits of their hash: a collision between two of an
  // article's few thousand shingles has odds around 1 in 10^9.
  const seen = new Set<number>();
  let hi: Uint32Array = new Uint32Array(256);
  let lo: Uint32Array = new Uint32Array(256);
  let count = 0;
  const h: Hash64 = { hi: 0, lo: 0 };
  for (const run of unitRuns(text)) {
    const size = run.cjk ? CJK_SHINGLE_SIZE : WORD_SHINGLE_SIZE;
    const sep = run.cjk ? '' : ' ';
    const u = run.units;
    const windows = u.length <= size ? 1 : u.length - size + 1;
    const width = Math.min(size, u.length);
    for (let i = 0; i < windows; i++) {
      fnv1a64Init(h);
      for (let j = 0; j < width; j++) {
        if (j > 0 && sep) fnv1a64Update(h, sep);
        fnv1a64Update(h, u[i + j]!);
      }
      fmix64(h);
      const key = (h.hi & 0x1fffff) * 4294967296 + h.lo;
      if (seen.has(key)) continue;
      seen.add(key);
      if (count === hi.length) {
        hi = grow(hi);
        lo = grow(lo);
      }
      hi[count] = h.hi;
      lo[count] = h.lo;
      count++;
    }
  }
  return { hi, lo, count };
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Charikar's SimHash of the text's distinct shingles, each weighted 1: texts
 * sharing most shingles get hashes a few bits apart, so near-duplicates can
 * be found with a Hamming-distance query instead of comparing texts. Distinct
 * shingles rather than counts, so that the hash tracks the same set
 * resemblance that shingleJaccard measures exactly.
 *
 * Returned as a signed 64-bit bigint, the way PostgreSQL's BIGINT (and Prisma's
 * BigInt) stores it; an empty text hashes to 0.
 */
export function simhash64(text: string): bigint {
  return simhashOfHashes(shingleHashes(text));
}

/** SimHash from a text's shingle hashes (shingleHashes). */
export function simhashOfHashes(hashes: ShingleHashes): bigint {
  const votes = new Int32Array(64);
  for (let i = 0; i < hashes.count; i++) vote(votes, hashes.hi[i]!, hashes.lo[i]!);
  return fromVotes(votes, hashes.count);
}

/** SimHash of an already shingled text; the same value simhash64 gives for the text. */
export function simhashOfShingles(set: ReadonlySet<string>): bigint {
  const votes = new Int32Array(64);
  const h: Hash64 = { hi: 0, lo: 0 };
  for (const s of set) {
    fmix64(fnv1a64Into(s, h));
    vote(votes, h.hi, h.lo);
  }
  return fromVotes(votes, set.size);
}

function vote(votes: Int32Array, hi: number, lo: number): void {
  for (let bit = 0; bit < 32; bit++) {
    votes[bit]! += (lo & 1) * 2 - 1;
    votes[bit + 32]! += (hi & 1) * 2 - 1;
    lo >>>= 1;
    hi >>>= 1;
  }
}

function fromVotes(votes: Int32Array, features: number): bigint {
  if (features === 0) return 0n;
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (votes[bit]! > 0) lo |= 1 << bit;
    if (votes[bit + 32]! > 0) hi |= 1 << bit;
  }
  return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Bits in which two simhashes differ, signed or unsigned alike. PostgreSQL: bit_count((a # b)::bit(64)). */
export function hammingDistance(a: bigint, b: bigint): number {
  const x = BigInt.asUintN(64, a ^ b);
  return popcount32(Number(x & 0xffffffffn)) + popcount32(Number(x >> 32n));
}
