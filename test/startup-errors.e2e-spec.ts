import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run-cli';


const cli = (args: string[], env: Record<string, string>, cwd?: string) => runCli(args, env, cwd);

describe('start-up errors a person can act on', () => {
  it('names each malformed variable and what it expects, in one line each, and exits 1', async () => {
    const r = await cli(['demo'], { DATABASE_URL: 'mysql://db.example/x', API_PORT: 'eighty', QUEUE_PREFIX: 'has space' });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      'Configuration error: DATABASE_URL must be a postgresql:// or postgres:// URL, e.g. postgresql://user@127.0.0.1:5432/sanctions_monitor (got "mysql://db.example/x")',
      'Configuration error: QUEUE_PREFIX must be letters, digits, "-" or "_" (1 to 40) (got "has space")',
      'Configuration error: API_PORT must be a whole number from 1 to 65535 (got "eighty")',
    ]);
  });

  it('reads a .env file in the working folder and reports its bad values the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm-env-'));
    try {
      writeFileSync(join(dir, '.env'), 'REDIS_URL=http://127.0.0.1:6379\n');
      const r = await cli(['demo'], {}, dir);
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toBe(
        'Configuration error: REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379 (got "http://127.0.0.1:6379")',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says when PostgreSQL cannot be reached, where, and how to start it', async () => {
    const r = await cli(['demo'], { DATABASE_URL: 'postgresql://root@127.0.0.1:1/sanctions_monitor' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'PostgreSQL is not reachable at 127.0.0.1:1 (ECONNREFUSED). Start it with `docker compose up -d postgres`, or start the local service (e.g. `pg_ctlcluster 15 main start` or `systemctl start postgresql`), or set DATABASE_URL.',
    );
  });

  it('says when Redis cannot be reached, where, and how to start it', async () => {
    const r = await cli(['demo'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Redis is not reachable at 127.0.0.1:1 (ECONNREFUSED). Start it with `docker compose up -d redis`, or start the local service (e.g. `redis-server --daemonize yes` or `systemctl start redis-server`), or set REDIS_URL.',
    );
  });

  it('prints help for every command', async () => {
    const commands = [
      [],
      ['demo'],
      ['migrate'],
      ['poll'],
      ['sources'],
      ['sources', 'list'],
      ['sources', 'add'],
      ['sources', 'health'],
      ['articles'],
      ['articles', 'list'],
      ['rules'],
      ['rules', 'import'],
      ['rules', 'export'],
      ['rules', 'history'],
      ['rules', 'rollback'],
      ['rules', 'backtest'],
      ['rules', 'lint'],
      ['rules', 'test'],
      ['classify'],
      ['backtest'],
    ];
    // Two at a time: one per core.
    const results: { args: string[]; status: number | null; usage: boolean }[] = [];
    const queue = commands.map((c) => [...c, '--help']);
    await Promise.all(
      [0, 1].map(async () => {
        for (let args = queue.shift(); args; args = queue.shift()) {
          const r = await cli(args, {});
          results.push({ args, status: r.status, usage: r.stdout.startsWith(`Usage: npm run cli -- ${args.slice(0, -1).join(' ')}`.trimEnd()) });
        }
      }),
    );
    expect(results.filter((r) => r.status !== 0 || !r.usage)).toEqual([]);
    expect(results).toHaveLength(commands.length);
  });
});
