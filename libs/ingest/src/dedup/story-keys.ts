import { ShingleHashes, shingleHashes } from './simhash';
import { fmix32 } from './mix';

/*
 * MinHash LSH keys for finding story candidates with an index lookup rather
 * than a scan of every recent article (Article."storyKeys", GIN-indexed; the
 * query is `"storyKeys" && $keys`).
 *
 * A MinHash value is the smallest of the text's shingle hashes under one hash
 * function; two texts get the same value with probability equal to the
 * Jaccard resemblance J of their shingle sets, the measure isSameStory
 * decides on. A band key hashes `rows` consecutive values together, so two
 * texts share one with probability J^rows, and share at least one of `bands`
 * keys with probability 1 - (1 - J^rows)^bands (matchProbability). Two kinds
 * of band are computed from the same MINHASHES values:
 *
 *   loose: 48 bands of 2 rows, for rewrites. J 0.45 (the hand-written
 *          rewrites): all but certain; J 0.3 (the lowest rewrite overlap
 *          isSameStory accepts): 98.9%; J 0.17 (a brief cut from the
 *          report): 76%; J 0.02: 1.9%; unrelated news (J near 0): almost never.
 *   strict: 16 bands of 6 rows, for copies. J 0.8: 99.2%; J 0.9: all but
 *          certain; J 0.25: 0.4%; J 0.18: 0.05%.
 *
 * The strict keys exist because loose keys are not selective enough on every
 * corpus: an outlet's (or a generator's) stock phrases give unrelated texts a
 * Jaccard of 0.15-0.25, which shares a loose key with most of the window.
 * The candidate query can cap the loose matches it reads and still find every
 * copy through a strict key, which such texts almost never share.
 *
 * Stored keys depend on these exact functions and constants (and on
 * shingleHashes): changing any of them means bumping FINGERPRINT_VERSION
 * (simhash.ts), so that stored articles get their keys again, or new
 * articles stop finding them.
 */

/** MinHash values per text: the loose and the strict bands are both cut from them. */
export const MINHASHES = 96;
/** Rows per loose band (MINHASHES / LOOSE_ROWS bands). */
export const LOOSE_ROWS = 2;
/** Rows per strict band (MINHASHES / STRICT_ROWS bands). */
export const STRICT_ROWS = 6;

const LOOSE_SEED = 0x4c4f4f53; // distinct seeds keep a loose key from equalling a strict one by construction
const STRICT_SEED = 0x53545243;

export interface StoryKeys {
  /** Shared by texts that are copies of each other (J >= 0.8 nearly always, J <= 0.25 almost never). */
  strict: number[];
  /** Shared by rewrites too (J >= 0.3 nearly always), and by some same-subject texts. */
  loose: number[];
}

/**
 * Probability that two texts of shingle Jaccard `jaccard` share at least one
 * of `bands` keys of `rows` MinHash values each.
 */
export function matchProbability(jaccard: number, rows: number, bands: number): number {
  return 1 - (1 - jaccard ** rows) ** bands;
}

/**
 * The text's MinHash signature: MINHASHES unsigned 32-bit values, empty for a
 * text with no shingles. Hash function i is fmix32(lo + (i + 1) * (hi | 1)) of
 * the shingle's 64-bit hash (double hashing, Kirsch and Mitzenmacher):
 * independent enough for MinHash, and one multiply-and-mix per shingle per
 * value rather than a fresh hash of the shingle's bytes. Shingle by shingle,
 * each function's input is the last one's plus (hi | 1), an addition where a
 * multiplication was (the same values; a quarter less time).
 */
export function minhashSignature(hashes: ShingleHashes): Uint32Array {
  if (hashes.count === 0) return new Uint32Array(0);
  const out = new Uint32Array(MINHASHES).fill(0xffffffff);
  const { hi, lo, count } = hashes;
  for (let s = 0; s < count; s++) {
    const step = hi[s]! | 1;
    let x = lo[s]!;
    for (let i = 0; i < MINHASHES; i++) {
      x = (x + step) >>> 0;
      const v = fmix32(x);
      if (v < out[i]!) out[i] = v;
    }
  }
  return out;
}

function bandKeys(signature: Uint32Array, rows: number, seed: number): number[] {
  const keys: number[] = [];
  for (let band = 0; band * rows < signature.length; band++) {
    let k = fmix32((seed + band) >>> 0);
    for (let r = 0; r < rows; r++) k = fmix32((k ^ signature[band * rows + r]!) >>> 0);
    // Signed: PostgreSQL's integer[] holds int4.
    keys.push(k | 0);
  }
  return keys;
}

/** Band keys of a signature (minhashSignature); none for an empty one. */
export function storyKeysOfSignature(signature: Uint32Array): StoryKeys {
  return { strict: bandKeys(signature, STRICT_ROWS, STRICT_SEED), loose: bandKeys(signature, LOOSE_ROWS, LOOSE_SEED) };
}

/** The text's story keys; a text with no words has none, and is never a candidate. */
export function storyKeys(text: string): StoryKeys {
  return storyKeysOfSignature(minhashSignature(shingleHashes(text)));
}

/** The keys as stored on the article (strict, then loose): one GIN-indexed integer[]. */
export function storedStoryKeys(keys: StoryKeys): number[] {
  return [...keys.strict, ...keys.loose];
}

/**
 * The share of equal values in two signatures: an unbiased estimate of the
 * texts' shingle Jaccard (standard error sqrt(J(1-J)/MINHASHES), under 0.052).
 */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}
