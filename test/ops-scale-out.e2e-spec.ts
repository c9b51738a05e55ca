import { PrismaPg } from '@prisma/adapter-pg';
import { Queue } from 'bullmq';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { PrismaClient } from '../libs/database/src/generated/client';
import { Scrape, Service, freePort, serviceEnv, startService, started, until } from './support/ops-processes';
import { TestEnv, createTestEnv } from './support/test-env';

const FEEDS = 6;
const ITEMS = 4;
const TOTAL = FEEDS * ITEMS;
const CITIES = ['Vladivostok', 'Khabarovsk', 'Dandong', 'Shenyang', 'Novosibirsk', 'Tomsk'];

/** FEEDS feeds of ITEMS on-topic entries each, with a page per entry; every request is counted by path. */
function startFeeds(hits: Map<string, number>): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const feed = /^\/feed\/(\d+)\.xml$/.exec(path)?.[1];
    if (feed !== undefined) {
      const items = Array.from({ length: ITEMS }, (_, i) => `<item><title>Feed ${feed} report ${i}</title><link>/a/${feed}-${i}.html</link><guid isPermaLink="false">ops-${feed}-${i}</guid></item>`).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${feed}</title>${items}</channel></rss>`);
      return;
    }
    const page = /^\/a\/(\d+)-(\d+)\.html$/.exec(path);
    if (!page) return void res.writeHead(404).end();
    const [f, i] = [Number(page[1]), Number(page[2])];
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<html><body><article><h1>Feed ${f} report ${i}</h1><p>Pyongyang has told ${40 + f * 7 + i} of its construction workers in ${CITIES[f]} to stay on for year ${2020 + i} even though their visas expired, according to a ${['local', 'church', 'union', 'diplomatic'][i]} source quoted on day ${f * 10 + i}.</p></article></body></html>`,
    );
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

describe('two workers and two api processes on one PostgreSQL and one Redis', () => {
  let env: TestEnv;
  let feeds: Server;
  let prisma: PrismaClient;
  const hits = new Map<string, number>();
  const services: Service[] = [];
  let workerMetrics: number[];
  let apiPorts: number[];

  beforeAll(async () => {
    env = await createTestEnv();
    feeds = await startFeeds(hits);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl }) });
    const port = (feeds.address() as AddressInfo).port;
    for (let f = 0; f < FEEDS; f++) {
      await prisma.source.create({ data: { name: `Feed ${f}`, url: `http://127.0.0.1:${port}/feed/${f}.xml`, kind: 'rss', pollIntervalMinutes: 60 } });
    }
    workerMetrics = [await freePort(), await freePort()];
    apiPorts = [await freePort(), await freePort()];
    const base = { FETCH_ALLOWLIST: `127.0.0.1:${port}` };
    // All four start at once, as replicas do after a deploy.
    for (const m of workerMetrics) services.push(startService('worker', serviceEnv(env, { ...base, METRICS_PORT: String(m) })));
    for (const p of apiPorts) services.push(startService('api', serviceEnv(env, { ...base, API_PORT: String(p) })));
    await Promise.all(services.map((s, i) => started(s, i < 2 ? /^worker started/ : /^API on/)));
  }, 120_000);

  afterAll(async () => {
    for (const s of services) s.child.kill('SIGKILL');
    await prisma?.$disconnect();
    await new Promise((r) => feeds?.close(r));
    await env?.cleanup();
  });

  it('polls each source once, stores and classifies each article once, queues each review item once', async () => {
    await until('every article classified', async () => (await prisma.article.count({ where: { classifiedAt: { not: null } } })) === TOTAL, 90_000, services);
    const scrapes = async () => Promise.all(workerMetrics.map((p) => Scrape.from(`http://127.0.0.1:${p}/metrics`)));
    // The counters are bumped as jobs end; wait until both workers' sums agree with the database.
    await until('the workers to count every classification', async () => (await scrapes()).reduce((a, s) => a + s.sum('sm_classification_seconds_count'), 0) >= TOTAL, 30_000, services);

    for (let f = 0; f < FEEDS; f++) expect(hits.get(`/feed/${f}.xml`)).toBe(1);
    for (let f = 0; f < FEEDS; f++) for (let i = 0; i < ITEMS; i++) expect(hits.get(`/a/${f}-${i}.html`)).toBe(1);

    const articles = await prisma.article.findMany({ select: { guid: true } });
    expect(articles).toHaveLength(TOTAL);
    expect(new Set(articles.map((a) => a.guid)).size).toBe(TOTAL);

    const workers = await scrapes();
    const total = (name: string, labels: Record<string, string> = {}) => workers.reduce((a, s) => a + s.sum(name, labels), 0);
    expect(total('sm_polls_total', { outcome: 'ok' })).toBe(FEEDS);
    expect(total('sm_polls_total', { outcome: 'failed' })).toBe(0);
    expect(total('sm_articles_total', { outcome: 'new' })).toBe(TOTAL);
    expect(total('sm_classification_seconds_count')).toBe(TOTAL);
    expect(total('sm_matches_total')).toBe(await prisma.match.count());
    expect(workers[0].labelValues('sm_matches_total', 'category').concat(workers[1].labelValues('sm_matches_total', 'category'))).toContain('worker-overstay');
    expect(total('sm_jobs_total', { queue: 'ingest', outcome: 'completed' })).toBe(FEEDS);
    expect(total('sm_jobs_total', { queue: 'classify', outcome: 'completed' })).toBe(TOTAL);

    // One review job per open review item, whichever worker opened it.
    const review = new Queue('review', { connection: { url: env.config.redisUrl }, prefix: env.config.queuePrefix });
    try {
      const jobIds = await review.getRanges(['waiting', 'prioritized', 'delayed', 'active'], 0, -1, true);
      const items = await prisma.reviewItem.findMany({ select: { id: true } });
      expect(items.length).toBeGreaterThan(0);
      expect([...jobIds].sort()).toEqual(items.map((i) => i.id).sort());
    } finally {
      await review.close();
    }
  }, 150_000);

  it('each api is ready and reports the shared queues on /metrics; each worker only its own work', async () => {
    const openItems = await prisma.reviewItem.count();
    for (const port of apiPorts) {
      const ready = await request(`http://127.0.0.1:${port}`).get('/ready').expect(200);
      expect(ready.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' }, migrations: { status: 'up' } });
      const api = await Scrape.from(`http://127.0.0.1:${port}/metrics`);
      expect(api.sum('sm_queue_jobs', { queue: 'review', state: 'waiting' })).toBe(openItems);
      expect(api.sum('sm_queue_jobs', { queue: 'ingest', state: 'completed' })).toBe(FEEDS);
      expect(api.has('sm_queue_oldest_waiting_seconds')).toBe(true);
      expect(api.sum('sm_queue_oldest_waiting_seconds', { queue: 'classify' })).toBe(0);
      expect(api.sum('sm_queue_oldest_waiting_seconds', { queue: 'review' })).toBeGreaterThan(0);
      expect(api.has('process_resident_memory_bytes')).toBe(true);
      // The api polls nothing: ingest counters live in the workers that did the work.
      expect(api.sum('sm_polls_total')).toBe(0);
    }
  });

  it('logs JSON lines that carry the job or the request they belong to', async () => {
    const [w1, w2, a1] = services;
    const pollLines = [...w1.logs(), ...w2.logs()].filter((l) => l.context === 'IngestService' && /^poll /.test(String(l.msg)));
    expect(pollLines.length).toBeGreaterThanOrEqual(FEEDS * 2);
    for (const line of pollLines) expect(line).toMatchObject({ queue: 'ingest', jobName: 'poll-source', jobId: expect.stringMatching(/^poll\./) });

    await request(`http://127.0.0.1:${apiPorts[0]}`).get('/sources').set('x-request-id', 'ops-req-1').expect(401);
    const line = await until('the request line', async () => a1.logs().find((l) => l.requestId === 'ops-req-1'), 10_000, [a1]);
    expect(line).toMatchObject({ service: 'api', requestId: 'ops-req-1', res: { statusCode: 401 } });
  });
});
