import {
  addDuration,
  englishMonth,
  isoDay,
  isoMonth,
  isoYear,
  inferYear,
  russianMonth,
  RUSSIAN_MONTH_ANY,
  RUSSIAN_MONTH_GENITIVE,
  type DurationUnit,
} from './calendar';
import { boundaryAfter, boundaryBefore } from './char-kind';
import { matchAt, matchBefore } from './context-window';
import type { DateFact } from './facts.types';
import { isYearLike, type NumberToken } from './number-scanner';
import { longestFirst } from './span-overlap';
import type { TextProfile } from './text-profile';

/**
 * Dates and deadlines.
 *
 * - A date without a year ("March 10", "12월 22일") takes its year from the
 *   publication date (see inferYear: past for events, coming for deadlines); with no
 *   publication date its iso is null rather than a guess.
 * - A month on its own counts only after a preposition ("in October", "by
 *   December"), and a bare year only after one ("in 2019", "by late 2019", "the end
 *   of 2019"): "2019" alone is as often a count or an ID as a year.
 * - A date becomes a deadline when the text sets it as a limit: "by", "until",
 *   "no later than", "deadline", 까지, 之前, до. Relative limits ("within 120 days",
 *   "by the end of the year") are computed from the publication date when there is
 *   one. The word "deadline" on its own is a deadline with iso null.
 * - Precision follows the text: "late 2019" is "2019", "the end of 2019" is
 *   "2019-12-31", "December 2019" is "2019-12".
 */

const SP = '[\\s\\u00a0]';
const FULL_MONTH_NAMES = 'January|February|March|April|May|June|July|August|September|October|November|December';
const FULL_MONTHS = new Set(FULL_MONTH_NAMES.split('|'));
const MONTHS = `${FULL_MONTH_NAMES}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec`;

/** Groups: 1 month, 2 day, 3 year after day, 4 year after month, 5 this/last/next. */
const EN_MONTH = new RegExp(
  `(${MONTHS})(?![A-Za-z])\\.?(?:${SP}+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?${SP}+(\\d{4})(?!\\d))?|,?${SP}+(\\d{4})(?!\\d)|${SP}+(this|last|next)${SP}+year(?![A-Za-z]))?`,
  'g',
);
/** At a number: "22 December 2019", "5th of May". Groups: 1 day, 2 month, 3 year. */
const EN_DAY_MONTH = new RegExp(`(\\d{1,2})(?:st|nd|rd|th)?${SP}+(?:of${SP}+)?(${MONTHS})(?![A-Za-z])\\.?(?:,?${SP}+(\\d{4})(?!\\d))?`, 'y');
/** At a joined digit sequence: "2019-12-22", "2019/12/22", "2019.12.22", "22.12.2019". */
const NUMERIC = /(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?!\d)|(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)/y;

const DEADLINE_PREFIX = `(?:by|until|till|before|no${SP}+later${SP}+than|not${SP}+later${SP}+than|deadline(?:${SP}+(?:of|is|was|on|for))?|due(?:${SP}+(?:by|on))?)${SP}+(?:at${SP}+least${SP}+|as${SP}+late${SP}+as${SP}+)?`;
const PART_OF = `(?:(?:early|late|mid)[\\s\\u00a0-]*|(?:the${SP}+)?(?:end|middle|beginning|start)${SP}+of${SP}+(?:the${SP}+year${SP}+)?)`;
const EN_DEADLINE_BEFORE = new RegExp(`(?<![A-Za-z])${DEADLINE_PREFIX}${PART_OF}?$`, 'i');
const EN_PREPOSITION_BEFORE = new RegExp(
  `(?<![A-Za-z])(?:in|by|until|till|since|from|before|after|during|through|at|of|as${SP}+of)${SP}+${PART_OF}?$`,
  'i',
);
/**
 * Everything that can stand before a bare year, in one pattern so a year costs one
 * look back. Groups: 1 a deadline word ("by", "until"...), 2 the part of the year
 * ("late ", "the end of ").
 */
const EN_YEAR_BEFORE = new RegExp(
  `(?<![A-Za-z])(?:(${DEADLINE_PREFIX})|(?:in|since|from|during|through|after|at|of|as${SP}+of)${SP}+)(${PART_OF})?$`,
  'i',
);
const EN_DEADLINE_AFTER = new RegExp(`${SP}+deadlines?(?![A-Za-z])`, 'iy');

const WORD_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, sixty: 60, ninety: 90,
};
/** Head words of the English relative limits, found in one scan. */
const EN_TRIGGER = /[wW]ithin|WITHIN|[yY]ear|YEAR|[dD]eadline|DEADLINE/g;
/** After "within". Groups: 1 amount, 2 unit. */
const EN_WITHIN_AFTER = new RegExp(
  `${SP}+(?:the${SP}+next${SP}+)?(\\d{1,4}|${Object.keys(WORD_NUMBERS).join('|')})${SP}+(days?|weeks?|months?|years?)(?![A-Za-z])`,
  'iy',
);
/** After "year": "year's end", "year-end", or just "year" (then "the end of this" must precede). */
const EN_YEAR_AFTER = /(?:['’]s[\s\u00a0]+end|[\s\u00a0-]end)?(?![A-Za-z])/iy;
const EN_DEADLINE_PLURAL = /s?(?![A-Za-z])/y;
/** Group 1: the/this/next/that. */
const EN_END_OF_BEFORE = new RegExp(`(?:the${SP}+)?end${SP}+of${SP}+(the|this|next|that)${SP}+$`, 'i');
const EN_THIS_BEFORE = new RegExp(`(?<![A-Za-z])(this|next)${SP}+$`, 'i');
const EN_LIMIT_BEFORE = new RegExp(`(?<![A-Za-z])(?:by|until|till|before|no${SP}+later${SP}+than)${SP}+(?:at${SP}+least${SP}+)?$`, 'i');

/** At a number: "2019년 12월 22일", "2019年12月", "12월 22일", "2019年底". Groups: 1 year, 2 year-end, 3 month, 4 day. */
const CJK_DATE = new RegExp(
  `(?:(\\d{4})${SP}?[年년](${SP}?(?:底|末|말))?${SP}?)?(?:(\\d{1,2})${SP}?[月월]${SP}?(?:(\\d{1,2})${SP}?[日일号號])?)?`,
  'y',
);
const CJK_DEADLINE_AFTER = new RegExp(`${SP}?(?:까지|이전까지|전까지|前|之前|以前|为止|為止)`, 'y');
/** At a number: "120일 이내", "120天内". Groups: 1 unit. */
const CJK_WITHIN = new RegExp(`${SP}?(일|주|개월|년|天|日|周|星期|个月|個月|年)${SP}?(?:이내|안에|내에|내로|内|之内|以内|內|之內|以內)`, 'y');
const CJK_UNITS: Record<string, DurationUnit> = {
  일: 'day', 天: 'day', 日: 'day', 주: 'week', 周: 'week', 星期: 'week', 개월: 'month', 个月: 'month', 個月: 'month', 년: 'year', 年: 'year',
};
/** Korean/Chinese "by the end of this year". Group 1: deadline suffix. */
const KO_YEAR_END = new RegExp(`(?:올해|금년|연)${SP}?말(${SP}?(?:까지|이전까지|전까지))`, 'g');
const ZH_YEAR_END = /(?:今年)?(?:年底|年末)(前|之前|以前)|年内|年內/g;
const KO_DEADLINE_WORD = /(?:기한|시한)(?!폭탄)/g;
const ZH_DEADLINE_WORD = /期限|截止日期|最后期限|最後期限/g;

/** At a number: "22 декабря 2019 года". Groups: 1 day, 2 month word, 3 year. */
const RU_DAY_MONTH = new RegExp(`(\\d{1,2})${SP}+(${RUSSIAN_MONTH_GENITIVE})(?![а-яё])(?:${SP}+(\\d{4})(?:${SP}*(?:года|г\\.))?)?`, 'iy');
/** Before a year: "в декабре 2019". Group 1: the month. */
const RU_MONTH_BEFORE = new RegExp(`(?<![а-яёА-ЯЁ])(${RUSSIAN_MONTH_ANY})${SP}+$`, 'i');
const RU_YEAR_AFTER = new RegExp(`${SP}+(?:году|года|г\\.)`, 'iy');
/** Before "2019 году". Groups: 1 "до" (a limit), 2 "конца"/"конце" (the end of the year). */
const RU_YEAR_BEFORE = new RegExp(`(?<![а-яёА-ЯЁ])(?:(до)${SP}+(конца)|в${SP}+(конце)|(до)|в|с|к|на|после)${SP}+$`, 'i');
const RU_DEADLINE_BEFORE = new RegExp(`(?<![а-яёА-ЯЁ])(?:до|не${SP}+позднее|к)${SP}+(?:конца${SP}+)?$`, 'i');
const RU_WITHIN_BEFORE = new RegExp(`(?<![а-яёА-ЯЁ])в${SP}+течение${SP}+$`, 'i');
const RU_WITHIN_AFTER = new RegExp(`${SP}+(дн[а-яё]*|недел[а-яё]*|месяц[а-яё]*|год[а-яё]*|лет)(?![а-яё])`, 'iy');
// Written without the i flag and without a leading look-behind: case-insensitive
// Cyrillic patterns scan several times slower.
const RU_YEAR_END = new RegExp(`[дД]о${SP}+конца${SP}+(?:(?:этого|текущего|нынешнего)${SP}+|(следующего)${SP}+)?года`, 'g');
const RU_DEADLINE_WORD = new RegExp(`[кК]райн[а-яё]*${SP}+срок[а-яё]*`, 'g');

function russianUnit(word: string): DurationUnit {
  const w = word.toLowerCase();
  if (w.startsWith('дн')) return 'day';
  if (w.startsWith('недел')) return 'week';
  if (w.startsWith('месяц')) return 'month';
  return 'year';
}

function englishUnit(word: string): DurationUnit {
  const w = word.toLowerCase();
  return (w.endsWith('s') ? w.slice(0, -1) : w) as DurationUnit;
}

/** An ISO value, or one that depends on whether the phrase turns out to be a deadline (dates without a year). */
type Iso = string | null | ((deadline: boolean) => string | null);

class DateCollector {
  readonly out: DateFact[] = [];

  constructor(
    private readonly text: string,
    readonly published: Date | null,
  ) {}

  add(start: number, end: number, iso: Iso, kind: DateFact['kind']): void {
    const value = typeof iso === 'function' ? iso(kind === 'deadline') : iso;
    this.out.push({ iso: value, kind, text: this.text.slice(start, end), span: [start, end] });
  }

  /** Adds an English date, widening it to a deadline when "by ..." precedes or "deadline" follows. */
  addEnglish(start: number, end: number, iso: Iso): void {
    const before = matchBefore(this.text, start, EN_DEADLINE_BEFORE, 40);
    const after = matchAt(this.text, end, EN_DEADLINE_AFTER);
    if (before || after) this.add(before ? before.start : start, after ? after.end : end, iso, 'deadline');
    else this.add(start, end, iso, 'date');
  }

  /** ISO of a day written without its year (null without a publication date). */
  yearless(month: number, day: number): Iso {
    const published = this.published;
    return (deadline) => (published ? isoDay(inferYear(month, day, published, deadline), month, day) : null);
  }

  /** ISO of a month written without its year ("in October", "by December"). */
  monthOnly(month: number): Iso {
    const published = this.published;
    return (deadline) => (published ? isoMonth(inferYear(month, 1, published, deadline), month) : null);
  }

  yearEnd(offset: number): string | null {
    return this.published ? `${this.published.getUTCFullYear() + offset}-12-31` : null;
  }
}

/** "March 10", "Dec. 22, 2019", "December 2019", "December this year", "in October". */
function englishMonths(text: string, c: DateCollector): void {
  EN_MONTH.lastIndex = 0;
  for (let m = EN_MONTH.exec(text); m; m = EN_MONTH.exec(text)) {
    const start = m.index;
    if (!boundaryBefore(text, start)) continue;
    const end = start + m[0].length;
    const month = englishMonth(m[1]);
    const [, , day, yearAfterDay, yearAfterMonth, relative] = m;
    if (day) {
      const d = Number(day);
      if (isoDay(2000, month, d) === null) continue;
      c.addEnglish(start, end, yearAfterDay ? isoDay(Number(yearAfterDay), month, d) : c.yearless(month, d));
    } else if (yearAfterMonth) {
      c.addEnglish(start, end, isoMonth(Number(yearAfterMonth), month));
    } else if (relative) {
      const offset = relative.toLowerCase() === 'next' ? 1 : relative.toLowerCase() === 'last' ? -1 : 0;
      c.addEnglish(start, end, c.published ? isoMonth(c.published.getUTCFullYear() + offset, month) : null);
    } else {
      // A month alone is a date only when spelled out after a preposition ("in October"):
      // never "May" the verb, and not "at Mar-a-Lago".
      if (!FULL_MONTHS.has(m[1]) || !matchBefore(text, start, EN_PREPOSITION_BEFORE, 40)) continue;
      c.addEnglish(start, start + m[1].length, c.monthOnly(month));
    }
  }
}

function numericDates(text: string, compounds: readonly number[], c: DateCollector): void {
  for (const start of compounds) {
    const hit = matchAt(text, start, NUMERIC);
    if (!hit) continue;
    const m = hit.m;
    const iso = m[1] ? isoDay(Number(m[1]), Number(m[3]), Number(m[4])) : isoDay(Number(m[7]), Number(m[6]), Number(m[5]));
    if (!iso) continue;
    const cjk = matchAt(text, hit.end, CJK_DEADLINE_AFTER);
    if (cjk) c.add(start, cjk.end, iso, 'deadline');
    else c.addEnglish(start, hit.end, iso);
  }
}

/** Patterns that start at a number: English day-month, CJK dates, Russian dates, bare years, "120일 이내". */
function fromNumbers(text: string, profile: TextProfile, c: DateCollector): void {
  const cjkText = profile.hangul || profile.han;
  for (const t of profile.numbers) {
    if (t.decimal || t.grouped) continue;
    const next = text.charCodeAt(t.end);
    const probe = next === 32 || next === 0xa0 ? text.charCodeAt(t.end + 1) : next;

    // "22 December", "5th of May": a capital letter or an ordinal suffix follows.
    if ((probe >= 65 && probe <= 90) || next === 115 || next === 110 || next === 114 || next === 116) {
      const dm = matchAt(text, t.start, EN_DAY_MONTH);
      if (dm) {
        const month = englishMonth(dm.m[2]);
        const day = Number(dm.m[1]);
        if (isoDay(2000, month, day) !== null) {
          c.addEnglish(t.start, dm.end, dm.m[3] ? isoDay(Number(dm.m[3]), month, day) : c.yearless(month, day));
          continue;
        }
      }
    }

    if (cjkText && probe >= 0x3000) {
      if (cjkDate(text, t, c)) continue;
      const within = matchAt(text, t.end, CJK_WITHIN);
      if (within) {
        const unit = CJK_UNITS[within.m[1]];
        c.add(t.start, within.end, c.published ? addDuration(c.published, t.value, unit) : null, 'deadline');
        continue;
      }
    }

    if (profile.cyrillic && probe >= 0x400 && probe <= 0x4ff && russianDate(text, t, c)) continue;

    if (isYearLike(t)) bareYear(text, t, profile.cyrillic, c);
  }
}

/** "2019년 12월 22일", "12月22日", "2019年底前". */
function cjkDate(text: string, t: NumberToken, c: DateCollector): boolean {
  const cjk = matchAt(text, t.start, CJK_DATE);
  if (!cjk || cjk.end <= t.end) return false;
  const [, y, yearEnd, mo, d] = cjk.m;
  let iso: Iso;
  if (y && yearEnd) iso = isoDay(Number(y), 12, 31);
  else if (y && mo && d) iso = isoDay(Number(y), Number(mo), Number(d));
  else if (y && mo) iso = isoMonth(Number(y), Number(mo));
  else if (y) iso = isoYear(Number(y));
  else if (mo && d) {
    if (isoDay(2000, Number(mo), Number(d)) === null) return false;
    iso = c.yearless(Number(mo), Number(d));
  } else return false; // a month on its own ("12월")
  if (y && iso === null) return false;
  const limit = matchAt(text, cjk.end, CJK_DEADLINE_AFTER);
  c.add(t.start, limit ? limit.end : cjk.end, iso, limit ? 'deadline' : 'date');
  return true;
}

/** "22 декабря 2019 года", "в течение 120 дней". */
function russianDate(text: string, t: NumberToken, c: DateCollector): boolean {
  const ru = matchAt(text, t.start, RU_DAY_MONTH);
  if (ru && boundaryAfter(text, ru.end)) {
    const month = russianMonth(ru.m[2]);
    const day = Number(ru.m[1]);
    if (month && isoDay(2000, month, day) !== null) {
      const limit = matchBefore(text, t.start, RU_DEADLINE_BEFORE, 20);
      const iso = ru.m[3] ? isoDay(Number(ru.m[3]), month, day) : c.yearless(month, day);
      c.add(limit ? limit.start : t.start, ru.end, iso, limit ? 'deadline' : 'date');
      return true;
    }
  }
  const within = matchBefore(text, t.start, RU_WITHIN_BEFORE, 16);
  const unit = within ? matchAt(text, t.end, RU_WITHIN_AFTER) : null;
  if (!within || !unit) return false;
  c.add(within.start, unit.end, c.published ? addDuration(c.published, t.value, russianUnit(unit.m[1])) : null, 'deadline');
  return true;
}

/** "in 2019", "by late 2019", "the end of 2019", "2019 deadline", "в (декабре) 2019 году", "до конца 2019 года". */
function bareYear(text: string, t: NumberToken, cyrillic: boolean, c: DateCollector): void {
  const year = t.value;
  if (cyrillic && russianYear(text, t, c)) return;
  const before = matchBefore(text, t.start, EN_YEAR_BEFORE, 40);
  const after = matchAt(text, t.end, EN_DEADLINE_AFTER);
  if (!before && !after) return;
  const part = before?.m[2];
  const iso = part && part.toLowerCase().includes('end') ? isoDay(year, 12, 31) : isoYear(year);
  if (after || before?.m[1]) c.add(before ? before.start : t.start, after ? after.end : t.end, iso, 'deadline');
  else c.add(part ? t.start - part.length : t.start, t.end, iso, 'date');
}

function russianYear(text: string, t: NumberToken, c: DateCollector): boolean {
  const suffix = matchAt(text, t.end, RU_YEAR_AFTER);
  const end = suffix ? suffix.end : t.end;
  const month = matchBefore(text, t.start, RU_MONTH_BEFORE, 16);
  if (month) {
    const limit = matchBefore(text, month.start, RU_DEADLINE_BEFORE, 20);
    c.add(limit ? limit.start : month.start, end, isoMonth(t.value, russianMonth(month.m[1])), limit ? 'deadline' : 'date');
    return true;
  }
  if (!suffix) return false;
  const before = matchBefore(text, t.start, RU_YEAR_BEFORE, 16);
  if (!before) return false;
  const [, limitOfEnd, endOfLimit, endOf, limit] = before.m;
  const iso = endOfLimit || endOf ? isoDay(t.value, 12, 31) : isoYear(t.value);
  c.add(before.start, end, iso, limitOfEnd || limit ? 'deadline' : 'date');
  return true;
}

/** "within 120 days", "by the end of the year", "until year's end", and the word "deadline". */
function englishRelative(text: string, c: DateCollector): void {
  EN_TRIGGER.lastIndex = 0;
  for (let m = EN_TRIGGER.exec(text); m; m = EN_TRIGGER.exec(text)) {
    const start = m.index;
    if (!boundaryBefore(text, start)) continue;
    const headEnd = start + m[0].length;
    const head = m[0].charCodeAt(0) | 0x20; // lower-case first letter

    if (head === 0x77 /* w */) {
      const within = matchAt(text, headEnd, EN_WITHIN_AFTER);
      if (!within) continue;
      const amount = WORD_NUMBERS[within.m[1].toLowerCase()] ?? Number(within.m[1]);
      c.add(start, within.end, c.published ? addDuration(c.published, amount, englishUnit(within.m[2])) : null, 'deadline');
      EN_TRIGGER.lastIndex = within.end;
    } else if (head === 0x64 /* d */) {
      const plural = matchAt(text, headEnd, EN_DEADLINE_PLURAL);
      if (plural) c.add(start, plural.end, null, 'deadline');
    } else {
      const tail = matchAt(text, headEnd, EN_YEAR_AFTER);
      if (!tail) continue; // "years", "yearly"
      yearEnd(text, start, tail.end, tail.end === headEnd, c);
    }
  }
}

/** "the end of this year" (`bare`: just "year"), "year's end", "year-end". */
function yearEnd(text: string, start: number, end: number, bare: boolean, c: DateCollector): void {
  let phraseStart = start;
  let offset: number | null = 0;
  if (bare) {
    const endOf = matchBefore(text, start, EN_END_OF_BEFORE, 30);
    if (!endOf) return;
    phraseStart = endOf.start;
    const which = endOf.m[1].toLowerCase();
    offset = which === 'next' ? 1 : which === 'that' ? null : 0;
  } else {
    const which = matchBefore(text, start, EN_THIS_BEFORE, 8);
    if (which) {
      phraseStart = which.start;
      offset = which.m[1].toLowerCase() === 'next' ? 1 : 0;
    }
  }
  const iso = offset === null ? null : c.yearEnd(offset);
  const limit = matchBefore(text, phraseStart, EN_LIMIT_BEFORE, 30);
  if (limit) c.add(limit.start, end, iso, 'deadline');
  else if (bare) c.add(phraseStart, end, iso, 'date');
}

function scan(text: string, re: RegExp, each: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) each(m);
}

function korean(text: string, c: DateCollector): void {
  scan(text, KO_YEAR_END, (m) => c.add(m.index, m.index + m[0].length, c.yearEnd(0), 'deadline'));
  scan(text, KO_DEADLINE_WORD, (m) => c.add(m.index, m.index + m[0].length, null, 'deadline'));
}

function chinese(text: string, c: DateCollector): void {
  scan(text, ZH_YEAR_END, (m) => c.add(m.index, m.index + m[0].length, c.yearEnd(0), 'deadline'));
  scan(text, ZH_DEADLINE_WORD, (m) => c.add(m.index, m.index + m[0].length, null, 'deadline'));
}

function russian(text: string, c: DateCollector): void {
  scan(text, RU_YEAR_END, (m) => {
    if (boundaryBefore(text, m.index)) c.add(m.index, m.index + m[0].length, c.yearEnd(m[1] ? 1 : 0), 'deadline');
  });
  scan(text, RU_DEADLINE_WORD, (m) => {
    if (boundaryBefore(text, m.index)) c.add(m.index, m.index + m[0].length, null, 'deadline');
  });
}

export function extractDates(text: string, profile: TextProfile, published: Date | null): DateFact[] {
  const c = new DateCollector(text, published);
  englishMonths(text, c);
  numericDates(text, profile.compounds, c);
  fromNumbers(text, profile, c);
  englishRelative(text, c);
  if (profile.hangul) korean(text, c);
  if (profile.han) chinese(text, c);
  if (profile.cyrillic) russian(text, c);
  return longestFirst(c.out);
}
