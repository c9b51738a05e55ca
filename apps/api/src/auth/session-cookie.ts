import { AppConfig } from '@app/config';
import { NewSession, SESSION_COOKIE } from '@app/auth';
import type { CookieOptions, Request, Response } from 'express';

function options(req: Request, config: AppConfig): CookieOptions {
  const mode = config.auth.cookieSecure;
  return {
    httpOnly: true,
    // Strict: the cookie never rides along on a request started by another site (CSRF defence in depth).
    sameSite: 'strict',
    secure: mode === 'always' || (mode === 'auto' && req.secure),
    path: '/',
  };
}

export function setSessionCookie(req: Request, res: Response, config: AppConfig, session: NewSession): void {
  res.cookie(SESSION_COOKIE, session.cookieValue, { ...options(req, config), expires: session.expiresAt });
}

export function clearSessionCookie(req: Request, res: Response, config: AppConfig): void {
  res.clearCookie(SESSION_COOKIE, options(req, config));
}
