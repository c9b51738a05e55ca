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
 * The text as runs of units, each run one kind: words of an alphabetic script
 * (or numbers), or single CJK characters. NFKC folds full-width forms and
 * compatibility characters; case, punctuation and spacing are dropped, so
 * "U.N." and "UN", or "북한 노동자" and "북한노동자", shingle alike.
 * Scans by index and slices words out (rather than appending characters):
 * this is most of simhash64's time.
 */
export function unitRuns(text: string): Array<{ cjk: boolean; units: string[] }> {
  const runs: Array<{ cjk: boolean; units: string[] }> = [];
  let current: { cjk: boolean; units: string[] } | null = null;
  const push = (cjk: boolean, unit: string) => {
    if (!current || current.cjk !== cjk) {
      current = { cjk, units: [] };
      runs.push(current);
    }
    current.units.push(unit);
  };
  const norm = text.normalize('NFKC').toLowerCase();
  let start = -1; // start of the word being read, or -1
  let joined = false; // the word has a 1,500-style separator to drop
  const endWord = (end: number) => {
    if (start < 0) return;
    const word = norm.slice(start, end);
    push(false, joined ? word.replace(/[.,]/g, '') : word);
    start = -1;
    joined = false;
  };
  for (let i = 0; i < norm.length; i++) {
    let cp = norm.charCodeAt(i);
    if (cp < 0x80) {
      // ASCII first: most of the work on alphabetic text, and no lookup.
      if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39)) {
        if (start < 0) start = i;
      } else if ((cp === 0x2e || cp === 0x2c) && start >= 0 && isDigit(norm.charCodeAt(i - 1)) && isDigit(norm.charCodeAt(i + 1))) {
        joined = true; // 3.5 and 1,500 stay one unit
      } else {
        endWord(i);
      }
      continue;
    }
    const width = cp >= 0xd800 && cp <= 0xdbff && i + 1 < norm.length ? 2 : 1;
    if (width === 2) cp = norm.codePointAt(i)!;
    const script = scriptOf(cp);
    if (isCjkScript(script)) {
      endWord(i);
      push(true, norm.slice(i, i + width));
    } else if (script !== null || (cp >= 0x300 && cp <= 0x36f)) {
      if (start < 0) start = i;
    } else {
      endWord(i);
    }
    i += width - 1;
  }
  endWord(norm.length);
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
