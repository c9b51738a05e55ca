/**
 * Character classes of folded text. Alphabetic scripts (Latin, Cyrillic, ...) form
 * words separated by anything else; Chinese and Japanese are written without spaces,
 * so every Han/kana character is its own token; Korean puts spaces between words but
 * glues particles onto them (북한의, 북한은), so a Hangul run is one token and Hangul
 * terms match as substrings of it.
 */
export const CharClass = { Separator: 0, Space: 1, Word: 2, Han: 3, Hangul: 4 } as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

const HAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\uff70]/u;
const HANGUL = /\p{Script=Hangul}/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /\s/u;

const bmp = new Uint8Array(0x10000); // class + 1; 0 = not computed yet
const astral = new Map<number, CharClass>();

function compute(ch: string): CharClass {
  if (HAN.test(ch)) return CharClass.Han;
  if (HANGUL.test(ch)) return CharClass.Hangul;
  if (WORD.test(ch)) return CharClass.Word;
  if (SPACE.test(ch)) return CharClass.Space;
  return CharClass.Separator;
}

export function classOf(codePoint: number): CharClass {
  if (codePoint < 0x10000) {
    const known = bmp[codePoint];
    if (known !== 0) return (known - 1) as CharClass;
    const cls = compute(String.fromCharCode(codePoint));
    bmp[codePoint] = cls + 1;
    return cls;
  }
  let cls = astral.get(codePoint);
  if (cls === undefined) {
    cls = compute(String.fromCodePoint(codePoint));
    astral.set(codePoint, cls);
  }
  return cls;
}

/** True for scripts matched as substrings (Han, kana, Hangul). */
export function isCjkClass(cls: CharClass): boolean {
  return cls === CharClass.Han || cls === CharClass.Hangul;
}
