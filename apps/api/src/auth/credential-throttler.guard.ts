import { SESSION_COOKIE } from '@app/auth';
import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';

/**
 * Runs before the auth guard, so it cannot know the user yet: it counts per
 * credential (a hash of the token or session cookie) when there is one, so
 * colleagues behind one NAT address do not share a budget, and per client
 * address otherwise.
 */
@Injectable()
export class CredentialThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const auth = req.headers?.authorization as string | undefined;
    const cookie = (req.headers?.cookie as string | undefined)?.split(';').find((c) => c.trim().startsWith(`${SESSION_COOKIE}=`));
    const credential = auth ?? cookie;
    return credential ? `cred:${createHash('sha256').update(credential.trim()).digest('hex').slice(0, 32)}` : `ip:${req.ip}`;
  }

  /**
   * One budget per credential (or address) for the whole API, and one login
   * budget per address for both sign-in routes. The library's default key adds
   * the controller and handler names, which would give every route a budget of
   * its own: a script could make the per-minute limit in calls to each route,
   * and a password guesser the login limit on /login and again on /auth/login.
   */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
