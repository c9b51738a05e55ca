/**
 * Publication dates as pages write them, read strictly: a date is never
 * invented. Only unambiguous forms are accepted (ISO 8601, year-first dotted or
 * slashed dates as Korean and Chinese sites write them, and English month
 * names); "05/03/2024" is May or March depending on the site, so it is null.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const YEAR_FIRST = /^(\d{4})[./](\d{1,2})[./](\d{1,2})\.?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ENGLISH_MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b/i;
/** A zone in a free-form date: GMT/UTC, a numeric offset, or a US zone abbreviation. */
const HAS_ZONE = /\b(gmt|utc|z)\b|[+-]\d{2}:?\d{2}\b|\b[ecmp][sd]t\b/i;

/** Dates before this are feed or template errors (the same floor as normalise.parseDate). */
const MIN_YEAR = 1990;
/** A date with an explicit zone may be this far ahead of our clock (clock skew) and still be real. */
const SKEW_MS = 15 * 60 * 1000;
/**
 * A date without a zone is read as UTC, which can put a page from UTC+14
 * that many hours "in the future": tolerated rather than lost.
 */
const UNZONED_SLACK_MS = 14 * 3600 * 1000;

/**
 * The instant a page says it was published, or null when the value is absent,
 * unparseable, implausibly old or in the future. Values without a time zone
 * are read as UTC: the real zone is unknown and UTC is wrong by at most 14
 * hours, where the server's local zone would make the result depend on the
 * machine.
 */
export function parsePublishedDate(value: string | null | undefined, now: Date = new Date()): Date | null {
  const v = value?.trim();
  if (!v || v.length > 64) return null;
  const parsed = parseIso(v) ?? parseYearFirst(v) ?? parseWithMonthName(v);
  if (!parsed) return null;
  const { date, zoned } = parsed;
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < MIN_YEAR) return null;
  if (date.getTime() > now.getTime() + (zoned ? SKEW_MS : UNZONED_SLACK_MS)) return null;
  return date;
}

interface Parsed {
  date: Date;
  zoned: boolean;
}

/** Date.UTC from parts, or null when a part is out of range (Date.UTC would roll 2024-02-31 into March). */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms));
  return date.getUTCDate() === d ? date : null;
}

function parseIso(v: string): Parsed | null {
  const m = ISO.exec(v);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const date = utc(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), Math.min(ms, 999));
  if (!date) return null;
  if (!zone || zone.toUpperCase() === 'Z') return { date, zoned: !!zone };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
  if (offsetMin > 14 * 60) return null;
  return { date: new Date(date.getTime() - sign * offsetMin * 60000), zoned: true };
}

function parseYearFirst(v: string): Parsed | null {
  const m = YEAR_FIRST.exec(v);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const date = utc(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  return date ? { date, zoned: false } : null;
}

/** "Mon, 18 Mar 2024 06:00:00 GMT", "March 18, 2024", "18 March 2024 09:30 +0900". */
function parseWithMonthName(v: string): Parsed | null {
  if (!ENGLISH_MONTH.test(v)) return null;
  const zoned = HAS_ZONE.test(v);
  const ms = Date.parse(zoned ? v : `${v} UTC`);
  return Number.isNaN(ms) ? null : { date: new Date(ms), zoned };
}
