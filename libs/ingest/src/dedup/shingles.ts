import { isCjkScript, scriptOf } from '../language';

/**
 * Words per shingle in alphabetic text. Three is the usual near-duplicate
 * choice: single words would make every report on North Korean workers in
 * Russia look alike, longer shingles would make a rewrite that changes one
 * word in four look unrelated.
 */
export const WORD_SHINGLE_SIZE = 3;
/**
 * Characters per shingle in Han, kana and Hangul runs, which have no reliable
 * word breaks (Korean spacing differs between outlets, Chinese and Japanese
 * have none). Three characters are about one and a half Chinese words or one
 * Korean word with its particle: the same granularity as three English words
 * for telling rewrites from same-topic stories (see story-matcher.spec.ts).
 */
export const CJK_SHINGLE_SIZE = 3;

/**
 * A text's units (words of an alphabetic script or numbers, and single CJK
 * characters) as positions in its folded form, with no string per unit.
 * NFKC folds full-width forms and compatibility characters; case,
 * punctuation and spacing are dropped, so "U.N." and "UN", or "북한 노동자"
 * and "북한노동자", give the same units. A unit's text is its span of `norm`
 * without the separators of numbers written 3.5 or 1,500 (unitText): the
 * only '.' and ',' a span can hold.
 */
export interface UnitScan {
  /** The folded text (NFKC, lower case) the spans index. */
  norm: string;
  count: number;
  start: Int32Array;
  end: Int32Array;
  /** 1 where the unit is a CJK character, 0 for a word. */
  cjk: Uint8Array;
}

/**
 * Scratch arrays scanUnits reuses, so that scanning an article allocates no
 * buffers (typed arrays are allocated outside the JavaScript heap, and
 * thousands of them a minute made the garbage collector run more often).
 * Texts beyond SCRATCH_MAX_CHARS get arrays of their own, so a huge page does
 * not keep its buffers alive.
 */
const SCRATCH_MAX_CHARS = 1 << 18;
let scratch = { start: new Int32Array(8192), end: new Int32Array(8192), cjk: new Uint8Array(8192) };

function unitArrays(chars: number): typeof scratch {
  if (chars > SCRATCH_MAX_CHARS) return { start: new Int32Array(chars), end: new Int32Array(chars), cjk: new Uint8Array(chars) };
  if (scratch.start.length < chars) {
    let size = scratch.start.length;
    while (size < chars) size *= 2;
    scratch = { start: new Int32Array(size), end: new Int32Array(size), cjk: new Uint8Array(size) };
  }
  return scratch;
}

/**
 * Scans by index and records spans (rather than slicing words): this is most
 * of shingling's time. The scan's arrays are scratch space, valid until the
 * next call: use the scan before scanning another text.
 */
export function scanUnits(text: string): UnitScan {
  const norm = text.normalize('NFKC').toLowerCase();
  // A unit is at least one character: the text's length bounds the count.
  const { start, end, cjk } = unitArrays(norm.length);
  let count = 0;
  let from = -1; // start of the word being read, or -1
  const endWord = (at: number) => {
    if (from < 0) return;
    start[count] = from;
    end[count] = at;
    cjk[count] = 0;
    count++;
    from = -1;
  };
  for (let i = 0; i < norm.length; i++) {
    let cp = norm.charCodeAt(i);
    if (cp < 0x80) {
      // ASCII first: most of the work on alphabetic text, and no lookup.
      if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39)) {
        if (from < 0) from = i;
      } else if (!((cp === 0x2e || cp === 0x2c) && from >= 0 && isDigit(norm.charCodeAt(i - 1)) && isDigit(norm.charCodeAt(i + 1)))) {
        endWord(i); // 3.5 and 1,500 stay one unit; anything else ends the word
      }
      continue;
    }
    const width = cp >= 0xd800 && cp <= 0xdbff && i + 1 < norm.length ? 2 : 1;
    if (width === 2) cp = norm.codePointAt(i)!;
    const script = scriptOf(cp);
    if (isCjkScript(script)) {
      endWord(i);
      start[count] = i;
      end[count] = i + width;
      cjk[count] = 1;
      count++;
    } else if (script !== null || (cp >= 0x300 && cp <= 0x36f)) {
      if (from < 0) from = i;
    } else {
      endWord(i);
    }
    i += width - 1;
  }
  endWord(norm.length);
  return { norm, count, start, end, cjk };
}

/** A unit's text: its span without the separators of a number (1,500 is the unit 1500). */
export function unitText(scan: UnitScan, unit: number): string {
  const s = scan.norm.slice(scan.start[unit], scan.end[unit]);
  return scan.cjk[unit] ? s : s.replace(/[.,]/g, '');
}

/**
 * The runs of a scan: consecutive units of one kind, words or CJK
 * characters, as [first unit, end unit) pairs. Shingles never cross a run.
 */
export function* unitRunSpans(scan: UnitScan): Generator<{ cjk: boolean; from: number; to: number }> {
  let from = 0;
  for (let u = 1; u <= scan.count; u++) {
    if (u === scan.count || scan.cjk[u] !== scan.cjk[from]) {
      yield { cjk: scan.cjk[from] === 1, from, to: u };
      from = u;
    }
  }
}

/** The text as runs of units, each run one kind (see scanUnits), with each unit's text. */
export function unitRuns(text: string): Array<{ cjk: boolean; units: string[] }> {
  const scan = scanUnits(text);
  const runs: Array<{ cjk: boolean; units: string[] }> = [];
  for (const run of unitRunSpans(scan)) {
    const units: string[] = [];
    for (let u = run.from; u < run.to; u++) units.push(unitText(scan, u));
    runs.push({ cjk: run.cjk, units });
  }
  return runs;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * The text's shingles: overlapping WORD_SHINGLE_SIZE-word windows over
 * alphabetic runs and CJK_SHINGLE_SIZE-character windows over CJK runs. A run
 * shorter than its window (a lone "UN" in Korean text) is one shingle.
 */
export function shingles(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of unitRuns(text)) {
    const size = run.cjk ? CJK_SHINGLE_SIZE : WORD_SHINGLE_SIZE;
    const sep = run.cjk ? '' : ' ';
    const u = run.units;
    if (u.length <= size) {
      out.add(u.join(sep));
      continue;
    }
    for (let i = 0; i + size <= u.length; i++) {
      let s = u[i]!;
      for (let j = 1; j < size; j++) s += sep + u[i + j]!;
      out.add(s);
    }
  }
  return out;
}

type ShingleInput = string | ReadonlySet<string>;

function asSet(x: ShingleInput): ReadonlySet<string> {
  return typeof x === 'string' ? shingles(x) : x;
}

function intersectionSize(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const s of small) if (large.has(s)) n++;
  return n;
}

/** |A ∩ B| / |A ∪ B| of the two texts' shingles (texts or precomputed sets); 0 when either is empty. */
export function shingleJaccard(a: ShingleInput, b: ShingleInput): number {
  const sa = asSet(a);
  const sb = asSet(b);
  if (sa.size === 0 || sb.size === 0) return 0;
  const inter = intersectionSize(sa, sb);
  return inter / (sa.size + sb.size - inter);
}

/**
 * |A ∩ B| / min(|A|, |B|): how much of the shorter text the longer one holds.
 * Catches what Jaccard undersells: a syndicated copy wrapped in a long
 * republisher's preamble, or a feed summary against the full article.
 */
export function shingleContainment(a: ShingleInput, b: ShingleInput): number {
  const sa = asSet(a);
  const sb = asSet(b);
  if (sa.size === 0 || sb.size === 0) return 0;
  return intersectionSize(sa, sb) / Math.min(sa.size, sb.size);
}
