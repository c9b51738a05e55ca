import { Server } from 'node:http';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { startStaticServer } from '../apps/cli/src/demo/static-server';
import { ROOT, runCli } from './support/run-cli';
import { TestEnv, createTestEnv } from './support/test-env';

describe('sources, polling and articles on the command line', () => {
  let env: TestEnv;
  let server: Server;
  let baseUrl: string;
  const cli = (...args: string[]) =>
    runCli(args, {
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.config.redisUrl,
      QUEUE_PREFIX: env.config.queuePrefix,
      FETCH_ALLOWLIST: new URL(baseUrl).host,
    });

  beforeAll(async () => {
    env = await createTestEnv();
    ({ server, baseUrl } = await startStaticServer(resolve(ROOT, 'config/sample'), 0));
  });

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await env?.cleanup();
  });

  it('refuses a bad source with the field and what it expects', async () => {
    const r = await cli('sources', 'add', '--url', 'ftp://files.example.org/feed', '--kind', 'rss');
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('url: an http:// or https:// URL');
    const html = await cli('sources', 'add', '--url', 'https://news.example.org/list', '--kind', 'html');
    expect(html.stderr.trim()).toBe('selectors: an html source needs selectors.item and selectors.link (CSS selectors of each entry and its link)');
    expect((await cli('sources', 'add', '--url', 'https://news.example.org/feed', '--kind', 'rss', '--interval', 'often')).stderr.trim()).toBe(
      '--interval: a whole number of minutes (got "often")',
    );
  });

  it('adds a source, polls it once and lists what it stored, without duplicates on the second poll', async () => {
    const added = await cli('sources', 'add', '--url', `${baseUrl}/feed.xml`, '--kind', 'rss', '--name', 'Local sample', '--interval', '30');
    expect(added.status).toBe(0);
    const id = /\(([0-9a-f-]{36})\)/.exec(added?.stdout)![1];
    const listed = JSON.parse((await cli('sources', 'list', '--json')).stdout);
    expect(listed).toEqual([expect.objectContaining({ id, name: 'Local sample', kind: 'rss', pollIntervalMinutes: 30, enabled: true })]);

    const first = await cli('poll', '--once', '--source', id, '--json');
    expect(first.status).toBe(0);
    expect(JSON.parse(first?.stdout)).toMatchObject({ items: 10, duplicates: 1, failed: [] });
    expect(JSON.parse(first?.stdout).newArticleIds).toHaveLength(9);
    const second = JSON.parse((await cli('poll', '--once', '--source', id, '--json')).stdout);
    expect(second).toMatchObject({ items: 10, duplicates: 10, newArticleIds: [] });

    const articles = (await cli('articles', 'list', '--json')).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(articles).toHaveLength(9);
    expect(articles[0]).toMatchObject({ source: { id, name: 'Local sample' } });

    const health = JSON.parse((await cli('sources', 'health', '--json')).stdout);
    expect(health[0]).toMatchObject({ id, lastStatus: 200, consecutiveFailures: 0, itemsSeen: 20, lastError: null, entryRetryPolls: 0 });
    expect((await cli('sources', 'health')).stdout).not.toContain('fetched again');

    // Entries that failed at the last polls (see ingest-pipeline) show on the health report.
    const db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE "Source" SET "entryRetryPolls" = 2 WHERE id = $1`, [id]);
    } finally {
      await db.end();
    }
    expect((await cli('sources', 'health')).stdout).toContain('entries failed at the last 2 poll(s): the whole feed is fetched again to retry them');
  });

  it('reads the kind from the address when --kind is left out, and points from an HTML page to its feed', async () => {
    const added = await cli('sources', 'add', '--url', `${baseUrl}/feed.xml`, '--name', 'Detected');
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/^Added Detected \([0-9a-f-]{36}\), rss, every 60 min\.$/m);
    const page = await cli('sources', 'add', '--url', `${baseUrl}/articles/missile-launch.html`);
    expect(page.status).toBe(1);
    expect(page.stderr.trim()).toBe('--kind: the address is an HTML page, not a feed (or give --kind html with --item and --link selectors)');
  });

  it('records a failing source in plain words and backs off', async () => {
    const added = await cli('sources', 'add', '--url', `${baseUrl}/no-such-feed.xml`, '--kind', 'rss', '--name', 'Broken', '--interval', '10');
    const id = /\(([0-9a-f-]{36})\)/.exec(added?.stdout)![1];
    const r = await cli('poll', '--once', '--source', id);
    expect(r.status).toBe(0);
    const host = new URL(baseUrl).host;
    expect(r.stdout.trim()).toBe(`Broken: FAILED: ${host} answered HTTP 404 (Not Found).`);
    await cli('poll', '--once', '--source', id);
    const broken = JSON.parse((await cli('sources', 'health', '--json')).stdout).find((s: { id: string }) => s.id === id);
    expect(broken).toMatchObject({ consecutiveFailures: 2, lastStatus: 404, lastError: `${new URL(baseUrl).host} answered HTTP 404 (Not Found).` });
    const wait = new Date(broken.nextPollAt).getTime() - new Date(broken.lastAttemptAt).getTime();
    expect(wait).toBeGreaterThanOrEqual(19 * 60_000);
    expect(wait).toBeLessThanOrEqual(21 * 60_000);
  });
});
