import { CharKind, isWordCode, kindOf } from './char-kind';
import type { PlaceFact } from './facts.types';
import { GAZETTEER, type GazetteerEntry } from './gazetteer.data';
import { longestFirst } from './span-overlap';
import type { TextProfile } from './text-profile';

/**
 * Gazetteer lookup: capitalised Latin/Cyrillic words are looked up by their first
 * word, then the rest of a multi-word name is checked with a sticky regex; Chinese,
 * Japanese and Korean names are looked up by their first character and compared in
 * place. Both scans are driven by a regex that jumps to candidate characters, which
 * is several times faster than a JavaScript loop over every character. Nothing is
 * compiled per call.
 */

interface AlphabeticName {
  entry: GazetteerEntry;
  /** The rest of the name after its first word (sticky, case-insensitive), or null for one-word names. */
  tail: RegExp | null;
  reject: RegExp | null;
  length: number;
}

interface CjkName {
  entry: GazetteerEntry;
  alias: string;
  reject: RegExp | null;
}

/** Extra letters allowed after a Russian stem: case endings and adjective suffixes. */
const MAX_STEM_SUFFIX = 4;
const MIN_STEM = 3;
/** Loose separator inside multi-word names: "St Petersburg", "St. Petersburg", "St-Petersburg". */
const SEP = "[\\s\\u00a0.'\\u2019\\u2010\\u2011\\u2013-]{1,3}";

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isCyrillic(code: number): boolean {
  return code >= 0x400 && code <= 0x52f;
}

/** Splits a name into its alphabetic words (the same way the scanner splits the text). */
function words(name: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < name.length) {
    if (!isWordCode(name.charCodeAt(i))) {
      i++;
      continue;
    }
    const s = i;
    while (i < name.length && isWordCode(name.charCodeAt(i))) i++;
    out.push(name.slice(s, i));
  }
  return out;
}

function rejectRegex(entry: GazetteerEntry): RegExp | null {
  if (!entry.notFollowedBy?.length) return null;
  return new RegExp(`[\\s\\u00a0]*(?:${entry.notFollowedBy.map(escapeRegex).join('|')})`, 'iy');
}

const alphabetic = new Map<string, AlphabeticName[]>();
const cjk = new Map<number, CjkName[]>();
const cjkFirst = new Uint8Array(0x10000);

for (const entry of GAZETTEER) {
  const reject = rejectRegex(entry);
  for (const alias of [entry.name, ...entry.aliases]) {
    const first = alias.charCodeAt(0);
    if (kindOf(first) === CharKind.Cjk) {
      const list = cjk.get(first) ?? [];
      list.push({ entry, alias, reject });
      cjk.set(first, list);
      cjkFirst[first] = 1;
      continue;
    }
    const [head, ...rest] = words(alias);
    const tail = rest.length
      ? new RegExp(rest.map((w) => `${SEP}${escapeRegex(w)}${isCyrillic(w.charCodeAt(0)) ? `[а-яё]{0,${MAX_STEM_SUFFIX}}` : ''}`).join(''), 'iy')
      : null;
    // Keyed as written and in capitals ("China", "CHINA"), so lookups need no lower-casing.
    for (const key of new Set([head, head.toUpperCase()])) {
      const list = alphabetic.get(key) ?? [];
      list.push({ entry, tail, reject, length: alias.length });
      alphabetic.set(key, list);
    }
  }
}
// Longest names first, so "Jilin City" wins over "Jilin" and 유즈노사할린스크 over 사할린.
for (const list of alphabetic.values()) list.sort((a, b) => b.length - a.length);
for (const list of cjk.values()) list.sort((a, b) => b.alias.length - a.alias.length);

function fact(text: string, entry: GazetteerEntry, start: number, end: number): PlaceFact {
  const f: PlaceFact = { name: entry.name, country: entry.country, text: text.slice(start, end), span: [start, end] };
  if (entry.region) f.region = entry.region;
  return f;
}

function rejected(text: string, end: number, reject: RegExp | null): boolean {
  if (!reject) return false;
  reject.lastIndex = end;
  return reject.test(text);
}

/** Tries the names keyed by `key` (the word as written) ending at `wordEnd`; returns the end of the match or -1. */
function matchAlphabetic(text: string, key: string, wordEnd: number, out: { entry: GazetteerEntry | null }): number {
  const list = alphabetic.get(key);
  if (!list) return -1;
  for (const name of list) {
    let end = wordEnd;
    if (name.tail) {
      name.tail.lastIndex = wordEnd;
      const m = name.tail.exec(text);
      if (!m) continue;
      end = wordEnd + m[0].length;
      if (end < text.length && isWordCode(text.charCodeAt(end))) continue;
    }
    if (rejected(text, end, name.reject)) continue;
    out.entry = name.entry;
    return end;
  }
  return -1;
}

/** A capitalised Latin or Cyrillic word (the rest of the word may be in any case). */
const CAPITALISED = /[A-Z\u00c0-\u00de\u0400-\u042f][0-9A-Za-z\u00c0-\u024f\u0400-\u052f]*/g;
/**
 * A stretch of Chinese, Japanese or Korean text (spaces included, so a Korean
 * sentence is one stretch). Jumping between stretches with a plain range class is
 * fast; a class listing the first characters of every name is not.
 */
const CJK_RUN = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff][\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\s]*/g;

function alphabeticPlaces(text: string, out: PlaceFact[]): void {
  const found: { entry: GazetteerEntry | null } = { entry: null };
  CAPITALISED.lastIndex = 0;
  for (let m = CAPITALISED.exec(text); m; m = CAPITALISED.exec(text)) {
    const start = m.index;
    if (start > 0 && isWordCode(text.charCodeAt(start - 1))) continue; // "McDonald": not a word start
    const wordEnd = start + m[0].length;
    const word = m[0];
    let end = matchAlphabetic(text, word, wordEnd, found);
    if (end < 0 && isCyrillic(text.charCodeAt(start))) {
      // Russian stems: try the word minus up to four trailing letters.
      for (let cut = 1; cut <= MAX_STEM_SUFFIX && word.length - cut >= MIN_STEM && end < 0; cut++) {
        end = matchAlphabetic(text, word.slice(0, word.length - cut), wordEnd, found);
      }
    }
    if (end >= 0 && found.entry) {
      out.push(fact(text, found.entry, start, end));
      CAPITALISED.lastIndex = end;
    }
  }
}

function cjkPlaces(text: string, out: PlaceFact[]): void {
  CJK_RUN.lastIndex = 0;
  for (let m = CJK_RUN.exec(text); m; m = CJK_RUN.exec(text)) {
    const runEnd = m.index + m[0].length;
    let i = m.index;
    while (i < runEnd) {
      const code = text.charCodeAt(i);
      let matched = 0;
      if (cjkFirst[code] === 1) {
        for (const name of cjk.get(code)!) {
          if (!text.startsWith(name.alias, i)) continue;
          if (rejected(text, i + name.alias.length, name.reject)) continue;
          out.push(fact(text, name.entry, i, i + name.alias.length));
          matched = name.alias.length;
          break;
        }
      }
      i += matched || 1;
    }
    if (i > runEnd) CJK_RUN.lastIndex = i;
  }
}

export function extractPlaces(text: string, profile: TextProfile): PlaceFact[] {
  const out: PlaceFact[] = [];
  alphabeticPlaces(text, out);
  if (profile.hangul || profile.han) cjkPlaces(text, out);
  return longestFirst(out);
}
