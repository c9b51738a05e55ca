import { AppConfig } from '@app/config';
import { PrismaService } from '@app/database';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthContext, AuthUser } from './auth-user';
import { SESSION_COOKIE, TOKEN_PREFIX } from './auth.constants';
import { LoginFailedError } from './auth.errors';
import { DUMMY_HASH, verifyPassword } from './password';
import { isRole } from './role';
import { randomSecret, readCookie, sha256 } from './secrets';

export interface Credentials {
  user: AuthUser;
  auth: AuthContext;
}

export interface NewSession {
  /** The cookie value: shown to the browser only, never stored. */
  cookieValue: string;
  csrfToken: string;
  expiresAt: Date;
  user: AuthUser;
}

// Writing lastSeenAt on every request would turn each page view into a write.
const TOUCH_EVERY_MS = 60_000;

/** Logins, sessions and bearer tokens: from a request to the user behind it. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Checks a password and opens a session. Failures count towards a lockout
   * (AUTH_MAX_FAILED_LOGINS in a row lock the account for AUTH_LOCKOUT_MINUTES);
   * every failure answers the same, and an unknown name costs the same scrypt time.
   */
  async login(usernameInput: string, password: string, now = new Date()): Promise<NewSession> {
    const username = String(usernameInput ?? '').trim().toLowerCase();
    const user = username ? await this.prisma.user.findUnique({ where: { username } }) : null;
    const ok = await verifyPassword(String(password ?? ''), user?.passwordHash ?? DUMMY_HASH);
    if (!user || user.disabled || !isRole(user.role)) throw new LoginFailedError();
    if (user.lockedUntil && user.lockedUntil > now) throw new LoginFailedError();
    if (!ok) {
      const { maxFailedLogins, lockoutMinutes } = this.config.auth;
      // Counted in the database, so the lockout holds across API replicas.
      const updated = await this.prisma.user.update({ where: { id: user.id }, data: { failedLogins: { increment: 1 } } });
      if (updated.failedLogins >= maxFailedLogins) {
        const lockedUntil = new Date(now.getTime() + lockoutMinutes * 60_000);
        await this.prisma.$transaction([
          this.prisma.user.update({ where: { id: user.id }, data: { lockedUntil, failedLogins: 0 } }),
          this.prisma.auditEvent.create({
            data: { actor: user.username, action: 'user.locked', entityType: 'user', entityId: user.id, after: { lockedUntil: lockedUntil.toISOString() }, note: `${maxFailedLogins} wrong passwords in a row` },
          }),
        ]);
      }
      throw new LoginFailedError();
    }
    const cookieValue = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(now.getTime() + this.config.auth.sessionHours * 3600_000);
    await this.prisma.$transaction([
      this.prisma.session.create({ data: { id: sha256(cookieValue), userId: user.id, csrfToken, expiresAt, createdAt: now, lastSeenAt: now } }),
      this.prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } }),
      // Old sessions of anyone would pile up otherwise; expired ones are useless.
      this.prisma.session.deleteMany({ where: { expiresAt: { lt: now } } }),
    ]);
    return { cookieValue, csrfToken, expiresAt, user: { id: user.id, username: user.username, role: user.role } };
  }

  async logout(sessionId: string): Promise<void> {
    await this.prisma.session.deleteMany({ where: { id: sessionId } });
  }

  /**
   * The user behind a request: `Authorization: Bearer <token>` first (scripts),
   * else the session cookie. Null when neither is valid; a disabled user's
   * sessions and tokens stop working at once.
   */
  async fromRequest(req: Pick<Request, 'headers'>, now = new Date()): Promise<Credentials | null> {
    const header = req.headers.authorization;
    if (typeof header === 'string' && /^bearer\s/i.test(header)) return this.fromToken(header.replace(/^bearer\s+/i, '').trim(), now);
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    return cookie ? this.fromSession(cookie, now) : null;
  }

  private async fromToken(token: string, now: Date): Promise<Credentials | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const row = await this.prisma.apiToken.findUnique({ where: { hash: sha256(token) }, include: { user: true } });
    if (!row || row.revokedAt || row.user.disabled || !isRole(row.user.role)) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await this.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
    }
    return { user: { id: row.user.id, username: row.user.username, role: row.user.role }, auth: { via: 'token' } };
  }

  private async fromSession(cookieValue: string, now: Date): Promise<Credentials | null> {
    const id = sha256(cookieValue);
    const row = await this.prisma.session.findUnique({ where: { id }, include: { user: true } });
    if (!row || row.expiresAt <= now || row.user.disabled || !isRole(row.user.role)) return null;
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.prisma.session.update({ where: { id }, data: { lastSeenAt: now } });
    }
    return { user: { id: row.user.id, username: row.user.username, role: row.user.role }, auth: { via: 'session', csrfToken: row.csrfToken, sessionId: id } };
  }
}
