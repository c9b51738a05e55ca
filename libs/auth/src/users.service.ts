import { PrismaService } from '@app/database';
import { Injectable } from '@nestjs/common';
import { TokenNotFoundError, UserNotFoundError, UserValidationError } from './auth.errors';
import { hashPassword, passwordProblem } from './password';
import { Role, isRole } from './role';
import { newApiToken } from './secrets';

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export interface TokenSummary {
  id: string;
  name: string;
  prefix: string;
  username: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

const summary = (u: { id: string; username: string; displayName: string; role: string; disabled: boolean; lockedUntil: Date | null; lastLoginAt: Date | null; createdAt: Date }): UserSummary => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role as Role,
  disabled: u.disabled,
  lockedUntil: u.lockedUntil,
  lastLoginAt: u.lastLoginAt,
  createdAt: u.createdAt,
});

/** Accounts and API tokens; every change is in the audit log with who made it. */
@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}

  async create(input: { username: string; password: string; role: string; displayName?: string }, actor: string): Promise<UserSummary> {
    const username = String(input.username ?? '').trim().toLowerCase();
    const problems: string[] = [];
    if (!USERNAME.test(username)) problems.push('username: 2 to 63 characters, lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');
    if (!isRole(input.role)) problems.push(`role: one of admin, analyst, viewer (got "${String(input.role)}")`);
    const pw = passwordProblem(String(input.password ?? ''));
    if (pw) problems.push(`password: ${pw}`);
    if (!problems.length && (await this.prisma.user.findUnique({ where: { username } }))) problems.push(`username: "${username}" is taken`);
    if (problems.length) throw new UserValidationError(problems);
    const passwordHash = await hashPassword(input.password);
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { username, role: input.role as Role, displayName: input.displayName?.trim() ?? '', passwordHash } });
      await tx.auditEvent.create({ data: { actor, action: 'user.created', entityType: 'user', entityId: user.id, after: { username, role: user.role, displayName: user.displayName } } });
      return summary(user);
    });
  }

  async list(): Promise<UserSummary[]> {
    return (await this.prisma.user.findMany({ orderBy: { username: 'asc' } })).map(summary);
  }

  async get(username: string): Promise<UserSummary> {
    const user = await this.prisma.user.findUnique({ where: { username: username.trim().toLowerCase() } });
    if (!user) throw new UserNotFoundError(username);
    return summary(user);
  }

  async countAdmins(): Promise<number> {
    return this.prisma.user.count({ where: { role: 'admin', disabled: false } });
  }

  /** Disabling ends the user's sessions at once; tokens stop working while disabled. */
  async setDisabled(username: string, disabled: boolean, actor: string): Promise<UserSummary> {
    const user = await this.get(username);
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.user.update({ where: { id: user.id }, data: { disabled, failedLogins: 0, lockedUntil: null } });
      if (disabled) await tx.session.deleteMany({ where: { userId: user.id } });
      await tx.auditEvent.create({ data: { actor, action: disabled ? 'user.disabled' : 'user.enabled', entityType: 'user', entityId: user.id, before: { disabled: user.disabled }, after: { disabled } } });
      return summary(updated);
    });
  }

  async setPassword(username: string, password: string, actor: string): Promise<void> {
    const pw = passwordProblem(password);
    if (pw) throw new UserValidationError([`password: ${pw}`]);
    const user = await this.get(username);
    const passwordHash = await hashPassword(password);
    await this.prisma.$transaction([
      this.prisma.user.update({ where: { id: user.id }, data: { passwordHash, failedLogins: 0, lockedUntil: null } }),
      // A new password must end every session opened with the old one.
      this.prisma.session.deleteMany({ where: { userId: user.id } }),
      this.prisma.auditEvent.create({ data: { actor, action: 'user.password-changed', entityType: 'user', entityId: user.id } }),
    ]);
  }

  /** A new API token: the token itself is returned once and only its SHA-256 is stored. */
  async createToken(username: string, name: string, actor: string): Promise<{ token: string; summary: TokenSummary }> {
    const user = await this.get(username);
    // Only a string: a number or an object from a JSON body would be stored as "42" or "[object Object]".
    const label = typeof name === 'string' ? name.trim() : '';
    if (!label || label.length > 100) throw new UserValidationError(['name: 1 to 100 characters, to tell the token apart later']);
    const { token, prefix, hash } = newApiToken();
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.apiToken.create({ data: { userId: user.id, name: label, prefix, hash } });
      await tx.auditEvent.create({ data: { actor, action: 'token.created', entityType: 'api-token', entityId: created.id, after: { username: user.username, name: label, prefix } } });
      return created;
    });
    return { token, summary: { id: row.id, name: row.name, prefix: row.prefix, username: user.username, createdAt: row.createdAt, lastUsedAt: null, revokedAt: null } };
  }

  async listTokens(username?: string): Promise<TokenSummary[]> {
    const rows = await this.prisma.apiToken.findMany({
      where: username ? { user: { username: username.toLowerCase() } } : {},
      orderBy: { createdAt: 'desc' },
      include: { user: { select: { username: true } } },
    });
    return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, username: r.user.username, createdAt: r.createdAt, lastUsedAt: r.lastUsedAt, revokedAt: r.revokedAt }));
  }

  /** Revokes by id or by the prefix shown in listings; `owner` limits it to one user's tokens. */
  async revokeToken(idOrPrefix: string, actor: string, owner?: string): Promise<TokenSummary> {
    const key = String(idOrPrefix ?? '').trim();
    const uuid = /^[0-9a-f-]{36}$/i.test(key);
    const rows = await this.prisma.apiToken.findMany({ where: uuid ? { id: key } : { prefix: key }, include: { user: { select: { username: true } } } });
    const row = rows.find((r) => !owner || r.user.username === owner);
    if (!row || rows.length > 1) throw new TokenNotFoundError(key);
    const revokedAt = row.revokedAt ?? new Date();
    if (!row.revokedAt) {
      await this.prisma.$transaction([
        this.prisma.apiToken.update({ where: { id: row.id }, data: { revokedAt } }),
        this.prisma.auditEvent.create({ data: { actor, action: 'token.revoked', entityType: 'api-token', entityId: row.id, after: { username: row.user.username, name: row.name, prefix: row.prefix } } }),
      ]);
    }
    return { id: row.id, name: row.name, prefix: row.prefix, username: row.user.username, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, revokedAt };
  }
}
