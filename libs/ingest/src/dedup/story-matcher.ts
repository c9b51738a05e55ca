import { ShingleHashes, hammingDistance, shingleHashes } from './simhash';
import { titleSimilarity } from './title-similarity';

export interface StoryCandidate {
  title: string;
  text: string;
  /** simhash64(text), as stored on the article. */
  simhash: bigint;
  publishedAt?: Date | null;
  /** shingleHashes(text), when the caller has it already (a new article was fingerprinted): saves hashing the text again. */
  shingleHashes?: ShingleHashes;
  /**
   * Names this exact text for as long as it is stored (a stored article's id
   * and content hash): its shingles are kept under it (storedShingles), so a
   * stored article that comes up as a candidate again is not shingled again.
   */
  textKey?: string;
}

export interface StoryDecision {
  same: boolean;
  /** Hamming distance of the two simhashes (0-64), whatever decided. */
  distance: number;
  /** Why, in words, for logs and the review screen. */
  reason: string;
}

/*
 * Thresholds, and the evidence for them. Hand-written pairs
 * (__fixtures__/stories.ts; every pair is asserted in story-matcher.spec.ts):
 *
 *                                         simhash d   Jaccard   containment   title
 *   syndicated copy, other furniture          8        0.87        1.00        1.00
 *   Chinese copy, 2 sentences edited         13        0.72        0.85        0.22
 *   Korean rewrite (new lead, moved)         15        0.42        0.63        0.22
 *   English rewrite (1/3 changed, quotes
 *     reordered, new intro)                  17        0.45        0.65        0.33
 *   two-paragraph brief vs full report       20        0.17        0.96        0.13
 *   brief vs the rewrite                     31        0.09        0.53        0.36
 *   different stories, same subject        25-41     <= 0.15     <= 0.31     <= 0.27
 *   (one pair, Korean, shares a verbatim background paragraph: J 0.15, C 0.31)
 *   same outlet, shared 3-paragraph
 *     background + footer, 5 years apart     10        0.47        0.66        0.15
 *
 * Seeded synthetic variants of the English report, 1000 each (same generator
 * as the spec; rewording swaps half the words of a sentence, so harsher than
 * a human paraphrase). min / p5 / median / p95 / max:
 *
 *                               simhash d             Jaccard                  d <= 26   grouped   grouped with
 *                                                                                                  same headline
 *   other furniture only        1 / 3 / 7 / 12 / 18   0.80 .. 0.93              100%      100%      100%
 *   1/6 sentences reworded      0 / 0 / 11 / 19 / 30  0.35 / 0.53 / 0.75 ..     99.8%     99.6%     100%
 *   1/3 reworded + shuffled     4 / 10 / 17 / 24 / 33 0.16 / 0.32 / 0.53 ..     98.6%     96.4%     99.9%
 *   1/2 reworded + shuffled     6 / 13 / 20 / 28 / 39 0.10 / 0.20 / 0.38 ..     89.8%     74.2%     94.3%
 *   2/3 reworded + shuffled     9 / 17 / 24 / 31 / 37 0.08 / 0.13 / 0.24 ..     72.5%     29.6%     69.2%
 *   unrelated text             19 / 25 / 32 / 39 / 44 0.00                      8.2%      0%        0%
 *   ("grouped" is against an unrelated headline, so without help from title similarity)
 *
 * So the simhash separates copies (d <= 18) from unrelated text (median 32,
 * binomial around 64/2) but not rewrites from different stories: their ranges
 * overlap from about 19 to 33. It is the cheap way to find candidates
 * (SIMHASH_CANDIDATE_DISTANCE), and shingle overlap decides. The boilerplate
 * row is the trap: an outlet's standard background paragraphs and footer make
 * two of its own stories look like a rewrite of each other. The time window
 * keeps them apart when they are far apart in time, and setting aside the
 * paragraphs both texts open or close with (sharedRun) keeps them apart when
 * they are not. CJK shingles were measured at 2, 3 and 4 characters: the ratio
 * of rewrite to different-story Jaccard was 2.2, 2.8 and 2.9; 3 keeps more of
 * a rewrite's overlap (0.42 against 0.38 at 4).
 */

/** Distance up to which two texts are copies of each other whatever else differs (syndication, a changed footer). */
export const SIMHASH_NEAR_DUPLICATE_DISTANCE = 3;
/**
 * Distance up to which a stored article is worth comparing in full: finds
 * 98.6% of one-third rewrites and every copy, and lets through about 8% of
 * unrelated articles, which isSameStory then rejects in a fraction of a
 * millisecond each. Candidates in SQL, within STORY_WINDOW_DAYS:
 * `bit_count((simhash # $1)::bit(64)) <= 26` (PostgreSQL 14+). Articles whose
 * headlines agree (titleSimilarity) are worth checking beyond it.
 */
export const SIMHASH_CANDIDATE_DISTANCE = 26;
/** Days apart beyond which two articles are never one story: long enough for late rewrites and translations. */
export const STORY_WINDOW_DAYS = 14;
/** Shingle Jaccard at which the texts are one story: rewrites measure 0.30 and up, different stories 0.15 at most. */
export const SAME_STORY_JACCARD = 0.3;
/** Share of the shorter text found in the longer at which it is a copy or a cut of it (briefs measure 0.91-0.96, different stories 0.31 at most). */
export const SAME_STORY_CONTAINMENT = 0.8;
/** Weaker overlap that still counts when the headlines agree too: Jaccard (above the 0.15 of different stories)... */
export const WEAK_JACCARD = 0.2;
/** ...or containment (a brief cut from a rewrite measures 0.53). */
export const WEAK_CONTAINMENT = 0.5;
/** Title token Jaccard that makes weak text overlap enough; different stories' headlines measure up to 0.27 here. */
export const SAME_STORY_TITLE = 0.3;
/**
 * When two texts share only an opening or only a closing run of paragraphs,
 * the largest share of either text that may lie outside the run for it still
 * to be one story with a new intro or ending, not an outlet's furniture around
 * two different stories (the boilerplate trap above: 34% and 36% outside).
 */
export const MAX_UNSHARED_SHARE = 0.25;
/** Below this many shingles (about 20 words, or 20 CJK characters) texts are too short for resemblance measures. */
export const MIN_SHINGLES = 20;

const DAY_MS = 24 * 3600 * 1000;

interface Overlap {
  jaccard: number;
  containment: number;
}

/**
 * A text's distinct shingles as sorted 53-bit hashes (those shingleHashes
 * deduplicates by): the same sizes and overlaps as shingles() gives, but
 * intersected by a merge with no string built or hashed. A collision between
 * two texts' different shingles has odds around 1 in 10^9 per pair.
 */
function shingleSet(text: string, hashes?: ShingleHashes): Float64Array {
  const h = hashes ?? shingleHashes(text);
  const out = new Float64Array(h.count);
  for (let i = 0; i < h.count; i++) out[i] = (h.hi[i]! & 0x1fffff) * 4294967296 + h.lo[i]!;
  return out.sort();
}

function overlap(a: Float64Array, b: Float64Array): Overlap {
  if (a.length === 0 || b.length === 0) return { jaccard: 0, containment: 0 };
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      inter++;
      i++;
      j++;
    }
  }
  return { jaccard: inter / (a.length + b.length - inter), containment: inter / Math.min(a.length, b.length) };
}

/**
 * What isSameStory needs of one text, computed once however many candidates
 * it is compared with; the paragraphs only when the shingles leave the
 * question open, and each paragraph folded only when compared with one that
 * differs from it as written.
 */
class PreparedText {
  readonly shingles: Float64Array;
  private split: string[] | null = null;
  private readonly folds: Array<string | undefined> = [];

  constructor(
    private readonly text: string,
    hashes?: ShingleHashes,
    shingles?: Float64Array,
  ) {
    this.shingles = shingles ?? shingleSet(text, hashes);
  }

  get paragraphs(): string[] {
    this.split ??= this.text.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean);
    return this.split;
  }

  /** Paragraph i folded (foldParagraph). */
  folded(i: number): string {
    return (this.folds[i] ??= foldParagraph(this.paragraphs[i]!));
  }
}

/** Whether paragraph i of a and j of b are the same once folded; equal as written needs no folding. */
function sameParagraph(a: PreparedText, i: number, b: PreparedText, j: number): boolean {
  return a.paragraphs[i] === b.paragraphs[j] || a.folded(i) === b.folded(j);
}

/**
 * Recently prepared texts, by content. A new article is compared with up to
 * a few dozen candidates, and with the other new articles of its poll;
 * folding and shingling each text once was most of the time of a story
 * search. Bounded, oldest dropped first.
 */
const prepared = new Map<string, PreparedText>();
const PREPARED_MAX = 512;

/**
 * Shingles of stored articles that came up as candidates, by textKey, most
 * recently used last. The same stored article (a story's first report) is
 * the candidate of every later copy of it, and copies can come hundreds of
 * articles apart: shingling it again each time was a sixth of the polling
 * thread's time. Only the sorted hashes are kept (about 8 bytes a word), up
 * to STORED_SHINGLES_BYTES; the text is not.
 */
const storedShingles = new Map<string, Float64Array>();
const STORED_SHINGLES_BYTES = 16 * 1024 * 1024;
let storedShinglesBytes = 0;

function prepare(text: string, hashes?: ShingleHashes, textKey?: string): PreparedText {
  if (textKey !== undefined) return prepareStored(text, hashes, textKey);
  let p = prepared.get(text);
  if (p) return p;
  p = new PreparedText(text, hashes);
  if (prepared.size >= PREPARED_MAX) prepared.delete(prepared.keys().next().value!);
  prepared.set(text, p);
  return p;
}

function prepareStored(text: string, hashes: ShingleHashes | undefined, textKey: string): PreparedText {
  const kept = storedShingles.get(textKey);
  if (kept) {
    storedShingles.delete(textKey);
    storedShingles.set(textKey, kept);
    return new PreparedText(text, undefined, kept);
  }
  const p = new PreparedText(text, hashes);
  storedShingles.set(textKey, p.shingles);
  storedShinglesBytes += p.shingles.byteLength;
  for (const [key, old] of storedShingles) {
    if (storedShinglesBytes <= STORED_SHINGLES_BYTES) break;
    storedShingles.delete(key);
    storedShinglesBytes -= old.byteLength;
  }
  return p;
}

/** The rewrite rules: strong overlap, or weaker overlap with an agreeing headline. */
function resembles(o: Overlap, title: number): string | null {
  if (o.containment >= SAME_STORY_CONTAINMENT) return 'one text contains the other';
  if (o.jaccard >= SAME_STORY_JACCARD) return 'rewrite';
  if ((o.jaccard >= WEAK_JACCARD || o.containment >= WEAK_CONTAINMENT) && title >= SAME_STORY_TITLE) return 'rewrite with a matching headline';
  return null;
}

const measures = (o: Overlap, title: number) =>
  `jaccard ${o.jaccard.toFixed(2)}, containment ${o.containment.toFixed(2)}, title ${title.toFixed(2)}`;

/**
 * Whether two articles report the same story: the same report syndicated,
 * rewritten or cut down by another outlet. Not whether they are about the same
 * subject: two reports on North Korean workers in Russia are different stories.
 */
export function isSameStory(a: StoryCandidate, b: StoryCandidate): StoryDecision {
  const distance = hammingDistance(a.simhash, b.simhash);
  // A reason given as a function is worked out only when read.
  const decide = (same: boolean, reason: string | (() => string)): StoryDecision =>
    typeof reason === 'string' ? { same, distance, reason } : { same, distance, get reason() { return reason(); } };

  if (a.publishedAt && b.publishedAt) {
    const days = Math.abs(a.publishedAt.getTime() - b.publishedAt.getTime()) / DAY_MS;
    if (days > STORY_WINDOW_DAYS) return decide(false, `published ${Math.round(days)} days apart (window ${STORY_WINDOW_DAYS})`);
  }

  const pa = prepare(a.text, a.shingleHashes, a.textKey);
  const pb = prepare(b.text, b.shingleHashes, b.textKey);
  const full = overlap(pa.shingles, pb.shingles);
  // Overlap below both weak thresholds is never one story, whatever the
  // paragraphs say: setting shared paragraphs aside only lowers it, and a text
  // contained in the other (at least MIN_SHINGLES long) overlaps far above it.
  // Most candidates end here, before any paragraph is folded.
  if (
    Math.min(pa.shingles.length, pb.shingles.length) >= MIN_SHINGLES &&
    full.jaccard < WEAK_JACCARD &&
    full.containment < WEAK_CONTAINMENT &&
    distance > SIMHASH_NEAR_DUPLICATE_DISTANCE
  ) {
    // Its reason (a headline comparison) only if someone reads it: a poll's
    // story search ends most of its comparisons here and reads none.
    return decide(false, () => `different text: ${measures(full, titleSimilarity(a.title, b.title))}`);
  }
  const run = runOf(pa, pb);
  if (run.restA === '' || run.restB === '') {
    return run.head + run.tail > 0
      ? decide(true, 'one text is wholly contained in the other')
      : decide(false, 'no text to compare');
  }

  const title = titleSimilarity(a.title, b.title);
  const sa = pa.shingles;
  const sb = pb.shingles;
  if (Math.min(sa.length, sb.length) < MIN_SHINGLES) {
    // A sentence or two: resemblance is noise; only a near-verbatim match with an agreeing headline counts.
    const same = full.containment >= SAME_STORY_CONTAINMENT && title >= SAME_STORY_TITLE;
    return decide(same, `short text (${Math.min(sa.length, sb.length)} shingles): ${measures(full, title)}`);
  }

  const oneEnded = (run.head > 0) !== (run.tail > 0);
  if (!oneEnded) {
    // No shared run, or shared at both ends around an edited middle: a copy's
    // body, not furniture. The whole texts decide.
    if (distance <= SIMHASH_NEAR_DUPLICATE_DISTANCE) return decide(true, `near-identical text (distance ${distance})`);
    const why = resembles(full, title);
    return decide(!!why, `${why ?? 'different text'}: ${measures(full, title)}`);
  }

  // Only an opening or only a closing run is shared: an outlet's standard
  // preamble or background-and-footer, or a copy with its own new intro.
  const ra = shingleSet(run.restA);
  const rb = shingleSet(run.restB);
  const rest = overlap(ra, rb);
  const where = `${run.head ? `${run.head} opening` : `${run.tail} closing`} paragraphs shared and set aside`;
  const why = resembles(rest, title);
  if (why) return decide(true, `${why}: ${measures(rest, title)}, ${where}`);
  const unshared = Math.max(ra.length / sa.length, rb.length / sb.length);
  if (unshared <= MAX_UNSHARED_SHARE) {
    return decide(true, `copy with its own ${run.head ? 'ending' : 'intro'}: ${Math.round(unshared * 100)}% unshared, ${where}`);
  }
  return decide(false, `only shared furniture: ${measures(rest, title)}, ${where}`);
}

/** Paragraphs folded for comparison: case, spacing and punctuation do not make furniture different. */
function foldParagraph(p: string): string {
  return p.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, ' ').trim();
}

/**
 * The paragraphs both texts open with (head) and close with (tail), and what
 * is left of each between them. An outlet's preamble, background paragraph
 * and footer make such a run at one end; a copy with a changed middle makes
 * one at both ends; a text that is all run is contained in the other.
 */
export function sharedRun(a: string, b: string): { head: number; tail: number; restA: string; restB: string } {
  return runOf(prepare(a), prepare(b));
}

function runOf(a: PreparedText, b: PreparedText): { head: number; tail: number; restA: string; restB: string } {
  const na = a.paragraphs.length;
  const nb = b.paragraphs.length;
  const max = Math.min(na, nb);
  let head = 0;
  while (head < max && sameParagraph(a, head, b, head)) head++;
  let tail = 0;
  while (tail < max - head && sameParagraph(a, na - 1 - tail, b, nb - 1 - tail)) tail++;
  return {
    restA: a.paragraphs.slice(head, na - tail).join('\n\n'),
    restB: b.paragraphs.slice(head, nb - tail).join('\n\n'),
    head,
    tail,
  };
}
