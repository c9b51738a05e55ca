/**
 * Sentence numbering for NEAR and phrases: rule authors read `a NEAR/10 b` as "in the
 * same passage", and a hit that straddles "...by December 2019. The workers..." pairs
 * words that say nothing about each other.
 *
 * A sentence ends at a blank line (paragraph break), at 。｡！？ (CJK), and at . ? ! when
 * followed, after any closing quotes or brackets, by white space and then a word that
 * does not start in lower case. A full stop after a known abbreviation is not an end:
 * initials and dotted acronyms (U.N., J. Smith), titles (Mr., Dr., Gen.), and month or
 * number abbreviations before a number (Dec. 22, No. 2397). Decimals (1.7), domains and
 * "U.N" without a space never end a sentence. When in doubt the text is left in one
 * sentence, which is how NEAR behaved before sentences existed.
 */

/** Before a capitalised word these end nothing: a name or a title follows. */
const TITLE_ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'col', 'lt', 'maj', 'sgt', 'capt', 'cmdr', 'adm', 'rev', 'st', 'sen', 'rep',
  'gov', 'pres', 'amb', 'hon', 'mt', 'ft', 'co', 'messrs', 'vs', 'cf', 'gg', 'ул', 'им', 'тов', 'г-н', 'гн',
]);

/** Before a number these end nothing: "Dec. 22", "No. 2397", "Art. 5", "p. 12". */
const NUMBER_ABBREVIATIONS = new Set([
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'no', 'nos', 'nr', 'art', 'arts', 'para', 'paras', 'p', 'pp', 'vol', 'ch', 'chap', 'fig', 'sec', 'res', 'approx', 'ca',
  'est', 'op', 'ref', 'tel', 'ст', 'п', 'гл', 'ок',
]);

const LONGEST_ABBREVIATION = Math.max(...[...TITLE_ABBREVIATIONS, ...NUMBER_ABBREVIATIONS].map((a) => a.length));

const CJK_STOPS = new Set([0x3002, 0xff61, 0xff01, 0xff1f]); // 。｡！？
const LATIN_STOPS = new Set([0x2e, 0x3f, 0x21, 0xff0e]); // . ? ! ．
/** May sit between a full stop and the space after it: 'said.” Next', '(see above.) Next'. */
const CLOSERS = new Set([0x22, 0x27, 0x29, 0x5d, 0x7d, 0x2019, 0x201d, 0x00bb, 0x203a, 0x300d, 0x300f, 0xff09]);

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f;

/**
 * The sentence number of each of `count` tokens (0-based, non-decreasing). `candidates`
 * lists, in order, the tokens whose preceding gap may end a sentence (it holds . ? ! or a
 * line break, or a non-ASCII separator); the tokenizer finds them on its way, so only
 * those gaps are looked at. `starts`/`ends` are token offsets in `original`, `tokenAt`
 * gives a token's folded text (for abbreviations).
 */
export function sentenceIds(
  original: string,
  count: number,
  candidates: readonly number[],
  starts: Int32Array,
  ends: Int32Array,
  tokenAt: (t: number) => string,
): Int32Array {
  const ids = new Int32Array(count);
  let sentence = 0;
  let from = 0;
  for (const t of candidates) {
    if (t === 0) continue;
    if (!endsSentence(original, ends[t - 1], starts[t], t - 1, starts[t - 1], starts[t], tokenAt)) continue;
    ids.fill(sentence, from, t);
    sentence++;
    from = t;
  }
  ids.fill(sentence, from, count);
  return ids;
}

function endsSentence(
  text: string,
  gapStart: number,
  gapEnd: number,
  beforeToken: number,
  beforeStart: number,
  nextStart: number,
  tokenAt: (t: number) => string,
): boolean {
  let newlines = 0;
  let stop = -1; // offset of a . ? ! followed by closers and then white space
  for (let i = gapStart; i < gapEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a && ++newlines >= 2) return true;
    if (CJK_STOPS.has(c)) return true;
    if (stop < 0 && LATIN_STOPS.has(c)) {
      let j = i + 1;
      while (j < gapEnd && (CLOSERS.has(text.charCodeAt(j)) || LATIN_STOPS.has(text.charCodeAt(j)))) j++;
      if (j < gapEnd && isSpace(text.charCodeAt(j))) stop = i;
    }
  }
  if (stop < 0) return false;

  const next = text.codePointAt(nextStart)!;
  if (isLowerCase(next)) return false; // "approx. three", "the U.S. government", "Why? they asked"
  // Only a full stop right after a short word can abbreviate it ("Mr.", not "Kim.'", "2019)." or "workers.").
  if (stop !== gapStart || text.charCodeAt(stop) !== 0x2e || gapStart - beforeStart > LONGEST_ABBREVIATION) return true;
  const before = tokenAt(beforeToken);
  const isDigit = next >= 0x30 && next <= 0x39;
  if (isDigit) return !NUMBER_ABBREVIATIONS.has(before);
  if (before.length === 1 && isLowerCase(before.charCodeAt(0))) return false; // initials, U.N., U.S. (cased letters only)
  return !TITLE_ABBREVIATIONS.has(before);
}

/** A lower-case letter of a script with case (tokens are folded, so this also means "cased"). */
function isLowerCase(codePoint: number): boolean {
  if (codePoint < 0x80) return codePoint >= 0x61 && codePoint <= 0x7a;
  const ch = String.fromCodePoint(codePoint);
  return ch.toLowerCase() === ch && ch.toUpperCase() !== ch;
}
