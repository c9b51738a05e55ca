import { isDigitCode, isLetterCode } from './char-kind';

/** One written number ("62,000", "1.7", "62 000", "1,7" before a Russian multiplier). */
export interface NumberToken {
  start: number;
  end: number;
  value: number;
  /** Digits before the decimal mark, separators excluded ("62,000" has 5). */
  intDigits: number;
  /** Written with thousands separators. */
  grouped: boolean;
  decimal: boolean;
}

const COMMA = 44;
const DOT = 46;
const SPACE = 32;
const NBSP = 0xa0;
const THIN = 0x2009;
const NARROW_NBSP = 0x202f;
const APOS = 39;
const HYPHEN = 45;
const EN_DASH = 0x2013;
const COLON = 58;
const SLASH = 47;
const PLUS = 43;

function isGroupSeparator(c: number): boolean {
  return c === COMMA || c === SPACE || c === NBSP || c === THIN || c === NARROW_NBSP || c === APOS;
}

function threeDigitsAt(text: string, i: number): boolean {
  return (
    isDigitCode(text.charCodeAt(i)) &&
    isDigitCode(text.charCodeAt(i + 1)) &&
    isDigitCode(text.charCodeAt(i + 2)) &&
    !isDigitCode(text.charCodeAt(i + 3))
  );
}

/** Characters allowed inside a phone number after a leading "+". */
function isPhoneChar(c: number): boolean {
  return isDigitCode(c) || c === SPACE || c === HYPHEN || c === 40 || c === 41 || c === DOT || c === NBSP;
}

/**
 * A digit run next to "-digit", ":digit" or "/digit" is part of a phone number, a
 * time, a range, a slash date or an ISO date: never a quantity on its own. Says
 * where the joined digits are ("after" for the first run of such a sequence).
 */
function joinedToDigits(text: string, start: number, end: number): 'before' | 'after' | null {
  const joiner = (c: number) => c === HYPHEN || c === EN_DASH || c === COLON || c === SLASH;
  if (joiner(text.charCodeAt(start - 1)) && isDigitCode(text.charCodeAt(start - 2))) return 'before';
  if (joiner(text.charCodeAt(end)) && isDigitCode(text.charCodeAt(end + 1))) return 'after';
  return null;
}

/** A Cyrillic letter or a symbol that makes "1,7" a decimal comma rather than a list. */
function decimalCommaFollows(text: string, i: number): boolean {
  let c = text.charCodeAt(i);
  if (c === SPACE || c === NBSP) c = text.charCodeAt(i + 1);
  return (c >= 0x400 && c <= 0x4ff) || c === 0x20ac || c === 0x20bd;
}

export interface ScannedNumbers {
  numbers: NumberToken[];
  /**
   * Starts of digit sequences joined by "-", ".", "/" or ":" ("2019-12-22",
   * "22.12.2019", "010-1234-5678") that are not numbers on their own; the date
   * extractor reads the dates among them.
   */
  compounds: number[];
}

const DIGIT = /[0-9]/g;

/**
 * Finds the numbers of a text: a regex jumps to the next digit (much faster than a
 * loop over every character), the number is then read by hand. Digit runs glued to
 * letters ("COVID-19", "G20", "A4"), phone numbers ("+82 2 ..."), times, ranges and
 * dotted sequences ("2019.12.22", "1.2.3") are skipped as numbers.
 */
export function scanNumbers(text: string): ScannedNumbers {
  const numbers: NumberToken[] = [];
  const compounds: number[] = [];
  const n = text.length;
  DIGIT.lastIndex = 0;
  for (let hit = DIGIT.exec(text); hit; hit = DIGIT.exec(text)) {
    const start = hit.index;
    const c = text.charCodeAt(start);
    let i = start;
    const prev = text.charCodeAt(start - 1);
    if (prev === PLUS || (prev === SPACE && text.charCodeAt(start - 2) === PLUS)) {
      while (i < n && isPhoneChar(text.charCodeAt(i))) i++;
      DIGIT.lastIndex = i;
      continue;
    }
    let value = 0;
    while (i < n && isDigitCode(text.charCodeAt(i))) value = value * 10 + (text.charCodeAt(i++) - 48);
    let intDigits = i - start;
    let grouped = false;
    const leadingZero = c === 48 && intDigits > 1;
    if (intDigits <= 3 && !leadingZero) {
      const sep = text.charCodeAt(i);
      if (isGroupSeparator(sep) && threeDigitsAt(text, i + 1)) {
        do {
          value = value * 1000 + (text.charCodeAt(i + 1) - 48) * 100 + (text.charCodeAt(i + 2) - 48) * 10 + (text.charCodeAt(i + 3) - 48);
          intDigits += 3;
          i += 4;
          grouped = true;
        } while (text.charCodeAt(i) === sep && threeDigitsAt(text, i + 1));
      }
    }
    let decimal = false;
    const mark = text.charCodeAt(i);
    if (mark === DOT && isDigitCode(text.charCodeAt(i + 1))) {
      let k = i + 1;
      while (k < n && isDigitCode(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) === DOT && isDigitCode(text.charCodeAt(k + 1))) {
        // Dotted sequence: not a number, maybe a date.
        while (k < n && (isDigitCode(text.charCodeAt(k)) || (text.charCodeAt(k) === DOT && isDigitCode(text.charCodeAt(k + 1))))) k++;
        compounds.push(start);
        DIGIT.lastIndex = k;
        continue;
      }
      value = Number.parseFloat(`${value}.${text.slice(i + 1, k)}`);
      decimal = true;
      i = k;
    } else if (!grouped && mark === COMMA && isDigitCode(text.charCodeAt(i + 1))) {
      const twoDigits = isDigitCode(text.charCodeAt(i + 2));
      const k = i + (twoDigits ? 3 : 2);
      if (!isDigitCode(text.charCodeAt(k)) && decimalCommaFollows(text, k)) {
        value = Number.parseFloat(`${value}.${text.slice(i + 1, k)}`);
        decimal = true;
        i = k;
      }
    }
    const end = i;
    DIGIT.lastIndex = end;
    if (leadingZero && !decimal) continue; // "010", "007": identifiers, not quantities
    if (isLetterCode(prev) || (prev === HYPHEN && isLetterCode(text.charCodeAt(start - 2)))) continue;
    const joined = joinedToDigits(text, start, end);
    if (joined === 'after') compounds.push(start);
    if (joined) continue;
    numbers.push({ start, end, value, intDigits, grouped, decimal });
  }
  return { numbers, compounds };
}

/** A plain four-digit number that reads as a year (1900-2099). */
export function isYearLike(t: NumberToken): boolean {
  return t.intDigits === 4 && !t.grouped && !t.decimal && t.value >= 1900 && t.value <= 2099;
}
