import { parsePublishedDate } from './published-date';

const now = new Date('2024-06-01T12:00:00Z');
const iso = (v: string) => parsePublishedDate(v, now)?.toISOString() ?? null;

describe('parsePublishedDate', () => {
  it.each([
    ['2024-05-14T07:30:00+09:00', '2024-05-13T22:30:00.000Z'],
    ['2024-05-14T07:30:00.250Z', '2024-05-14T07:30:00.250Z'],
    ['2024-05-14 07:30:00+0900', '2024-05-13T22:30:00.000Z'],
    ['2024-05-14T07:30-04:00', '2024-05-14T11:30:00.000Z'],
    ['2024-05-14', '2024-05-14T00:00:00.000Z'],
    ['2024-05-14 10:05:00', '2024-05-14T10:05:00.000Z'],
    ['2024.05.14 09:12', '2024-05-14T09:12:00.000Z'],
    ['2024/5/4', '2024-05-04T00:00:00.000Z'],
    ['Tue, 14 May 2024 06:00:00 GMT', '2024-05-14T06:00:00.000Z'],
    ['May 14, 2024', '2024-05-14T00:00:00.000Z'],
    ['14 May 2024 09:30 +0900', '2024-05-14T00:30:00.000Z'],
  ])('reads %s', (value, expected) => expect(iso(value)).toBe(expected));

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['yesterday', 'words'],
    ['05/03/2024', 'day-first or month-first: ambiguous'],
    ['14.05.2024', 'day-first: ambiguous with month-first elsewhere'],
    ['2024년 5월 14일', 'not a form we read'],
    ['2024-02-31', 'no such day'],
    ['2024-13-01', 'no such month'],
    ['2024-05-14T25:00:00Z', 'no such hour'],
    ['1970-01-01T00:00:00Z', 'a template default, not a date'],
    ['2024-06-01T12:30:00Z', 'in the future'],
    ['2025-01-01', 'in the future'],
    ['2024-05-14T07:30:00+19:00', 'no such offset'],
  ])('refuses %j (%s)', (value) => expect(iso(value)).toBeNull());

  it('tolerates clock skew, and up to 14 hours for a date without a zone', () => {
    expect(iso('2024-06-01T12:10:00Z')).toBe('2024-06-01T12:10:00.000Z');
    expect(iso('2024-06-01T12:20:00Z')).toBeNull();
    // A Korean page's "21:00" local time, read as UTC, is 9 hours ahead of us.
    expect(iso('2024-06-01 21:00')).toBe('2024-06-01T21:00:00.000Z');
    expect(iso('2024-06-02 03:00')).toBeNull();
  });

  it('refuses absurdly long values outright', () => {
    // V8's lenient parser would make a date of this; nothing that long is one.
    expect(iso(`May 14, 2024 ${'(edited) '.repeat(10)}`)).toBeNull();
    expect(parsePublishedDate(null, now)).toBeNull();
    expect(parsePublishedDate(undefined, now)).toBeNull();
  });
});
