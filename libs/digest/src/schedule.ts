import { Cron } from 'croner';

/**
 * Digest schedules: a five-field cron expression evaluated in an IANA time
 * zone. Everything here is a pure function of (cron, zone, instant), so the
 * daylight-saving behaviour is tested with fixed instants instead of a clock.
 */

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function clock(hour: string, minute: string | undefined, input: string): [number, number] {
  const h = Number(hour);
  const m = Number(minute ?? 0);
  if (h > 23 || m > 59) throw new ScheduleError(`"${input}": the time must be between 00:00 and 23:59`);
  return [h, m];
}

/**
 * Turns what a person types into the cron expression stored: a preset
 * ("daily at 7", "daily 07:30", "weekly on monday at 8", "weekly mon 08:00")
 * or a five-field cron expression, which is checked and kept as given.
 */
export function parseSchedule(input: string): string {
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const daily = /^daily(?: at)? (\d{1,2})(?::(\d{2}))?$/.exec(s);
  if (daily) {
    const [h, m] = clock(daily[1], daily[2], input);
    return `${m} ${h} * * *`;
  }
  const weekly = /^weekly(?: on)? ([a-z]+)(?:(?: at)? (\d{1,2})(?::(\d{2}))?)?$/.exec(s);
  if (weekly) {
    const day = DAYS.findIndex((d) => d === weekly[1] || d.slice(0, 3) === weekly[1]);
    if (day < 0) throw new ScheduleError(`"${input}": "${weekly[1]}" is not a day of the week`);
    const [h, m] = weekly[2] ? clock(weekly[2], weekly[3], input) : [7, 0];
    return `${m} ${h} * * ${day}`;
  }
  const fields = input.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new ScheduleError(`"${input}" is neither a preset ("daily at 7", "weekly on monday at 8:30") nor a five-field cron expression ("0 7 * * 1-5")`);
  }
  try {
    new Cron(fields.join(' '), { paused: true });
  } catch (e) {
    throw new ScheduleError(`"${input}": ${(e as Error).message.replace(/^CronPattern: /, '')}`);
  }
  return fields.join(' ');
}

function cron(schedule: string, timezone: string): Cron {
  if (!isTimeZone(timezone)) throw new ScheduleError(`"${timezone}" is not an IANA time zone such as Europe/London`);
  return new Cron(schedule, { timezone, paused: true });
}

/** The latest scheduled instant at or before `now`: the end of the period a digest built now would cover. */
export function latestPeriodEnd(schedule: string, timezone: string, now: Date): Date | null {
  return cron(schedule, timezone).previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
}

/** The first scheduled instant strictly after `after`. */
export function nextPeriodEnd(schedule: string, timezone: string, after: Date): Date | null {
  return cron(schedule, timezone).nextRun(after);
}

/** The scheduled instant before `periodEnd`: where the first period of a new subscription starts. */
export function previousPeriodEnd(schedule: string, timezone: string, periodEnd: Date): Date | null {
  return cron(schedule, timezone).previousRuns(1, periodEnd)[0] ?? null;
}

/**
 * Every scheduled instant in (after, until], oldest first, at most `limit`.
 * Across a spring-forward gap a time that does not exist fires once, at the
 * first instant after the gap; across a fall-back overlap a repeated time
 * fires once, at its first occurrence.
 */
export function periodEndsBetween(schedule: string, timezone: string, after: Date, until: Date, limit = 1000): Date[] {
  const c = cron(schedule, timezone);
  const out: Date[] = [];
  for (let t = c.nextRun(after); t && t <= until && out.length < limit; t = c.nextRun(t)) out.push(t);
  return out;
}

/**
 * What the scheduler enqueues for a subscription at `now`: the latest period
 * end that is due and not yet built, or null. After downtime that missed
 * several periods, only the latest is built: items are chosen as "not yet
 * carried to this subscription", so that one catch-up digest carries all of
 * them, and readers get one mail instead of a burst of stale ones.
 * A period that ended before the subscription existed is never due.
 */
export function duePeriodEnd(args: { schedule: string; timezone: string; createdAt: Date; lastPeriodEnd: Date | null; now: Date }): Date | null {
  const end = latestPeriodEnd(args.schedule, args.timezone, args.now);
  if (!end || end <= args.createdAt) return null;
  if (args.lastPeriodEnd && end <= args.lastPeriodEnd) return null;
  return end;
}

/** A person-readable account of a cron schedule, for listings. */
export function describeSchedule(schedule: string, timezone: string): string {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* (\*|\d)$/.exec(schedule);
  if (!m) return `cron "${schedule}" (${timezone})`;
  const time = `${m[2].padStart(2, '0')}:${m[1].padStart(2, '0')}`;
  return m[3] === '*' ? `daily at ${time} ${timezone}` : `weekly on ${DAYS[Number(m[3]) % 7]} at ${time} ${timezone}`;
}
