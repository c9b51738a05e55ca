import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TOKEN_PREFIX } from './auth.constants';

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** 256 random bits, URL-safe: cookie values, CSRF tokens, API tokens. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function newApiToken(): { token: string; prefix: string; hash: string } {
  const token = TOKEN_PREFIX + randomSecret();
  return { token, prefix: token.slice(0, TOKEN_PREFIX.length + 6), hash: sha256(token) };
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The value of one cookie from a Cookie header (cookie-parser may not run before every middleware). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
