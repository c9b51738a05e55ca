import { describeSchedule, duePeriodEnd, latestPeriodEnd, parseSchedule, periodEndsBetween } from './schedule';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe('parseSchedule', () => {
  it('turns presets into cron and keeps cron as given', () => {
    expect(parseSchedule('daily at 7')).toBe('0 7 * * *');
    expect(parseSchedule('Daily 06:30')).toBe('30 6 * * *');
    expect(parseSchedule('weekly on monday at 8:15')).toBe('15 8 * * 1');
    expect(parseSchedule('weekly sun')).toBe('0 7 * * 0');
    expect(parseSchedule('0 7 * * 1-5')).toBe('0 7 * * 1-5');
  });

  it('refuses what is neither, saying why', () => {
    expect(() => parseSchedule('daily at 25')).toThrow('between 00:00 and 23:59');
    expect(() => parseSchedule('weekly on funday')).toThrow('not a day of the week');
    expect(() => parseSchedule('0 0 7 * * *')).toThrow('five-field cron');
    expect(() => parseSchedule('61 7 * * *')).toThrow('minute');
  });

  it('describes the presets in words', () => {
    expect(describeSchedule('30 6 * * *', 'Europe/London')).toBe('daily at 06:30 Europe/London');
    expect(describeSchedule('0 8 * * 1', 'UTC')).toBe('weekly on monday at 08:00 UTC');
  });
});

describe('period ends across daylight-saving changes (fixed instants, no clock)', () => {
  it('London, daily at 07:00: 07:00 GMT, then 06:00 UTC once summer time starts (29 March 2026)', () => {
    expect(iso(periodEndsBetween('0 7 * * *', 'Europe/London', new Date('2026-03-27T12:00:00Z'), new Date('2026-03-31T12:00:00Z')))).toEqual([
      '2026-03-28T07:00:00.000Z',
      '2026-03-29T06:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
      '2026-03-31T06:00:00.000Z',
    ]);
  });

  it('London, daily at 01:30: the missing hour fires once, just after the gap', () => {
    expect(iso(periodEndsBetween('30 1 * * *', 'Europe/London', new Date('2026-03-28T00:00:00Z'), new Date('2026-03-30T12:00:00Z')))).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('New York, daily at 01:30: the repeated hour (1 November 2026) fires once', () => {
    expect(iso(periodEndsBetween('30 1 * * *', 'America/New_York', new Date('2026-10-31T00:00:00Z'), new Date('2026-11-02T12:00:00Z')))).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('New York, weekly on Monday at 08:00: the week that contains the change is an hour longer', () => {
    const [a, b] = periodEndsBetween('0 8 * * 1', 'America/New_York', new Date('2026-10-25T00:00:00Z'), new Date('2026-11-03T00:00:00Z'));
    expect(iso([a, b])).toEqual(['2026-10-26T12:00:00.000Z', '2026-11-02T13:00:00.000Z']);
    expect(b.getTime() - a.getTime()).toBe(7 * 24 * 3600_000 + 3600_000);
  });

  it('latestPeriodEnd includes an instant exactly on the schedule', () => {
    expect(latestPeriodEnd('0 7 * * *', 'Europe/London', new Date('2026-03-29T06:00:00Z'))?.toISOString()).toBe('2026-03-29T06:00:00.000Z');
    expect(latestPeriodEnd('0 7 * * *', 'Europe/London', new Date('2026-03-29T05:59:59Z'))?.toISOString()).toBe('2026-03-28T07:00:00.000Z');
  });
});

describe('duePeriodEnd: never skip, never double', () => {
  const base = { schedule: '0 7 * * *', timezone: 'Europe/London', createdAt: new Date('2026-03-01T00:00:00Z') };

  it('is due once the period ends, and not again once built', () => {
    const now = new Date('2026-03-29T06:00:30Z');
    expect(duePeriodEnd({ ...base, lastPeriodEnd: new Date('2026-03-28T07:00:00Z'), now })?.toISOString()).toBe('2026-03-29T06:00:00.000Z');
    expect(duePeriodEnd({ ...base, lastPeriodEnd: new Date('2026-03-29T06:00:00Z'), now })).toBeNull();
  });

  it('after three days down, builds only the latest missed period (which carries every item not yet sent)', () => {
    const now = new Date('2026-03-31T09:00:00Z');
    expect(duePeriodEnd({ ...base, lastPeriodEnd: new Date('2026-03-28T07:00:00Z'), now })?.toISOString()).toBe('2026-03-31T06:00:00.000Z');
  });

  it('never builds a period that ended before the subscription existed', () => {
    const now = new Date('2026-03-10T09:00:00Z');
    expect(duePeriodEnd({ ...base, createdAt: new Date('2026-03-10T08:00:00Z'), lastPeriodEnd: null, now })).toBeNull();
    expect(duePeriodEnd({ ...base, createdAt: new Date('2026-03-10T06:00:00Z'), lastPeriodEnd: null, now })?.toISOString()).toBe('2026-03-10T07:00:00.000Z');
  });
});
