import type { Request } from 'express';
import { CSRF_FIELD, CSRF_HEADER } from './auth.constants';
import { safeEqual } from './secrets';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The CSRF token a cookie-authenticated request carries: the header (fetch) or the form field (plain forms). */
export function csrfTokenOf(req: Pick<Request, 'headers' | 'body'>): string | undefined {
  const header = req.headers[CSRF_HEADER];
  if (typeof header === 'string' && header) return header;
  const body = req.body as Record<string, unknown> | undefined;
  const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  return typeof field === 'string' ? field : undefined;
}

export function csrfTokenMatches(req: Pick<Request, 'headers' | 'body'>, expected: string | undefined): boolean {
  const got = csrfTokenOf(req);
  return !!got && !!expected && safeEqual(got, expected);
}

/**
 * Whether a browser request comes from our own pages, by the Origin header
 * (or Sec-Fetch-Site). Used where a page we do not control (Bull Board) makes
 * the requests and cannot send our token; browsers always send Origin on
 * cross-site POSTs, so a missing one means a non-browser client.
 */
export function sameOrigin(req: Pick<Request, 'headers' | 'protocol'>): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
