import { CJK_SHINGLE_SIZE, WORD_SHINGLE_SIZE, scanUnits, unitRunSpans } from './shingles';
import { fmix32 } from './mix';

/**
 * Version of the shingle hashing below, stored with each article's SimHash
 * and story keys (Article.fingerprintVersion): fingerprints of different
 * versions do not compare, so rows of an older one are fingerprinted again
 * (IngestService.refreshStoredFingerprints). Bump it with any change to
 * shingleHashes, the shingling or the key functions.
 */
export const FINGERPRINT_VERSION = 2;

/**
 * The distinct shingles of a text (see shingles.ts) as 64-bit hashes, in two
 * 32-bit halves: what both SimHash and the MinHash story keys are computed
 * from, so a text is shingled and hashed once for both.
 */
export interface ShingleHashes {
  hi: Uint32Array;
  lo: Uint32Array;
  /** How many distinct shingles; the arrays may be longer. */
  count: number;
}

const imul = Math.imul;

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

/**
 * Each unit (word, number or CJK character) is hashed once, to two
 * independent 32-bit values (FNV-1a 32 over its UTF-16 code units with two
 * primes and bases, each finalised); a shingle's 64-bit hash chains its
 * units' values in order (rotate, xor, multiply, as MurmurHash3 mixes its
 * blocks) and finalises each half. Hashing every shingle's bytes afresh
 * (fingerprint version 1, FNV-1a 64 in emulated 64-bit arithmetic) read each
 * word three times and was a sixth of ingestion's time.
 */
export function shingleHashes(text: string): ShingleHashes {
  const scan = scanUnits(text);
  const { norm, start, end } = scan;
  const { unitA, unitB } = unitHashArrays(scan.count);
  for (let u = 0; u < scan.count; u++) {
    let a = 0x811c9dc5;
    let b = 0x050c5d1f;
    for (let i = start[u]!; i < end[u]!; i++) {
      const c = norm.charCodeAt(i);
      if (c === 0x2e || c === 0x2c) continue; // a number's separators (see unitText)
      a = imul(a ^ c, 0x01000193);
      b = imul(b ^ c, 0x5bd1e995);
    }
    unitA[u] = fmix32(a);
    unitB[u] = fmix32(b);
  }
  let windows = 0;
  for (const run of unitRunSpans(scan)) {
    const size = run.cjk ? CJK_SHINGLE_SIZE : WORD_SHINGLE_SIZE;
    windows += Math.max(1, run.to - run.from - size + 1);
  }
  const hi = new Uint32Array(windows);
  const lo = new Uint32Array(windows);
  // Distinct shingles by 53 bits of their hash (a collision between two of an
  // article's few thousand shingles has odds around 1 in 10^9), found with an
  // open-addressing table of indexes into hi/lo: a Set of the 53-bit numbers
  // was a third of the time.
  const mask = tableSize(windows) - 1;
  const table = emptyTable(mask + 1); // index + 1 of a stored shingle; 0 is empty
  let count = 0;
  for (const run of unitRunSpans(scan)) {
    const size = run.cjk ? CJK_SHINGLE_SIZE : WORD_SHINGLE_SIZE;
    const length = run.to - run.from;
    const runWindows = length <= size ? 1 : length - size + 1;
    const width = Math.min(size, length);
    // Word and CJK shingles start from different seeds, as do shingles of different widths.
    const seed = (run.cjk ? 0x9e3779b9 : 0x7f4a7c15) ^ width;
    for (let i = run.from; i < run.from + runWindows; i++) {
      let h = seed;
      let l = ~seed;
      for (let j = 0; j < width; j++) {
        h = imul(rotl(h, 13) ^ unitA[i + j]!, 0x85ebca6b);
        l = imul(rotl(l, 15) ^ unitB[i + j]!, 0xc2b2ae35);
      }
      h = fmix32(h);
      l = fmix32(l);
      const key53 = h & 0x1fffff;
      let slot = l & mask;
      let found = false;
      for (let at = table[slot]!; at !== 0; at = table[slot]!) {
        if (lo[at - 1] === l && (hi[at - 1]! & 0x1fffff) === key53) {
          found = true;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (found) continue;
      hi[count] = h;
      lo[count] = l;
      table[slot] = ++count;
    }
  }
  return { hi, lo, count };
}

/*
 * Scratch arrays shingleHashes reuses (see scanUnits): allocating them for
 * every text made the garbage collector run more often. Only the result's
 * hi/lo are new each time.
 */
const SCRATCH_MAX = 1 << 17;
let unitScratch = { unitA: new Uint32Array(2048), unitB: new Uint32Array(2048) };
let tableScratch = new Int32Array(4096);

function unitHashArrays(units: number): typeof unitScratch {
  if (units > SCRATCH_MAX) return { unitA: new Uint32Array(units), unitB: new Uint32Array(units) };
  if (unitScratch.unitA.length < units) unitScratch = { unitA: new Uint32Array(tableSize(units)), unitB: new Uint32Array(tableSize(units)) };
  return unitScratch;
}

function emptyTable(size: number): Int32Array {
  if (size > 2 * SCRATCH_MAX) return new Int32Array(size);
  if (tableScratch.length < size) tableScratch = new Int32Array(size);
  const table = tableScratch.subarray(0, size);
  table.fill(0);
  return table;
}

/** A power of two at least twice `n`: the table stays at most half full. */
function tableSize(n: number): number {
  let size = 16;
  while (size < 2 * n) size *= 2;
  return size;
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
