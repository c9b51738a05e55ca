/**
 * Why a fetch failed, as a word a scheduler can branch on. 'timeout' covers
 * both the connect and the total time limit; 'connect' is every other network
 * failure (DNS, refused, reset, TLS).
 */
export type FetchErrorKind =
  | 'invalid-url'
  | 'blocked-address'
  | 'connect'
  | 'timeout'
  | 'http-status'
  | 'redirects'
  | 'too-large'
  | 'decode'
  | 'aborted';

export interface FetchErrorDetails {
  /** Worth retrying later; defaults per kind (timeouts and dropped connections are, a blocked address is not). */
  transient?: boolean;
  status?: number;
  /** From Retry-After (seconds or HTTP-date), when the server sent one with an error status. */
  retryAfterMs?: number;
  cause?: unknown;
}

const TRANSIENT_BY_DEFAULT: Record<FetchErrorKind, boolean> = {
  'invalid-url': false,
  'blocked-address': false,
  connect: true,
  timeout: true,
  'http-status': false,
  redirects: false,
  'too-large': false,
  decode: false,
  aborted: true,
};

/** A fetch that failed in a way worth telling the source's owner; the message is in plain words. */
export class FetchError extends Error {
  readonly transient: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly url: string,
    details: FetchErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FetchError';
    this.transient = details.transient ?? TRANSIENT_BY_DEFAULT[kind];
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** The same failure reported against another URL (the redirect hop it happened on). */
  at(url: string): FetchError {
    if (url === this.url) return this;
    return new FetchError(this.kind, this.message, url, { transient: this.transient, status: this.status, retryAfterMs: this.retryAfterMs, cause: this.cause });
  }

  /**
   * One sentence for a source's "last error": what happened and, where the
   * server said so, when to try again. No stack, no library jargon.
   */
  describe(): string {
    const sentence = this.message.charAt(0).toUpperCase() + this.message.slice(1);
    const wait = this.retryAfterMs !== undefined ? `; the server asks to wait ${humanDuration(this.retryAfterMs)} before trying again` : '';
    return `${sentence}${wait}.`;
  }
}

/** describe() for anything a fetch may throw, so callers need no instanceof ladder. */
export function describeFetchFailure(error: unknown): string {
  if (error instanceof FetchError) return error.describe();
  const message = error instanceof Error ? error.message : String(error);
  return `The download failed unexpectedly (${message.split('\n')[0]}).`;
}

export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${+(ms / 1000).toFixed(1)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
}
