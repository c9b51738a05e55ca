/** Writing systems that decide a language (or narrow it down) before any statistics. */
export type Script =
  | 'latin'
  | 'cyrillic'
  | 'greek'
  | 'armenian'
  | 'hebrew'
  | 'arabic'
  | 'devanagari'
  | 'bengali'
  | 'tamil'
  | 'thai'
  | 'georgian'
  | 'hangul'
  | 'kana'
  | 'han';

/**
 * Unicode ranges per script, as [from, to] code points. Hand-written ranges
 * rather than `\p{Script=...}` regexes: one pass of comparisons over a whole
 * article is several times faster than a regex test per character, and only
 * letters matter here (digits and punctuation belong to no script).
 */
const RANGES: ReadonlyArray<readonly [number, number, Script]> = [
  [0x41, 0x5a, 'latin'],
  [0x61, 0x7a, 'latin'],
  [0xc0, 0xd6, 'latin'],
  [0xd8, 0xf6, 'latin'],
  [0xf8, 0x24f, 'latin'],
  [0x370, 0x3ff, 'greek'],
  [0x400, 0x52f, 'cyrillic'],
  [0x530, 0x58f, 'armenian'],
  [0x590, 0x5ff, 'hebrew'],
  [0x600, 0x6ff, 'arabic'],
  [0x750, 0x77f, 'arabic'],
  [0x8a0, 0x8ff, 'arabic'],
  [0x900, 0x97f, 'devanagari'],
  [0x980, 0x9ff, 'bengali'],
  [0xb80, 0xbff, 'tamil'],
  [0xe00, 0xe7f, 'thai'],
  [0x10a0, 0x10ff, 'georgian'],
  [0x1100, 0x11ff, 'hangul'],
  [0x1c80, 0x1c8f, 'cyrillic'],
  [0x1e00, 0x1eff, 'latin'],
  [0x1f00, 0x1fff, 'greek'],
  [0x2de0, 0x2dff, 'cyrillic'],
  [0x3005, 0x3005, 'han'], // 々, the ideographic iteration mark
  [0x3040, 0x30ff, 'kana'],
  [0x3130, 0x318f, 'hangul'],
  [0x31f0, 0x31ff, 'kana'],
  [0x3400, 0x4dbf, 'han'],
  [0x4e00, 0x9fff, 'han'],
  [0xa640, 0xa69f, 'cyrillic'],
  [0xa960, 0xa97f, 'hangul'],
  [0xac00, 0xd7ff, 'hangul'],
  [0xf900, 0xfaff, 'han'],
  [0xfb50, 0xfdff, 'arabic'],
  [0xfe70, 0xfeff, 'arabic'],
  [0xff21, 0xff3a, 'latin'],
  [0xff41, 0xff5a, 'latin'],
  [0xff66, 0xff9f, 'kana'],
  [0x20000, 0x2ffff, 'han'],
];

/** The script of one code point, or null for digits, punctuation, spaces and symbols. */
export function scriptOf(codePoint: number): Script | null {
  // Binary search: RANGES is sorted and non-overlapping.
  let lo = 0;
  let hi = RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [from, to, script] = RANGES[mid]!;
    if (codePoint < from) hi = mid - 1;
    else if (codePoint > to) lo = mid + 1;
    else return script;
  }
  return null;
}

/** Hangul, kana and Han: scripts written without (reliable) spaces between words. */
export function isCjkScript(script: Script | null): boolean {
  return script === 'hangul' || script === 'kana' || script === 'han';
}

export type ScriptProfile = Record<Script, number> & { letters: number };

/** How many letters of each script a text holds. */
export function scriptProfile(text: string): ScriptProfile {
  const profile = {
    latin: 0, cyrillic: 0, greek: 0, armenian: 0, hebrew: 0, arabic: 0, devanagari: 0,
    bengali: 0, tamil: 0, thai: 0, georgian: 0, hangul: 0, kana: 0, han: 0, letters: 0,
  };
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    // ASCII fast path: most of a Latin-script article.
    if (cp < 0x80) {
      if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) {
        profile.latin++;
        profile.letters++;
      }
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      cp = text.codePointAt(i)!;
      i++;
    }
    const script = scriptOf(cp);
    if (script) {
      profile[script]++;
      profile.letters++;
    }
  }
  return profile;
}
