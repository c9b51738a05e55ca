import { PrismaPg } from '@prisma/adapter-pg';
import { Queue } from 'bullmq';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { PrismaClient } from '../libs/database/src/generated/client';
import { Scrape, Service, freePort, serviceEnv, startService, started, until } from './support/ops-processes';
import { TestEnv, createTestEnv } from './support/test-env';

const FEEDS = 6;
const CONCURRENCY = 3;

/**
 * Feeds of two entries each. A feed request is held until CONCURRENCY of them
 * are in flight together (a barrier), so the polls finish only if the worker
 * really runs that many at once; the most ever in flight is recorded.
 */
function startBarrierFeeds(stats: { inFlight: number; max: number }): Promise<Server> {
  const waiting: (() => void)[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const feed = /^\/feed\/(\d+)\.xml$/.exec(path)?.[1];
    if (feed !== undefined) {
      stats.inFlight++;
      stats.max = Math.max(stats.max, stats.inFlight);
      const answer = () => {
        stats.inFlight--;
        const items = [0, 1].map((i) => `<item><title>Feed ${feed} note ${i}</title><link>/a/${feed}-${i}.html</link><guid isPermaLink="false">q-${feed}-${i}</guid></item>`).join('');
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>F${feed}</title>${items}</channel></rss>`);
      };
      waiting.push(answer);
      // The last feeds cannot fill the barrier: let them through once the rest are done.
      if (waiting.length >= CONCURRENCY || stats.max >= CONCURRENCY) for (const go of waiting.splice(0)) go();
      return;
    }
    const page = /^\/a\/(\d+)-(\d+)\.html$/.exec(path);
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end(
      `<html><body><article><h1>Feed ${page[1]} note ${page[2]}</h1><p>${30 + Number(page[1]) * 5 + Number(page[2])} North Korean workers stayed in Irkutsk after their visas expired (note ${page[1]}.${page[2]}).</p></article></body></html>`,
    );
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

describe('workers for a subset of queues (--queues)', () => {
  let env: TestEnv;
  let feeds: Server;
  let prisma: PrismaClient;
  const stats = { inFlight: 0, max: 0 };
  const services: Service[] = [];

  beforeAll(async () => {
    env = await createTestEnv();
    feeds = await startBarrierFeeds(stats);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl }) });
    const port = (feeds.address() as AddressInfo).port;
    for (let f = 0; f < FEEDS; f++) {
      await prisma.source.create({ data: { name: `F${f}`, url: `http://127.0.0.1:${port}/feed/${f}.xml`, kind: 'rss', pollIntervalMinutes: 60 } });
    }
  });

  afterAll(async () => {
    for (const s of services) s.child.kill('SIGKILL');
    await prisma?.$disconnect();
    await new Promise((r) => feeds?.close(r));
    await env?.cleanup();
  });

  it('refuses a queue that does not exist or that no worker processes', async () => {
    for (const [arg, says] of [
      ['ingest,bogus', /--queues names "bogus"/],
      ['review', /analysts take review jobs by hand/],
      ['', /--queues is empty/],
    ] as const) {
      const s = startService('worker', serviceEnv(env), ['--queues', arg]);
      expect((await s.exited).code).toBe(1);
      expect(s.output()).toMatch(says);
    }
  });

  it('an ingest-only worker stores articles and leaves classification to a classify-only worker', async () => {
    const host = `127.0.0.1:${(feeds.address() as AddressInfo).port}`;
    const ingestMetrics = await freePort();
    const ingestOnly = startService('worker', serviceEnv(env, { FETCH_ALLOWLIST: host, WORKER_CONCURRENCY_INGEST: String(CONCURRENCY), METRICS_PORT: String(ingestMetrics) }), ['--queues', 'ingest']);
    services.push(ingestOnly);
    await until('every feed stored', async () => (await prisma.article.count()) === FEEDS * 2, 90_000, [ingestOnly]);
    const ingest = new Queue('ingest', { connection: { url: env.config.redisUrl }, prefix: env.config.queuePrefix });
    const classify = new Queue('classify', { connection: { url: env.config.redisUrl }, prefix: env.config.queuePrefix });
    try {
      await until('the polls to end', async () => (await ingest.getJobCounts('completed')).completed === FEEDS, 30_000, [ingestOnly]);
      // The configured concurrency, no more and no less.
      expect(stats.max).toBe(CONCURRENCY);
      // Nothing took the classify jobs: they wait for a worker that processes that queue.
      expect(await classify.getJobCounts('waiting', 'active', 'completed')).toEqual({ waiting: FEEDS * 2, active: 0, completed: 0 });
      expect(await prisma.article.count({ where: { classifiedAt: { not: null } } })).toBe(0);
      const scrape = await Scrape.from(`http://127.0.0.1:${ingestMetrics}/metrics`);
      expect(scrape.sum('sm_polls_total', { outcome: 'ok' })).toBe(FEEDS);
      expect(scrape.sum('sm_classification_seconds_count')).toBe(0);

      ingestOnly.child.kill('SIGTERM');
      expect(await ingestOnly.exited).toEqual({ code: 0, signal: null });

      const classifyMetrics = await freePort();
      const classifyOnly = startService('worker', serviceEnv(env, { METRICS_PORT: String(classifyMetrics) }), ['--queues=classify']);
      services.push(classifyOnly);
      await started(classifyOnly, /^worker started: queues classify \(concurrency 2\);/);
      await until('every article classified', async () => (await prisma.article.count({ where: { classifiedAt: null } })) === 0, 60_000, [classifyOnly]);
      await until('the classify jobs to end', async () => (await classify.getJobCounts('completed')).completed === FEEDS * 2, 30_000, [classifyOnly]);
      const after = await Scrape.from(`http://127.0.0.1:${classifyMetrics}/metrics`);
      expect(after.sum('sm_classification_seconds_count')).toBe(FEEDS * 2);
      expect(after.sum('sm_polls_total')).toBe(0);
      expect(await ingest.getJobCounts('waiting', 'active')).toEqual({ waiting: 0, active: 0 });
    } finally {
      await ingest.close();
      await classify.close();
    }
  }, 180_000);
});
