import { UsersService } from '@app/auth';
import { AppConfig } from '@app/config';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

// Who the audit log names for account changes made from this command line.
const actor = () => `cli:${userInfo().username}`;
const out = (line: string) => process.stdout.write(`${line}\n`);

/** The first line of stdin, so a password never shows in the process list or shell history. */
async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/** A password given on stdin, or a new random one (printed once) when none is. */
async function passwordFrom(opts: { passwordStdin?: boolean }): Promise<{ password: string; generated: boolean }> {
  if (opts.passwordStdin) return { password: await readStdinLine(), generated: false };
  return { password: randomBytes(15).toString('base64url'), generated: true };
}

interface AddFlags {
  role?: string;
  displayName?: string;
  passwordStdin?: boolean;
}

abstract class AddUserBase extends CommandRunner {
  constructor(
    protected readonly users: UsersService,
    protected readonly config: AppConfig,
  ) {
    super();
  }

  protected async add(username: string, role: string, flags: AddFlags): Promise<void> {
    const { password, generated } = await passwordFrom(flags);
    const user = await this.users.create({ username, password, role, displayName: flags.displayName }, actor());
    out(`Created ${user.role} "${user.username}".`);
    if (generated) out(`Password (shown once, change it after signing in): ${password}`);
    out(`Sign in at ${this.config.publicBaseUrl}/login`);
  }

  @Option({ flags: '--display-name <name>', description: 'the name shown in the web application' })
  parseDisplayName(v: string): string {
    return v;
  }

  @Option({ flags: '--password-stdin', description: 'read the password from the first line of stdin (at least 12 characters); without it a random one is generated and printed once' })
  parsePasswordStdin(): boolean {
    return true;
  }
}

@SubCommand({ name: 'create-admin', arguments: '<username>', description: 'Create an admin account (the first one is made this way)' })
export class UsersCreateAdminCommand extends AddUserBase {
  constructor(users: UsersService, config: AppConfig) {
    super(users, config);
  }

  async run([username]: string[], flags: AddFlags): Promise<void> {
    await this.add(username, 'admin', flags);
  }
}

@SubCommand({ name: 'add', arguments: '<username>', description: 'Create an account with a role: admin, analyst or viewer' })
export class UsersAddCommand extends AddUserBase {
  constructor(users: UsersService, config: AppConfig) {
    super(users, config);
  }

  async run([username]: string[], flags: AddFlags): Promise<void> {
    await this.add(username, flags.role ?? '', flags);
  }

  @Option({ flags: '--role <role>', description: 'admin, analyst or viewer', required: true })
  parseRole(v: string): string {
    return v;
  }
}

@SubCommand({ name: 'list', description: 'Accounts: name, role, status, last login' })
export class UsersListCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run(_: string[], opts: { json?: boolean }): Promise<void> {
    const users = await this.users.list();
    if (opts.json) {
      out(JSON.stringify(users, null, 2));
      return;
    }
    if (!users.length) out('No accounts yet: create the first admin with `users create-admin <username>`.');
    const now = new Date();
    for (const u of users) {
      const status = u.disabled ? 'disabled' : u.lockedUntil && u.lockedUntil > now ? `locked until ${u.lockedUntil.toISOString()}` : 'active';
      out(`${u.username.padEnd(20)} ${u.role.padEnd(8)} ${status.padEnd(10)} last login ${u.lastLoginAt?.toISOString() ?? 'never'}`);
    }
  }

  @Option({ flags: '--json', description: 'print JSON' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({ name: 'disable', arguments: '<username>', description: 'Disable an account: its sessions end at once and its API tokens stop working' })
export class UsersDisableCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username]: string[]): Promise<void> {
    const u = await this.users.setDisabled(username, true, actor());
    out(`Disabled "${u.username}".`);
  }
}

@SubCommand({ name: 'enable', arguments: '<username>', description: 'Enable a disabled account again (and clear a lockout)' })
export class UsersEnableCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username]: string[]): Promise<void> {
    const u = await this.users.setDisabled(username, false, actor());
    out(`Enabled "${u.username}".`);
  }
}

@SubCommand({ name: 'password', arguments: '<username>', description: 'Set a new password (ends the account\'s sessions, clears a lockout)' })
export class UsersPasswordCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username]: string[], flags: { passwordStdin?: boolean }): Promise<void> {
    const { password, generated } = await passwordFrom(flags);
    await this.users.setPassword(username, password, actor());
    out(`New password set for "${username.toLowerCase()}".`);
    if (generated) out(`Password (shown once): ${password}`);
  }

  @Option({ flags: '--password-stdin', description: 'read the password from the first line of stdin; without it a random one is generated and printed once' })
  parsePasswordStdin(): boolean {
    return true;
  }
}

@SubCommand({ name: 'create', arguments: '<username>', description: 'Create an API token for a user\'s scripts: printed once, stored hashed' })
export class TokensCreateCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username]: string[], flags: { name?: string }): Promise<void> {
    const { token, summary } = await this.users.createToken(username, flags.name ?? '', actor());
    out(`Token "${summary.name}" for ${summary.username} (${summary.prefix}..., id ${summary.id}). Shown once, store it now:`);
    out(token);
    out('Send it as "Authorization: Bearer <token>".');
  }

  @Option({ flags: '--name <name>', description: 'what the token is for', required: true })
  parseName(v: string): string {
    return v;
  }
}

@SubCommand({ name: 'list', arguments: '[username]', description: 'API tokens (first characters only), of one user or all' })
export class TokensListCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run([username]: string[]): Promise<void> {
    const tokens = await this.users.listTokens(username);
    if (!tokens.length) out('No API tokens.');
    for (const t of tokens) {
      out(`${t.id}  ${t.prefix}...  ${t.username.padEnd(16)} ${t.name.padEnd(20)} ${t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : `last used ${t.lastUsedAt?.toISOString() ?? 'never'}`}`);
    }
  }
}

@SubCommand({ name: 'revoke', arguments: '<id-or-prefix>', description: 'Revoke an API token at once (by id or the prefix shown in the list)' })
export class TokensRevokeCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run([key]: string[]): Promise<void> {
    const t = await this.users.revokeToken(key, actor());
    out(`Revoked token "${t.name}" of ${t.username} (${t.prefix}...).`);
  }
}

@SubCommand({ name: 'tokens', description: 'API tokens for scripts: create, list, revoke', subCommands: [TokensCreateCommand, TokensListCommand, TokensRevokeCommand] })
export class UsersTokensCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

@Command({
  name: 'users',
  description: 'Accounts of the web application and API: create-admin, add, list, disable, enable, password, tokens',
  subCommands: [UsersAddCommand, UsersCreateAdminCommand, UsersDisableCommand, UsersEnableCommand, UsersListCommand, UsersPasswordCommand, UsersTokensCommand],
})
export class UsersCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

export const USERS_COMMANDS = [
  TokensCreateCommand,
  TokensListCommand,
  TokensRevokeCommand,
  UsersAddCommand,
  UsersCommand,
  UsersCreateAdminCommand,
  UsersDisableCommand,
  UsersEnableCommand,
  UsersListCommand,
  UsersPasswordCommand,
  UsersTokensCommand,
];
