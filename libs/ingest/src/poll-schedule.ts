/** The longest a failing source waits between attempts: it recovers by itself within a day. */
export const MAX_BACKOFF_MS = 24 * 3600_000;

/** After a success the source is next due one interval later. */
export function nextPollAfterSuccess(now: Date, intervalMinutes: number): Date {
  return new Date(now.getTime() + intervalMinutes * 60_000);
}

/**
 * After the n-th failure in a row: the interval doubled n-1 times (1x, 2x, 4x...),
 * capped at a day, and never sooner than the server's Retry-After.
 */
export function nextPollAfterFailure(now: Date, intervalMinutes: number, consecutiveFailures: number, retryAfterMs?: number): Date {
  const exponent = Math.min(Math.max(consecutiveFailures - 1, 0), 20);
  const backoff = Math.min(intervalMinutes * 60_000 * 2 ** exponent, MAX_BACKOFF_MS);
  return new Date(now.getTime() + Math.max(backoff, Math.min(retryAfterMs ?? 0, MAX_BACKOFF_MS)));
}
