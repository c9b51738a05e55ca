import { Hash64, fmix64, fnv1a64Into } from './hash64';
import { CJK_SHINGLE_SIZE, WORD_SHINGLE_SIZE, scanUnits, unitRunSpans } from './shingles';

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
  const scan = scanUnits(text);
  const { norm, start, end } = scan;
  // Each window's hash starts with its first unit hashed from FNV's basis:
  // hashed once per unit here, not once per window it opens.
  const firstHi = new Uint32Array(scan.count);
  const firstLo = new Uint32Array(scan.count);
  for (let u = 0; u < scan.count; u++) {
    feedSpan(norm, start[u]!, end[u]!, BASIS_HI, BASIS_LO, -1);
    firstHi[u] = fed[0]!;
    firstLo[u] = fed[1]!;
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
  const table = new Int32Array(mask + 1); // index + 1 of a stored shingle; 0 is empty
  let count = 0;
  const h: Hash64 = { hi: 0, lo: 0 };
  for (const run of unitRunSpans(scan)) {
    const size = run.cjk ? CJK_SHINGLE_SIZE : WORD_SHINGLE_SIZE;
    const length = run.to - run.from;
    const runWindows = length <= size ? 1 : length - size + 1;
    const width = Math.min(size, length);
    const separator = run.cjk ? -1 : 0x20; // words are joined by a space, CJK characters by nothing
    for (let i = run.from; i < run.from + runWindows; i++) {
      h.hi = firstHi[i]!;
      h.lo = firstLo[i]!;
      for (let j = 1; j < width; j++) {
        feedSpan(norm, start[i + j]!, end[i + j]!, h.hi, h.lo, separator);
        h.hi = fed[0]!;
        h.lo = fed[1]!;
      }
      fmix64(h);
      const key53 = h.hi & 0x1fffff;
      let slot = h.lo & mask; // fmix64 has mixed every bit into lo
      let found = false;
      for (let at = table[slot]!; at !== 0; at = table[slot]!) {
        if (lo[at - 1] === h.lo && (hi[at - 1]! & 0x1fffff) === key53) {
          found = true;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (found) continue;
      hi[count] = h.hi;
      lo[count] = h.lo;
      table[slot] = ++count;
    }
  }
  return { hi, lo, count };
}

/*
 * FNV-1a 64 (hash64.ts) inlined for the shingle loop: a shingle is fed
 * straight from the folded text's spans, with no unit or shingle string
 * built, and the running hash kept in locals (module variables or an object
 * made the loop three times slower). The same arithmetic as fnv1a64Update, so
 * the same hashes; simhash.spec.ts checks them against shingles().
 */
const BASIS_HI = 0xcbf29ce4;
const BASIS_LO = 0x84222325;
const TWO_32 = 4294967296;
const imul = Math.imul;
/** feedSpan's result: the hash's high and low halves. */
const fed = new Uint32Array(2);

/**
 * Continues the hash (hi, lo) over `lead` (a byte, or -1 for none) and then a
 * unit's UTF-8 bytes, leaving out a number's separators (see unitText).
 * ASCII is hashed here; other characters in feedCharacter, which keeps this
 * loop small enough to optimise well (with the UTF-8 encoding inline it ran
 * four times slower, on ASCII too).
 */
function feedSpan(norm: string, from: number, to: number, hi: number, lo: number, lead: number): void {
  if (lead >= 0) {
    lo = (lo ^ lead) >>> 0;
    const product = lo * 0x1b3;
    hi = (imul(hi, 0x1b3) + ((product / TWO_32) | 0) + (lo << 8)) >>> 0;
    lo = product >>> 0;
  }
  for (let i = from; i < to; i++) {
    const c = norm.charCodeAt(i);
    if (c >= 0x80) {
      fed[0] = hi;
      fed[1] = lo;
      i = feedCharacter(norm, i, to);
      hi = fed[0]!;
      lo = fed[1]!;
    } else if (c !== 0x2e && c !== 0x2c) {
      // xor the byte in, then multiply by the FNV prime, as fnv1a64Update does.
      lo = (lo ^ c) >>> 0;
      const product = lo * 0x1b3;
      hi = (imul(hi, 0x1b3) + ((product / TWO_32) | 0) + (lo << 8)) >>> 0;
      lo = product >>> 0;
    }
  }
  fed[0] = hi;
  fed[1] = lo;
}

/** Feeds the UTF-8 bytes of the non-ASCII character at `i` into the hash in `fed`; returns the index of its last code unit. */
function feedCharacter(norm: string, i: number, to: number): number {
  let c = norm.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
    const low = norm.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
      i++;
    }
  }
  if (c < 0x800) {
    feedByte(0xc0 | (c >> 6));
    feedByte(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    feedByte(0xe0 | (c >> 12));
    feedByte(0x80 | ((c >> 6) & 0x3f));
    feedByte(0x80 | (c & 0x3f));
  } else {
    feedByte(0xf0 | (c >> 18));
    feedByte(0x80 | ((c >> 12) & 0x3f));
    feedByte(0x80 | ((c >> 6) & 0x3f));
    feedByte(0x80 | (c & 0x3f));
  }
  return i;
}

function feedByte(byte: number): void {
  const lo = (fed[1]! ^ byte) >>> 0;
  const product = lo * 0x1b3;
  fed[0] = imul(fed[0]!, 0x1b3) + ((product / TWO_32) | 0) + (lo << 8);
  fed[1] = product;
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
