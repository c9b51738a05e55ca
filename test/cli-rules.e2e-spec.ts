import { PrismaPg } from '@prisma/adapter-pg';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runDemo } from '../apps/cli/src/demo/demo-runner';
import { PrismaClient } from '../libs/database/src/generated/client';
import { runCli } from './support/run-cli';
import { TestEnv, createTestEnv } from './support/test-env';

describe('rules on the command line: import, export, history, rollback, backtest', () => {
  let env: TestEnv;
  let prisma: PrismaClient;
  let dir: string;
  const cli = (...args: string[]) => runCli(args, { DATABASE_URL: env.databaseUrl, REDIS_URL: 'redis://127.0.0.1:1' });

  beforeAll(async () => {
    env = await createTestEnv();
    await runDemo(env.config);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl }) });
    dir = mkdtempSync(join(tmpdir(), 'sm-rules-'));
  }, 120_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await env?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a rule file as a new version, and a second import changes nothing', async () => {
    const file = join(dir, 'custom.yaml');
    writeFileSync(
      file,
      `- id: custom-dandong-restaurants
  name: Dandong restaurant staff
  category: loyalty-payment
  severity: low
  query: '("north korea*" OR pyongyang) AND dandong AND (restaurant* OR waitress*)'
  tests:
    match: ['North Korean waitresses at a Dandong restaurant hand over most of their pay.']
    noMatch: ['A new restaurant opened in Dandong last week.']
`,
    );
    const first = await cli('rules', 'import', file);
    expect(first).toMatchObject({ status: 0 });
    expect(first.stdout).toContain('saved     custom-dandong-restaurants v1');
    const again = await cli('rules', 'import', file);
    expect(again.stdout).toContain('unchanged custom-dandong-restaurants v1');
    expect(again.stdout).toContain('1 rule(s) read, 0 saved as a new version.');
  });

  it('refuses to import a rule whose test case fails, saying which', async () => {
    const file = join(dir, 'failing.yaml');
    writeFileSync(file, `- id: custom-failing\n  name: F\n  category: worker-overstay\n  severity: low\n  query: 'dprk AND overstay'\n  tests:\n    match: ['Workers overstayed in Japan.']\n`);
    const r = await cli('rules', 'import', file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('rule custom-failing: 1 test case(s) fail: expected a match for "Workers overstayed in Japan."');
    expect(await prisma.rule.count({ where: { id: 'custom-failing' } })).toBe(0);
  });

  it('shows history and diffs, and rolls back as a new version', async () => {
    const file = join(dir, 'custom.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('severity: low', 'severity: high'));
    expect((await cli('rules', 'import', file)).stdout).toContain('saved     custom-dandong-restaurants v2');
    const history = await cli('rules', 'history', 'custom-dandong-restaurants');
    expect(history.stdout.trim().split('\n').map((l) => l.split('  ')[0])).toEqual(['v2', 'v1']);
    expect(history.stdout).toMatch(/cli:\S+/);
    const diff = await cli('rules', 'history', 'custom-dandong-restaurants', '--diff', '1..2');
    expect(diff.stdout).toContain('-severity: low\n+severity: high');
    const rolled = await cli('rules', 'rollback', 'custom-dandong-restaurants', '--to', '1');
    expect(rolled.stdout.trim()).toBe('custom-dandong-restaurants is now v3 (the content of v1).');
    const missing = await cli('rules', 'rollback', 'custom-dandong-restaurants', '--to', '9');
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe('rule custom-dandong-restaurants has no version 9');
  });

  it('exports the stored rules as YAML files that import back unchanged', async () => {
    const outDir = join(dir, 'export');
    const r = await cli('rules', 'export', '--out', outDir);
    expect(r.status).toBe(0);
    expect(readdirSync(outDir).sort()).toEqual(['it-workers-cyber.yaml', 'loyalty-payment.yaml', 'repatriation-enforcement.yaml', 'visa-workaround.yaml', 'worker-overstay.yaml']);
    const back = await cli('rules', 'import', outDir);
    expect(back.status).toBe(0);
    expect(back.stdout).toMatch(/ rule\(s\) read, 0 saved as a new version\./);
  });

  it('backtests a draft query over the stored articles', async () => {
    const r = await cli('rules', 'backtest', '--query', '("north korea*" OR pyongyang) AND (sakhalin OR dandong)', '--json');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ articlesScanned: 9, hits: 2 });
    const topLevel = JSON.parse((await cli('backtest', '--query', '("north korea*" OR pyongyang) AND (sakhalin OR dandong)', '--json')).stdout);
    expect(topLevel).toMatchObject({ articlesScanned: 9, hits: 2 });
    // The demo's items are undecided: the decisions part of the report says so in plain words.
    const text = await cli('backtest', '--query', '("north korea*" OR pyongyang) AND (sakhalin OR dandong)');
    expect(text.stdout).toContain('Past decisions: still catches 0 of 0 confirmed item(s), drops 0 of 0 dismissed; would add 0 item(s) analysts confirmed under other rules.');
    const bad = await cli('rules', 'backtest', '--query', 'sakhalin NEAR dandong');
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^query: NEAR needs a number/);
    expect((await cli('rules', 'backtest')).stderr.trim()).toBe('give either --query "..." or --file rule.yaml');
  });
});
