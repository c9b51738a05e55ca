import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One-click unsubscribe tokens: the subscription and the recipient, signed
 * with HMAC-SHA256 so a link cannot be forged for someone else's address.
 * They do not expire: an old digest's link must still work (RFC 8058).
 */
export interface UnsubscribeClaim {
  subscriptionId: string;
  recipient: string;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`unsubscribe\n${payload}`).digest();
}

export function signUnsubscribe(secret: string, claim: UnsubscribeClaim): string {
  const payload = b64(`${claim.subscriptionId}\n${claim.recipient.toLowerCase()}`);
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claim of a valid token, or null for anything tampered with or malformed. */
export function verifyUnsubscribe(secret: string, token: string): UnsubscribeClaim | null {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return null;
  const expected = mac(secret, payload);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [subscriptionId, recipient, more] = Buffer.from(payload, 'base64url').toString('utf8').split('\n');
  if (!subscriptionId || !recipient || more !== undefined) return null;
  return { subscriptionId, recipient };
}

export function unsubscribeUrl(baseUrl: string, secret: string, claim: UnsubscribeClaim): string {
  return `${baseUrl}/unsubscribe/${signUnsubscribe(secret, claim)}`;
}
