import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import request from 'supertest';
import { SourcesService } from '../libs/ingest/src';
import { PrismaClient } from '../libs/database/src/generated/client';
import { AdminApi, startAdminApi } from './support/api-app';
import { TestEnv } from './support/test-env';

describe('sources through the API', () => {
  let suite: AdminApi;
  let env: TestEnv;
  let app: INestApplication;
  let prisma: PrismaClient;
  let auth: { Authorization: string };
  const http = () => request.agent(app.getHttpServer()).set(auth);

  beforeAll(async () => {
    suite = await startAdminApi();
    ({ env, app, prisma, auth } = suite);
  });

  afterAll(() => suite?.close());

  it('refuses an invalid source, naming each field', async () => {
    const res = await http().post('/sources').send({ name: '', url: 'ftp://x.example/feed', kind: 'gopher', pollIntervalMinutes: 0 }).expect(400);
    expect(res.body.problems.map((p: string) => p.split(':')[0]).sort()).toEqual(['kind', 'name', 'pollIntervalMinutes', 'url']);
    const html = await http().post('/sources').send({ name: 'Listing', url: 'https://news.example.org/list', kind: 'html' }).expect(400);
    expect(html.body.message).toBe('selectors: an html source needs selectors.item and selectors.link (CSS selectors of each entry and its link)');
    await http().post('/sources').send({ name: 'x', url: 'https://a.example/f', kind: 'rss', surprise: 1 }).expect(400);
  });

  it('adds, reads by id or key, pauses and resumes a source, with an audit trail', async () => {
    const created = await http()
      .post('/sources')
      .send({ key: 'example-korea', name: 'Example Korea desk', url: 'https://news.example.org/korea.xml', kind: 'rss', pollIntervalMinutes: 30, language: 'en' })
      .expect(201);
    expect(created.body).toMatchObject({ enabled: true, consecutiveFailures: 0, pollIntervalMinutes: 30 });
    await http().get(`/sources/${created.body.id}`).expect(200);
    await http().get('/sources/example-korea').expect(200);
    await http().get('/sources/nope').expect(404);
    const paused = await http().patch('/sources/example-korea').send({ enabled: false }).expect(200);
    expect(paused.body.enabled).toBe(false);
    await http().patch('/sources/example-korea').send({ kind: 'html' }).expect(400);
    await http().patch('/sources/example-korea').send({ enabled: true }).expect(200);
    const audit = await prisma.auditEvent.findMany({ where: { entityId: created.body.id }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['source.created', 'source.updated', 'source.updated']);
  });

  it('queues a poll now, once however often it is asked while waiting', async () => {
    const source = await prisma.source.findUniqueOrThrow({ where: { key: 'example-korea' } });
    const a = await http().post(`/sources/${source.id}/poll`).expect(202);
    const b = await http().post('/sources/example-korea/poll').expect(202);
    expect(a.body.jobId).toBe(b.body.jobId);
    const queue = new Queue('ingest', { connection: { url: env.config.redisUrl }, prefix: env.config.queuePrefix });
    try {
      expect(await queue.getWaitingCount()).toBe(1);
    } finally {
      await queue.close();
    }
  });

  it('hands each due source to exactly one of several schedulers claiming at once', async () => {
    const sources = app.get(SourcesService);
    for (let i = 0; i < 20; i++) {
      await sources.create({ name: `Feed ${i}`, url: `https://feeds.example.org/${i}.xml`, kind: 'rss' }, 'test');
    }
    const now = new Date();
    const claims = await Promise.all([sources.claimDue(now), sources.claimDue(now), sources.claimDue(now), sources.claimDue(now)]);
    const ids = claims.flat().map((s) => s.id);
    expect(ids).toHaveLength(21);
    expect(new Set(ids).size).toBe(21);
    expect(await sources.claimDue(now)).toEqual([]);
  });
});
