import type * as Tinyld from 'tinyld';
import { normaliseLanguageTag } from './language-tag';
import { Script, ScriptProfile, scriptOf, scriptProfile } from './script';

/**
 * tinyld's language profiles (about 15 MB) are loaded on first use: most
 * texts are settled by their script or plainly English before it is needed,
 * and the processes that import this lib without reading articles (the api,
 * the CLI) never load them.
 */
let tinyldModule: typeof Tinyld | null = null;
function tinyld(): typeof Tinyld {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tinyldModule ??= require('tinyld') as typeof Tinyld;
  return tinyldModule;
}

/**
 * Scripts that name their language outright. Arabic, Devanagari and Cyrillic
 * are shared by several languages: the first entry is the answer when the text
 * gives nothing better, the rest are the hints that are accepted instead.
 */
const SINGLE_SCRIPT: Partial<Record<Script, readonly string[]>> = {
  greek: ['el'],
  armenian: ['hy'],
  hebrew: ['he', 'yi'],
  arabic: ['ar', 'fa', 'ur', 'ps', 'ku'],
  devanagari: ['hi', 'mr', 'ne', 'sa'],
  bengali: ['bn', 'as'],
  tamil: ['ta'],
  thai: ['th'],
  georgian: ['ka'],
};

const CYRILLIC_LANGUAGES = new Set(['ru', 'uk', 'be', 'bg', 'sr', 'mk', 'kk', 'ky', 'mn', 'tg', 'tt', 'ba']);

/** Languages that are (almost) never written in Latin letters: such a hint cannot describe a Latin-script text. */
const NON_LATIN_LANGUAGES = new Set([
  ...[...CYRILLIC_LANGUAGES].filter((l) => l !== 'sr'),
  ...Object.values(SINGLE_SCRIPT).flat(),
  'ko', 'ja', 'zh', 'am', 'km', 'lo', 'my',
]);

/** The detector's answers that are never the language of a news article. */
const IMPLAUSIBLE = new Set(['la', 'eo', 'vo', 'tlh']);

/**
 * Letters below which an alphabetic text is too short for n-gram statistics:
 * tinyld starts guessing (Latvian for "Kim Jong Un visited") under about four
 * words.
 */
const MIN_ALPHABETIC_LETTERS = 24;
/** Han characters below which Chinese cannot be told from a kanji-only Japanese or Korean fragment. */
const MIN_HAN = 4;
/** Kana among Han and kana that makes a text Japanese: Japanese prose runs at 30-60%, Chinese quoting a Japanese name stays well under. */
const KANA_SHARE_FOR_JAPANESE = 0.1;
/** The detector gives 1 when only one language fits; a spread of small scores means it does not know. */
const CONFIDENT_ACCURACY = 0.5;
/** ...or a clear lead over the runner-up on a text long enough for the lead to mean something. */
const CONFIDENT_LEAD = 2;
const MIN_LETTERS_FOR_LEAD = 60;
/** Enough text for the detector's n-grams; more only costs time. */
const SAMPLE_CHARS = 4000;

/**
 * The ISO 639-1 language of a text: script alone decides Korean, Japanese,
 * Chinese and most non-Latin scripts; tinyld's n-gram statistics decide among
 * Latin-script (and Cyrillic) languages. The hint (a source's or page's
 * declared language) wins whenever the text cannot settle it; null when the
 * text is too short to tell and there is no hint.
 */
export function detectLanguage(text: string, hint?: string | null): string | null {
  const declared = normaliseLanguageTag(hint);
  const profile = scriptProfile(text);
  if (profile.letters === 0) return declared;
  switch (dominantScript(profile)) {
    case 'cjk':
      return detectCjk(profile, declared);
    case 'latin':
      return detectLatin(text, profile, declared);
    case 'cyrillic':
      return detectCyrillic(text, profile, declared);
    default: {
      const script = dominantScript(profile) as Script;
      const options = SINGLE_SCRIPT[script] ?? [];
      if (declared && options.includes(declared)) return declared;
      return options[0] ?? declared;
    }
  }
}

/**
 * The script with the most letters, Han, kana and Hangul counted together and
 * twice: one CJK character carries about what two or three Latin letters do,
 * so a Korean article naming "UN" and "Vladivostok" stays Korean and an English
 * one quoting a Korean phrase stays English.
 */
function dominantScript(profile: ScriptProfile): Script | 'cjk' {
  let best: Script | 'cjk' = 'cjk';
  let bestWeight = 2 * (profile.hangul + profile.kana + profile.han);
  for (const script of Object.keys(profile) as Array<Script | 'letters'>) {
    if (script === 'letters' || script === 'hangul' || script === 'kana' || script === 'han') continue;
    if (profile[script] > bestWeight) {
      best = script;
      bestWeight = profile[script];
    }
  }
  return best;
}

function detectCjk(p: ScriptProfile, declared: string | null): string | null {
  // Korean writes Hangul with the odd Hanja; any real share of Hangul is Korean.
  if (p.hangul > 0 && p.hangul >= p.kana && p.hangul * 5 >= p.han) return 'ko';
  if (p.kana > 0 && p.kana >= KANA_SHARE_FOR_JAPANESE * (p.kana + p.han)) return 'ja';
  // Han alone: Chinese, unless the source says it is a kanji or Hanja fragment.
  if (declared === 'zh' || declared === 'ja' || declared === 'ko') return declared;
  return p.han >= MIN_HAN ? 'zh' : declared;
}

function detectLatin(text: string, p: ScriptProfile, declared: string | null): string | null {
  const usableHint = declared && !NON_LATIN_LANGUAGES.has(declared) ? declared : null;
  if (p.latin < MIN_ALPHABETIC_LETTERS) return usableHint;
  if (plainlyEnglish(text)) return 'en';
  const guess = confidentGuess(onlyScript(text, 'latin'), p.latin);
  return guess ?? usableHint;
}

function detectCyrillic(text: string, p: ScriptProfile, declared: string | null): string | null {
  const usableHint = declared && CYRILLIC_LANGUAGES.has(declared) ? declared : null;
  const distinctive = distinctiveCyrillic(text, p.cyrillic);
  if (distinctive) return distinctive;
  if (p.cyrillic < MIN_ALPHABETIC_LETTERS / 2) return usableHint;
  const guess = confidentGuess(onlyScript(text, 'cyrillic'), p.cyrillic);
  if (guess && CYRILLIC_LANGUAGES.has(guess)) return guess;
  // Plain Cyrillic without the Ukrainian, Belarusian or Serbian letters: the
  // statistics rarely give Russian a lead of 2 over Bulgarian on a sentence or
  // two, but it is by far the likeliest reading for this project's sources.
  return usableHint ?? 'ru';
}

const DISTINCTIVE_CYRILLIC: ReadonlyArray<readonly [RegExp, string]> = [
  [/[ґєїЄЇҐ]/g, 'uk'],
  [/[ўЎ]/g, 'be'],
  [/[ђћЂЋ]/g, 'sr'],
  [/[ѓќѕЃЌЅ]/g, 'mk'],
  [/[әғқңұһӘҒҚҢҰҺ]/g, 'kk'],
];
/** Share of a text's Cyrillic letters that are (say) Ukrainian-only before it counts as Ukrainian: prose runs at 1-3%. */
const DISTINCTIVE_SHARE = 0.01;

/**
 * The language whose own letters a text uses often enough. A share and not
 * mere presence: a Russian report naming Київ once is still Russian.
 */
function distinctiveCyrillic(text: string, cyrillic: number): string | null {
  const sample = text.slice(0, SAMPLE_CHARS * 2);
  for (const [letters, lang] of DISTINCTIVE_CYRILLIC) {
    const n = sample.match(letters)?.length ?? 0;
    if (n > 0 && n >= DISTINCTIVE_SHARE * Math.min(cyrillic, SAMPLE_CHARS * 2)) return lang;
  }
  return null;
}

/**
 * English words common in any English prose and rare or absent as words of
 * other Latin-script languages (no "a", "in", "on", "to", "was", "for", "by",
 * "is": each is a common word of one of them).
 */
const ENGLISH_MARKERS = new Set(['the', 'and', 'of', 'that', 'with', 'from', 'said', 'have', 'which', 'would', 'their', 'they', 'this', 'been', 'who', 'its', 'were', 'it', 'not']);
/** Words read for the English check. */
const ENGLISH_SAMPLE_WORDS = 400;
/** Fewer words than this, and the statistics decide. */
const ENGLISH_MIN_WORDS = 40;
/** English prose runs at 15-25% of these words, "the" alone at 4-7%; other languages' text quoting English stays far below. */
const ENGLISH_MARKER_SHARE = 0.12;
const ENGLISH_THE_SHARE = 0.03;

/**
 * Whether a long Latin-script text is English beyond doubt, by its function
 * words: most articles are English, and the n-gram detector costs several
 * milliseconds a call whatever the length, more than the rest of an
 * article's ingestion. Texts that are not plainly English go to it.
 */
function plainlyEnglish(text: string): boolean {
  let words = 0;
  let markers = 0;
  let the = 0;
  for (const m of text.slice(0, SAMPLE_CHARS).matchAll(/[\p{L}']+/gu)) {
    const w = m[0].toLowerCase();
    words++;
    if (ENGLISH_MARKERS.has(w)) {
      markers++;
      if (w === 'the') the++;
    }
    if (words >= ENGLISH_SAMPLE_WORDS) break;
  }
  return words >= ENGLISH_MIN_WORDS && markers >= ENGLISH_MARKER_SHARE * words && the >= ENGLISH_THE_SHARE * words;
}

/** tinyld's answer when it is sure of it, else null. */
function confidentGuess(sample: string, letters: number): string | null {
  const ranked = tinyld().detectAll(sample.slice(0, SAMPLE_CHARS)).filter((r) => /^[a-z]{2}$/.test(r.lang) && !IMPLAUSIBLE.has(r.lang));
  const [top, second] = ranked;
  if (!top) return null;
  if (top.accuracy >= CONFIDENT_ACCURACY) return top.lang;
  if (letters >= MIN_LETTERS_FOR_LEAD && top.accuracy >= CONFIDENT_LEAD * (second?.accuracy ?? 0)) return top.lang;
  return null;
}

/**
 * The text with letters of other scripts blanked out, so that a quoted Korean
 * phrase or a Cyrillic name does not skew the n-gram statistics.
 */
function onlyScript(text: string, keep: Script): string {
  let out = '';
  for (const ch of text.slice(0, SAMPLE_CHARS * 2)) {
    const script = scriptOf(ch.codePointAt(0)!);
    out += script === null || script === keep ? ch : ' ';
  }
  return out;
}
