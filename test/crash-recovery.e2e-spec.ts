import { PrismaPg } from '@prisma/adapter-pg';
import { Queue } from 'bullmq';
import { ChildProcess } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PrismaClient } from '../libs/database/src/generated/client';
import { TestEnv, createTestEnv } from './support/test-env';
import { serviceEnv, startService, until } from './support/ops-processes';

const ITEMS = 40;

/** A feed of ITEMS entries whose article pages answer slowly, so a worker can be killed mid-batch. */
let pagesRequested = 0;

function startSlowFeed(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/feed.xml') {
      const items = Array.from({ length: ITEMS }, (_, i) =>
        `<item><title>Report ${i}: North Korean workers in Vladivostok ordered to stay on</title><link>/a/${i}.html</link><guid isPermaLink="false">crash-${i}</guid></item>`,
      ).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>${items}</channel></rss>`);
      return;
    }
    const n = /^\/a\/(\d+)\.html$/.exec(url.pathname)?.[1];
    if (!n) return void res.writeHead(404).end();
    pagesRequested++;
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<html><body><article><h1>Report ${n}</h1><p>Pyongyang has told its construction workers in Vladivostok (site ${n}) to stay on for another year even though their visas expired, a source said.</p></article></body></html>`,
      );
    }, 150);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}


describe('a worker killed mid-batch loses and doubles nothing', () => {
  let env: TestEnv;
  let server: Server;
  let prisma: PrismaClient;
  const workers: ChildProcess[] = [];

  const startWorker = () => {
    const { child } = startService(
      'worker',
      serviceEnv(env, {
        FETCH_ALLOWLIST: `127.0.0.1:${(server.address() as AddressInfo).port}`,
        WORKER_LOCK_MS: '5000',
        WORKER_STALLED_INTERVAL_MS: '1000',
        LOG_LEVEL: 'warn',
      }),
    );
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    env = await createTestEnv();
    server = await startSlowFeed();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl }) });
    const port = (server.address() as AddressInfo).port;
    await prisma.source.create({ data: { name: 'Slow feed', url: `http://127.0.0.1:${port}/feed.xml`, kind: 'rss', pollIntervalMinutes: 60 } });
  });

  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await prisma?.$disconnect();
    await new Promise((r) => server?.close(r));
    await env?.cleanup();
  });

  it('the next worker finishes the batch: every article stored once, classified once, one review item per story, queued once', async () => {
    const first = startWorker();
    // Killed while it is reading the feed's article pages: a feed's new articles are stored together, after their pages.
    await until('the first article pages to be requested', async () => pagesRequested >= 5, 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const storedAtKill = await prisma.article.count();
    expect(storedAtKill).toBeLessThan(ITEMS);

    startWorker();
    await until('all articles classified', async () => {
      const [stored, unclassified] = await Promise.all([prisma.article.count(), prisma.article.count({ where: { classifiedAt: null } })]);
      return stored === ITEMS && unclassified === 0;
    });
    // Give a doubled job, if there were one, the time to show itself.
    await new Promise((r) => setTimeout(r, 1500));

    const articles = await prisma.article.findMany({ select: { guid: true } });
    expect(new Set(articles.map((a) => a.guid)).size).toBe(ITEMS);
    expect(articles).toHaveLength(ITEMS);
    const matched = await prisma.article.count({ where: { matches: { some: {} } } });
    expect(matched).toBe(ITEMS);
    // One item per story, every matched article in exactly one item, and one review job per open item.
    const stories = await prisma.article.groupBy({ by: ['storyId'], where: { matches: { some: {} } } });
    expect(await prisma.reviewItem.count()).toBe(stories.length);
    expect(await prisma.reviewItemArticle.count()).toBe(ITEMS);
    expect(new Set((await prisma.reviewItemArticle.findMany()).map((l) => l.articleId)).size).toBe(ITEMS);
    const queue = new Queue('review', { connection: { url: env.config.redisUrl }, prefix: env.config.queuePrefix });
    try {
      const jobIds = await queue.getRanges(['waiting', 'prioritized', 'delayed', 'active'], 0, -1, true);
      const items = await prisma.reviewItem.findMany({ select: { id: true } });
      expect([...jobIds].sort()).toEqual(items.map((i) => i.id).sort());
    } finally {
      await queue.close();
    }
    const source = await prisma.source.findFirstOrThrow();
    expect(source).toMatchObject({ consecutiveFailures: 0, lastError: null });
  }, 120_000);
});
