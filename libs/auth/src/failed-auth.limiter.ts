import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SESSION_COOKIE } from './auth.constants';

const WINDOW_MS = 60_000;

/**
 * Wrong credentials per client address. The rate limiter counts per
 * credential, so a flood of made-up tokens would get a fresh budget with
 * each one and cost a lookup apiece; an address that sent too many wrong
 * credentials in a minute is refused before any lookup until the minute is
 * out. In this process's memory, like the other rate limits.
 */
@Injectable()
export class FailedAuthLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly config: AppConfig) {}

  /** Whether the request carries credentials at all (a token or a session cookie). */
  static presents(req: Request): boolean {
    return !!req.headers.authorization || (req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`);
  }

  blocked(address: string, now = Date.now()): boolean {
    const f = this.failures.get(address);
    if (!f || now - f.since >= WINDOW_MS) return false;
    return f.count >= this.config.rateLimits.failedAuthPerMinute;
  }

  record(address: string, now = Date.now()): void {
    const f = this.failures.get(address);
    if (!f || now - f.since >= WINDOW_MS) this.failures.set(address, { count: 1, since: now });
    else f.count++;
    // Forget stale addresses now and then, so the map cannot grow without bound.
    if (this.failures.size > 10_000) for (const [k, v] of this.failures) if (now - v.since >= WINDOW_MS) this.failures.delete(k);
  }
}
