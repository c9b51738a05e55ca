import { ConfigModule } from '@app/config';
import { DatabaseModule, PrismaService } from '@app/database';
import { IngestModule } from '@app/ingest';
import { MetricsModule, MetricsService } from '@app/metrics';
import { QueueModule, QueueService } from '@app/queue';
import { INestApplication, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { PollScheduler } from '../apps/worker/src/schedulers/poll.scheduler';
import { ScheduleSlots } from '../apps/worker/src/schedulers/schedule-slots.service';
import { startApiApp } from './support/api-app';
import { createTestUser } from './support/auth-users';
import { TestEnv, createTestEnv } from './support/test-env';

describe('Bull Board at /admin/queues', () => {
  let env: TestEnv;
  let app: INestApplication;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startApiApp(env);
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  it('refuses anyone but an admin, and shows every queue to an admin', async () => {
    const server = app.getHttpServer();
    await request(server).get('/admin/queues').expect(401);
    await request(server).get('/admin/queues/api/queues').expect(401);
    const viewer = await createTestUser(app, 'viewer');
    await request(server).get('/admin/queues').set(viewer.headers).expect(403);
    await request(server).get('/admin/queues/api/queues').set(viewer.headers).expect(403);

    const admin = await createTestUser(app, 'admin');
    await request(server).get('/admin/queues').set(admin.headers).expect(200).expect('content-type', /html/);
    const res = await request(server).get('/admin/queues/api/queues').set(admin.headers).expect(200);
    expect((res.body.queues as { name: string }[]).map((q) => q.name).sort()).toEqual(['alert', 'classify', 'digest', 'ingest', 'review', 'review-timers']);
  });
});

@Module({})
class SchedulerTestModule {}

describe('one scheduler tick acts per slot, whichever worker fires it', () => {
  let env: TestEnv;
  const contexts: INestApplicationContext[] = [];

  // Two workers' worth of scheduler, each with its own connections, on one database and one Redis prefix.
  const worker = async () => {
    const ctx = await NestFactory.createApplicationContext(
      { module: SchedulerTestModule, imports: [ConfigModule.forRoot(env.config), DatabaseModule, IngestModule, MetricsModule, QueueModule], providers: [PollScheduler, ScheduleSlots] },
      { logger: false },
    );
    contexts.push(ctx);
    return ctx;
  };
  const ticks = async (ctx: INestApplicationContext, outcome: string) => {
    const text = await ctx.get(MetricsService).scrape();
    return Number(new RegExp(`^sm_schedule_ticks_total\\{schedule="poll-sources",outcome="${outcome}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  };

  beforeAll(async () => {
    env = await createTestEnv();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await env?.cleanup();
  });

  it('of two workers ticking in the same minute, one claims the due sources and the other skips; the next minute acts again', async () => {
    const [a, b] = [await worker(), await worker()];
    // Each ran its start-up tick (fire and forget): wait until both have counted it.
    for (let i = 0; (await ticks(a, 'acted')) + (await ticks(a, 'skipped')) + (await ticks(b, 'acted')) + (await ticks(b, 'skipped')) < 2; i++) {
      if (i > 200) throw new Error('the start-up ticks never ran');
      await new Promise((r) => setTimeout(r, 50));
    }
    // A minute well after the start-up ticks' one, fired by both at the same instant.
    const minute = Math.floor(Date.now() / 60_000) * 60_000 + 10 * 60_000;
    // Due from that minute on, not before: a start-up tick is counted when it takes its slot, and
    // may still be claiming what is due now while the sources are created.
    const prisma = a.get(PrismaService);
    for (let i = 0; i < 3; i++) await prisma.source.create({ data: { name: `S${i}`, url: `https://news.example.org/${i}.xml`, kind: 'rss', pollIntervalMinutes: 60, nextPollAt: new Date(minute) } });
    const before = { a: await ticks(a, 'acted'), b: await ticks(b, 'acted') };
    const queued = await Promise.all([a.get(PollScheduler).tick(new Date(minute + 1_000)), b.get(PollScheduler).tick(new Date(minute + 1_000))]);
    expect([...queued].sort()).toEqual([0, 3]);
    expect((await ticks(a, 'acted')) - before.a + (await ticks(b, 'acted')) - before.b).toBe(1);

    // Later in the same minute (another worker's interval): skipped even though a source is due.
    await prisma.source.create({ data: { name: 'S3', url: 'https://news.example.org/3.xml', kind: 'rss', pollIntervalMinutes: 60, nextPollAt: new Date(minute) } });
    expect(await b.get(PollScheduler).tick(new Date(minute + 40_000))).toBe(0);
    expect(await a.get(PollScheduler).tick(new Date(minute + 59_000))).toBe(0);
    // The next minute's slot is free again.
    expect(await b.get(PollScheduler).tick(new Date(minute + 61_000))).toBe(1);

    const jobs = await a.get(QueueService).queue('ingest').getJobs(['waiting', 'prioritized', 'delayed', 'active']);
    expect(jobs).toHaveLength(4);
    expect(new Set(jobs.map((j) => (j.data as { sourceId: string }).sourceId)).size).toBe(4);
  });
});
