/**
 * Character kinds for the fact scanners, as one table lookup per UTF-16 unit.
 *
 * JavaScript's `\b` only knows ASCII, so word boundaries for Cyrillic (and for
 * accented Latin) are checked here instead of in the regexes. The table is built
 * once at module load from explicit ranges (no per-character regex test), because
 * the scanners call it for every character of every article.
 */

export const CharKind = { Other: 0, Digit: 1, Lower: 2, Upper: 3, Cjk: 4 } as const;
export type CharKind = (typeof CharKind)[keyof typeof CharKind];

const table = new Uint8Array(0x10000);

function fill(from: number, to: number, kind: CharKind): void {
  for (let c = from; c <= to; c++) table[c] = kind;
}

/** Cased letters of a range (Latin-1, Latin Extended, Cyrillic), upper or lower as the runtime says. */
function fillCased(from: number, to: number): void {
  for (let c = from; c <= to; c++) {
    const ch = String.fromCharCode(c);
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower === upper) continue; // not a cased letter (×, ÷, modifier letters)
    table[c] = ch === upper ? CharKind.Upper : CharKind.Lower;
  }
}

fill(0x30, 0x39, CharKind.Digit);
fill(0x41, 0x5a, CharKind.Upper);
fill(0x61, 0x7a, CharKind.Lower);
fillCased(0xc0, 0x24f);
fillCased(0x400, 0x52f);
fill(0x1100, 0x11ff, CharKind.Cjk); // Hangul jamo
fill(0x3040, 0x30ff, CharKind.Cjk); // kana
fill(0x3130, 0x318f, CharKind.Cjk); // Hangul compatibility jamo
fill(0x3400, 0x4dbf, CharKind.Cjk);
fill(0x4e00, 0x9fff, CharKind.Cjk);
fill(0xac00, 0xd7af, CharKind.Cjk); // Hangul syllables
fill(0xf900, 0xfaff, CharKind.Cjk);

export function kindOf(code: number): CharKind {
  return table[code] as CharKind;
}

export function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A Latin or Cyrillic letter or a digit: the characters that glue alphabetic words together. */
export function isWordCode(code: number): boolean {
  const k = table[code];
  return k === CharKind.Digit || k === CharKind.Lower || k === CharKind.Upper;
}

export function isLetterCode(code: number): boolean {
  const k = table[code];
  return k === CharKind.Lower || k === CharKind.Upper;
}

/** True when `pos` is not inside an alphabetic word on its left (start of text counts as a boundary). */
export function boundaryBefore(text: string, pos: number): boolean {
  return pos === 0 || !isWordCode(text.charCodeAt(pos - 1));
}

/** True when `pos` is not followed by an alphabetic word character (end of text counts as a boundary). */
export function boundaryAfter(text: string, pos: number): boolean {
  return pos >= text.length || !isWordCode(text.charCodeAt(pos));
}
