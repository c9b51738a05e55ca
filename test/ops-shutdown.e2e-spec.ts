import { PrismaPg } from '@prisma/adapter-pg';
import { Queue } from 'bullmq';
import { Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { PrismaClient } from '../libs/database/src/generated/client';
import { Service, freePort, serviceEnv, startService, started, until } from './support/ops-processes';
import { TestEnv, createTestEnv } from './support/test-env';

const ITEMS = 8;

/**
 * One feed whose article pages answer only when the test lets them: a poll
 * job is "in hand" from its first page request until the pages are let go.
 */
class GatedFeed {
  readonly pageRequests: string[] = [];
  private held: ServerResponse[] = [];
  private open = false;
  server!: Server;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/feed.xml') {
        const items = Array.from({ length: ITEMS }, (_, i) => `<item><title>Dispatch ${i} on workers kept in Tomsk</title><link>/a/${i}.html</link><guid isPermaLink="false">gate-${i}</guid></item>`).join('');
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Gated</title>${items}</channel></rss>`);
        return;
      }
      this.pageRequests.push(path);
      if (this.open) this.answer(res, path);
      else this.held.push(res);
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers the held pages and every later one at once. */
  letGo(): void {
    this.open = true;
    for (const res of this.held.splice(0)) if (!res.destroyed) this.answer(res, new URL(res.req.url ?? '/', 'http://x').pathname);
  }

  private answer(res: ServerResponse, path: string): void {
    const n = /^\/a\/(\d+)\.html$/.exec(path)?.[1] ?? '0';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<html><body><article><h1>Dispatch ${n}</h1><p>About ${100 + Number(n) * 13} North Korean workers in Tomsk were told to stay on although their visas had expired (dispatch ${n}).</p></article></body></html>`,
    );
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

describe('stopping cleanly', () => {
  let env: TestEnv;
  let feed: GatedFeed;
  let prisma: PrismaClient;
  let ingest: Queue;
  const services: Service[] = [];

  const worker = (extra: Record<string, string>) => {
    const s = startService('worker', serviceEnv(env, { FETCH_ALLOWLIST: feed.host, ...extra }), ['--queues', 'ingest']);
    services.push(s);
    return s;
  };

  beforeEach(async () => {
    env = await createTestEnv();
    feed = new GatedFeed();
    await feed.start();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl }) });
    ingest = new Queue('ingest', { connection: { url: env.config.redisUrl }, prefix: env.config.queuePrefix });
    await prisma.source.create({ data: { name: 'Gated feed', url: `http://${feed.host}/feed.xml`, kind: 'rss', pollIntervalMinutes: 60 } });
  });

  afterEach(async () => {
    for (const s of services.splice(0)) s.child.kill('SIGKILL');
    await ingest?.close();
    await prisma?.$disconnect();
    await feed?.close();
    await env?.cleanup();
  });

  const counts = () => ingest.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');

  it('SIGTERM: the job in hand finishes within the grace time, then the worker exits 0', async () => {
    const w = worker({ SHUTDOWN_GRACE_MS: '120000' });
    await until('the poll to reach the article pages', async () => feed.pageRequests.length > 0, 60_000, [w]);
    w.child.kill('SIGTERM');
    // The worker is now draining: it waits for the job rather than dropping it.
    await until('the worker to say it is waiting for its job', async () => w.logs().some((l) => /^SIGTERM: taking no new jobs/.test(String(l.msg))), 30_000, [w]);
    feed.letGo();
    expect(await w.exited).toEqual({ code: 0, signal: null });

    expect(await prisma.article.count()).toBe(ITEMS);
    expect(await counts()).toMatchObject({ waiting: 0, active: 0, completed: 1, failed: 0 });
    expect(await prisma.source.findFirstOrThrow()).toMatchObject({ consecutiveFailures: 0, lastError: null, lastSuccessAt: expect.any(Date) });
    expect(w.logs().some((l) => /^stopped: 1 job\(s\) finished, 0 put back/.test(String(l.msg)))).toBe(true);
  }, 120_000);

  it('SIGTERM: a job still running after the grace time goes back to its queue, and the next worker does it once', async () => {
    const first = worker({ SHUTDOWN_GRACE_MS: '300' });
    await until('the poll to reach the article pages', async () => feed.pageRequests.length > 0, 60_000, [first]);
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    // Released, not stalled: waiting for the next worker, lock gone, no attempt spent.
    expect(await counts()).toMatchObject({ waiting: 1, active: 0, completed: 0, failed: 0 });
    const [job] = await ingest.getJobs(['waiting']);
    expect(job.attemptsMade).toBe(0);

    feed.letGo();
    const second = worker({});
    await until('the job done by the next worker', async () => (await counts()).completed === 1, 60_000, [second]);
    const articles = await prisma.article.findMany({ select: { guid: true } });
    expect(articles).toHaveLength(ITEMS);
    expect(new Set(articles.map((a) => a.guid)).size).toBe(ITEMS);
  }, 120_000);

  it('SIGKILL: the job of a killed worker is taken by another running worker once its lock expires', async () => {
    // Short enough for a test, long enough that a busy machine's survivor keeps its own lock.
    const lock = { WORKER_LOCK_MS: '5000', WORKER_STALLED_INTERVAL_MS: '1000' };
    const doomed = worker(lock);
    await until('the poll to reach the article pages', async () => feed.pageRequests.length > 0, 60_000, [doomed]);
    // Started only now, so the job cannot be the survivor's: it is locked by the doomed worker.
    const survivor = worker(lock);
    await started(survivor, /^worker started/);
    expect(await counts()).toMatchObject({ active: 1, completed: 0 });
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    feed.letGo();

    await until('the survivor to finish the job', async () => (await counts()).completed === 1, 90_000, [survivor]);
    expect(await counts()).toMatchObject({ waiting: 0, active: 0, failed: 0 });
    const articles = await prisma.article.findMany({ select: { guid: true } });
    expect(articles).toHaveLength(ITEMS);
    expect(new Set(articles.map((a) => a.guid)).size).toBe(ITEMS);
  }, 120_000);

  it('SIGTERM to an api process: it stops listening and exits 0', async () => {
    const port = await freePort();
    const api = startService('api', serviceEnv(env, { API_PORT: String(port) }));
    services.push(api);
    await started(api, /^API on/);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    api.child.kill('SIGTERM');
    expect(await api.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }, 60_000);
});
