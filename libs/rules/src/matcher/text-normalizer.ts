/**
 * Folds text for matching: NFKD, lower case, combining marks stripped, typographic
 * quotes and apostrophes made plain, invisible formatting characters dropped.
 *
 * The folding is done one code point at a time (instead of on the whole string) so
 * that every folded character keeps the [start, end) range of the original character
 * it came from: evidence offsets must point into the article text exactly as stored.
 */

export interface FoldedText {
  /** The folded text. */
  text: string;
  /** For each UTF-16 unit of `text`, the offset of the original character it came from. */
  starts: Int32Array;
  /** For each UTF-16 unit of `text`, the end offset of that original character. */
  ends: Int32Array;
}

// Japanese voicing marks change the kana (か/が), so they are letters for us, not accents.
const KEPT_MARKS = new Set(['\u3099', '\u309a']);
const MARK = /\p{M}/u;

/** Characters that CMSs sprinkle inside words: soft hyphen, zero-width space/joiners, BOM. */
const DROPPED = new Set(['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff']);

/**
 * Quote-like characters mapped to their ASCII form. They are separators anyway, but
 * U+02BC (modifier letter apostrophe) is a *letter* in Unicode and would otherwise glue
 * "Korea\u02BCs" into one word.
 */
const PLAIN: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u02bc': "'", '\u2032': "'", '\uff07': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u00ab': '"', '\u00bb': '"', '\u2033': '"', '\uff02': '"',
  '\u00df': 'ss',
  // Russian й is a letter of its own, not и with an accent (ё, by contrast, folds to е).
  '\u0439': '\u0439',
  '\u0419': '\u0439',
};

const cache = new Map<string, string>();

/** Folds one code point; memoised because articles reuse a small alphabet. */
export function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch.length === 1 && code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  const hit = cache.get(ch);
  if (hit !== undefined) return hit;
  let out: string;
  if (DROPPED.has(ch)) out = '';
  else if (PLAIN[ch] !== undefined) out = PLAIN[ch];
  else {
    // Lower-case after NFKD (so "İ" becomes "i" + dot, then loses the dot), and recompose
    // with NFC at the end: NFKD splits Hangul syllables into jamo, which must be joined again.
    const decomposed = ch.normalize('NFKD').toLowerCase();
    let stripped = '';
    for (const c of decomposed) if (!MARK.test(c) || KEPT_MARKS.has(c)) stripped += c;
    out = stripped.normalize('NFC');
    if (out.length === 1 && PLAIN[out] !== undefined) out = PLAIN[out];
  }
  if (cache.size < 20000) cache.set(ch, out);
  return out;
}

const bmpFolds: Array<string | undefined> = new Array(0x10000);

/** foldChar by code point, memoised in a flat table for the BMP (no string to build or hash). */
export function foldCodePoint(codePoint: number): string {
  if (codePoint < 0x10000) {
    const known = bmpFolds[codePoint];
    if (known !== undefined) return known;
    return (bmpFolds[codePoint] = foldChar(String.fromCharCode(codePoint)));
  }
  return foldChar(String.fromCodePoint(codePoint));
}

/**
 * Folds a whole text, keeping the map back to original offsets. Runs of ASCII (most of
 * an English article) are lower-cased in one native call; only other characters go
 * through foldChar.
 */
export function foldText(text: string): FoldedText {
  const n = text.length;
  let starts = new Int32Array(n + 16);
  let ends = new Int32Array(n + 16);
  const pieces: string[] = [];
  let out = 0;
  const reserve = (extra: number) => {
    if (out + extra <= starts.length) return;
    const size = Math.max(starts.length * 2, out + extra);
    const s = new Int32Array(size);
    const e = new Int32Array(size);
    s.set(starts);
    e.set(ends);
    starts = s;
    ends = e;
  };
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && text.charCodeAt(j) < 0x80) j++;
    if (j > i) {
      // ASCII lower-casing keeps the length, so offsets map one to one.
      pieces.push(text.slice(i, j).toLowerCase());
      reserve(j - i);
      for (let k = i; k < j; k++, out++) {
        starts[out] = k;
        ends[out] = k + 1;
      }
      i = j;
      continue;
    }
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const folded = foldChar(width === 1 ? text[i] : text.slice(i, i + 2));
    reserve(folded.length);
    for (let k = 0; k < folded.length; k++, out++) {
      starts[out] = i;
      ends[out] = i + width;
    }
    pieces.push(folded);
    i += width;
  }
  return { text: pieces.join(''), starts: starts.subarray(0, out), ends: ends.subarray(0, out) };
}

/** Folds a string when no offsets are needed (query terms, fact values). */
export function foldString(text: string): string {
  let out = '';
  for (const ch of text) out += foldChar(ch);
  return out;
}
