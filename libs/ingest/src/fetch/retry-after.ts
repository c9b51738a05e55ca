/**
 * Milliseconds to wait from a Retry-After header: either delay-seconds or an
 * HTTP-date (RFC 9110 §10.2.3). A date in the past means "now" (0); anything
 * unparseable is ignored rather than guessed at.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Date.parse also takes loose forms like "2025" or "1 2"; an HTTP-date has a weekday or month name in it.
  if (!/[a-z]{3}/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
