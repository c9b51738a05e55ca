import { MAX_BACKOFF_MS, nextPollAfterFailure, nextPollAfterSuccess } from './poll-schedule';

const now = new Date('2026-11-23T10:00:00Z');
const minutes = (d: Date) => (d.getTime() - now.getTime()) / 60_000;

describe('poll schedule', () => {
  it('polls again one interval after a success', () => {
    expect(minutes(nextPollAfterSuccess(now, 30))).toBe(30);
  });

  it('backs off exponentially while a source keeps failing, capped at a day', () => {
    expect([1, 2, 3, 4, 10, 50].map((n) => minutes(nextPollAfterFailure(now, 30, n)))).toEqual([30, 60, 120, 240, 1440, 1440]);
    expect(nextPollAfterFailure(now, 30, 1000).getTime() - now.getTime()).toBe(MAX_BACKOFF_MS);
  });

  it('honours a longer Retry-After, but not beyond the cap', () => {
    expect(minutes(nextPollAfterFailure(now, 10, 1, 3 * 3600_000))).toBe(180);
    expect(minutes(nextPollAfterFailure(now, 10, 3, 60_000))).toBe(40);
    expect(nextPollAfterFailure(now, 10, 1, 10 * MAX_BACKOFF_MS).getTime() - now.getTime()).toBe(MAX_BACKOFF_MS);
  });
});
