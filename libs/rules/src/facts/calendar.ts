/**
 * Calendar arithmetic for date facts, in UTC so that the same article gives the same
 * ISO dates wherever the extractor runs.
 */

const MONTH_BY_PREFIX: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** "Dec", "December", "Sept." -> 12, 12, 9. */
export function englishMonth(word: string): number {
  return MONTH_BY_PREFIX[word.slice(0, 3).toLowerCase()] ?? 0;
}

/** Russian month stems in the order of the year; genitive "мая" and prepositional "мае" share "ма". */
const RUSSIAN_STEMS = ['январ', 'феврал', 'март', 'апрел', 'ма', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'];

/** Longest stems first: "марта" is March, not "ма" (May). */
const RUSSIAN_BY_LENGTH = RUSSIAN_STEMS.map((stem, i) => ({ stem, month: i + 1 })).sort((a, b) => b.stem.length - a.stem.length);

export function russianMonth(word: string): number {
  const w = word.toLowerCase();
  for (const { stem, month } of RUSSIAN_BY_LENGTH) if (w.startsWith(stem)) return month;
  return 0;
}

/** Month names after a day number ("22 декабря"). */
export const RUSSIAN_MONTH_GENITIVE = '(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)';
/** Month names before a year: nominative, genitive or prepositional ("декабрь", "декабря", "в декабре"). */
export const RUSSIAN_MONTH_ANY =
  '(?:январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function validYear(y: number): boolean {
  return y >= 1900 && y <= 2099;
}

/** "YYYY-MM-DD", or null when the day does not exist. */
export function isoDay(year: number, month: number, day: number): string | null {
  if (!validYear(year) || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

export function isoMonth(year: number, month: number): string | null {
  if (!validYear(year) || month < 1 || month > 12) return null;
  return `${year}-${pad2(month)}`;
}

export function isoYear(year: number): string | null {
  return validYear(year) ? String(year) : null;
}

/** The publication date, or null when absent or invalid. */
export function validPublished(published: Date | null | undefined): Date | null {
  return published instanceof Date && !Number.isNaN(published.getTime()) ? published : null;
}

const DAY_MS = 86_400_000;

/**
 * Year of a date written without one ("March 10"), read against the publication
 * date. News reports events after they happen and limits before they pass, so:
 * - a date is its latest occurrence no more than 60 days after publication ("March
 *   10" in a November article is the March just gone; "Jan. 3" in a Dec. 28 article
 *   is the coming January);
 * - a deadline is its earliest occurrence no more than 30 days before publication
 *   ("by Dec. 22" in an April article is the coming December).
 */
export function inferYear(month: number, day: number, published: Date, deadline: boolean): number {
  const y = published.getUTCFullYear();
  const t = published.getTime();
  const at = (year: number) => Date.UTC(year, month - 1, day);
  if (deadline) {
    for (const year of [y - 1, y]) if (at(year) >= t - 30 * DAY_MS) return year;
    return y + 1;
  }
  for (const year of [y + 1, y]) if (at(year) <= t + 60 * DAY_MS) return year;
  return y - 1;
}

export type DurationUnit = 'day' | 'week' | 'month' | 'year';

/** Publication date plus a duration, as "YYYY-MM-DD" ("within 120 days"). */
export function addDuration(published: Date, amount: number, unit: DurationUnit): string | null {
  const d = new Date(Date.UTC(published.getUTCFullYear(), published.getUTCMonth(), published.getUTCDate()));
  if (unit === 'day') d.setUTCDate(d.getUTCDate() + amount);
  else if (unit === 'week') d.setUTCDate(d.getUTCDate() + 7 * amount);
  else if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + amount);
  else d.setUTCFullYear(d.getUTCFullYear() + amount);
  return isoDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}
