import { PrismaService } from '@app/database';
import { INestApplication } from '@nestjs/common';
import { startApiApp } from './support/api-app';
import { openItem } from './support/review-seed';
import { runCli } from './support/run-cli';
import { TestEnv, createTestEnv } from './support/test-env';

describe('the review queue on the command line', () => {
  let env: TestEnv;
  let app: INestApplication;
  const cli = (...args: string[]) =>
    runCli(args, { DATABASE_URL: env.databaseUrl, REDIS_URL: env.config.redisUrl, QUEUE_PREFIX: env.config.queuePrefix });

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startApiApp(env);
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  it('review next claims the top item, review decide records the decision, stats and reconcile report', async () => {
    const low = await openItem(app, { severity: 'low', title: 'Low report' });
    const top = await openItem(app, { severity: 'critical', title: 'Loyalty money taken from wages in Dandong' });

    const next = await cli('review', 'next', '--as', 'ana');
    expect(next.status).toBe(0);
    expect(next.stdout).toContain(top.item.id);
    expect(next.stdout).toContain('Loyalty money taken from wages in Dandong');
    expect(next.stdout).toContain('overstay-test');

    // Someone else cannot decide it while ana holds it.
    const other = await cli('review', 'decide', top.item.id, '--dismiss', 'off_topic', '--as', 'bob');
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('held by ana');

    const decided = await cli('review', 'decide', top.item.id, '--confirm', 'reportable', '--note', 'matches the UN panel report', '--as', 'ana');
    expect(decided.stdout.trim()).toBe(`${top.item.id}: confirmed (v3)`);
    const again = await cli('review', 'decide', top.item.id, '--confirm', 'reportable', '--as', 'ana');
    expect(again.stdout.trim()).toBe(`${top.item.id}: already confirmed, nothing changed`);
    const stale = await cli('review', 'decide', low.item.id, '--dismiss', 'outdated', '--term', 'overstay', '--version', '7', '--as', 'ana');
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('changed since version 7');

    expect((await cli('review', 'decide', low.item.id, '--dismiss', 'boring')).stderr).toContain('--dismiss takes one of off_topic, duplicate, outdated, wrong_sense');
    expect((await cli('review', 'decide', low.item.id, '--confirm', 'monitor', '--escalate')).stderr).toContain('choose one of');

    const row = await app.get(PrismaService).reviewItem.findUniqueOrThrow({ where: { id: top.item.id } });
    expect(row).toMatchObject({ state: 'confirmed', disposition: 'reportable', decidedBy: 'ana', note: 'matches the UN panel report' });

    const stats = await cli('review', 'stats');
    expect(stats.stdout).toContain('confirmed 1');
    expect(stats.stdout).toContain('ana: 1 (confirmed 1, dismissed 0, escalated 0)');
    const json = JSON.parse((await cli('review', 'stats', '--json')).stdout);
    expect(json.byState).toMatchObject({ new: 1, confirmed: 1 });

    const reconcile = await cli('review', 'reconcile');
    expect(reconcile.stdout.trim()).toBe('requeued 0, removed 0, lapsed claims 0, newly overdue 0');

    const help = await cli('review', '--help');
    expect(help.stdout).toMatch(/next[\s\S]*decide[\s\S]*stats[\s\S]*reconcile/);
  }, 120_000);
});
