import { INestApplication } from '@nestjs/common';
import { readdirSync } from 'node:fs';
import request from 'supertest';
import { PrismaClient } from '../libs/database/src/generated/client';
import { signUnsubscribe } from '../libs/digest/src';
import { AdminApi, startAdminApi } from './support/api-app';
import { createTestUser } from './support/auth-users';
import { makeReviewItem } from './support/review-factory';
import { runCli } from './support/run-cli';
import { TestEnv } from './support/test-env';

const SECRET = 'api-test-unsubscribe-secret-000';

describe('subscriptions through the API and the CLI', () => {
  let suite: AdminApi;
  let env: TestEnv;
  let app: INestApplication;
  let prisma: PrismaClient;
  let auth: { Authorization: string };
  const http = () => request(app.getHttpServer());
  const cliEnv = () => ({ DATABASE_URL: env.databaseUrl, REDIS_URL: env.config.redisUrl, QUEUE_PREFIX: env.config.queuePrefix, MAIL_OUTBOX_DIR: env.outboxDir, UNSUBSCRIBE_SECRET: SECRET });

  beforeAll(async () => {
    suite = await startAdminApi({ UNSUBSCRIBE_SECRET: SECRET, PUBLIC_BASE_URL: 'https://monitor.example' });
    ({ env, app, prisma, auth } = suite);
  });

  afterAll(() => suite?.close());

  it('creates, reads, updates and removes subscriptions, with presets stored as cron', async () => {
    const created = await http()
      .post('/subscriptions')
      .set(auth)
      .send({ name: 'EMEA', recipients: ['Desk@Bank.example'], schedule: 'weekly on monday at 8:30', timezone: 'Europe/London', filters: { countries: ['ru'], minSeverity: 'high' }, immediateAlerts: true })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'EMEA', recipients: ['desk@bank.example'], schedule: '30 8 * * 1', timezone: 'Europe/London', filters: { countries: ['RU'], minSeverity: 'high' }, immediateAlerts: true, sendEmpty: false, enabled: true });
    const id = created.body.id as string;
    expect((await http().get('/subscriptions').set(auth).expect(200)).body.map((s: { id: string }) => s.id)).toContain(id);
    const patched = await http().patch(`/subscriptions/${id}`).set(auth).send({ schedule: 'daily at 6', sendEmpty: true }).expect(200);
    expect(patched.body).toMatchObject({ schedule: '0 6 * * *', sendEmpty: true, filters: { countries: ['RU'] } });
    expect((await http().get(`/subscriptions/${id}`).set(auth).expect(200)).body.name).toBe('EMEA');
    await http().delete(`/subscriptions/${id}`).set(auth).expect(200);
    await http().get(`/subscriptions/${id}`).set(auth).expect(404);
  });

  it('answers 400 naming each invalid field, and needs the admin role to change anything', async () => {
    const bad = await http()
      .post('/subscriptions')
      .set(auth)
      .send({ recipients: ['not-an-address'], schedule: 'daily at 25', timezone: 'Mars/Olympus', filters: { categories: ['weather'] } })
      .expect(400);
    expect(bad.body.problems).toEqual(
      expect.arrayContaining([
        'name: required',
        'recipients.0: an e-mail address such as desk@example.org',
        'schedule: "daily at 25": the time must be between 00:00 and 23:59',
        'timezone: an IANA time zone such as Europe/London or America/New_York',
      ]),
    );
    expect(bad.body.problems.some((p: string) => p.startsWith('filters.categories.0:'))).toBe(true);
    const viewer = await createTestUser(app, 'viewer');
    await http().get('/subscriptions').set(viewer.headers).expect(200);
    await http().post('/subscriptions').set(viewer.headers).send({ name: 'x', recipients: ['x@y.example'] }).expect(403);
    await http().get('/subscriptions').expect(401);
  });

  it('previews the next digest without storing or sending anything, and shows the delivery log', async () => {
    const sub = (await http().post('/subscriptions').set(auth).send({ name: 'Preview desk', recipients: ['p@desk.example'] }).expect(201)).body;
    const made = await makeReviewItem(prisma, { title: 'Preview <b>item</b>' });
    const p = await http().get(`/subscriptions/${sub.id}/preview`).set(auth).expect(200);
    expect(p.body).toMatchObject({ itemCount: 1, wouldSend: true, recipients: ['p@desk.example'], subject: '[Sanctions Monitor] Preview desk: 1 new item (worker-overstay 1)' });
    expect(p.body.html).toContain('Preview &lt;b&gt;item&lt;/b&gt;');
    expect(p.body.text).toContain('Preview <b>item</b>');
    expect(await prisma.digest.count()).toBe(0);
    expect(readdirSync(env.outboxDir)).toEqual([]);

    // An analyst decides the item: the next preview shows the decision, not a cached view of the item.
    expect(p.body.text).not.toContain('seen by the Seoul desk');
    await http().post(`/review-items/${made.id}/confirm`).set(auth).send({ disposition: 'reportable', note: 'seen by the Seoul desk' }).expect(200);
    const again = await http().get(`/subscriptions/${sub.id}/preview`).set(auth).expect(200);
    expect(again.body.text).toContain('seen by the Seoul desk');
    expect(again.body.html).toContain('seen by the Seoul desk');

    const digest = await prisma.digest.create({
      data: { subscriptionId: sub.id, periodStart: new Date('2026-05-01T00:00:00Z'), periodEnd: new Date('2026-05-02T00:00:00Z'), subject: 'S', html: 'h', text: 't', recipients: ['p@desk.example'], itemCount: 0, status: 'failed', attempts: 12, error: 'gave up: 451 try later', messageId: '<digest-x@monitor.example>' },
    });
    const log = await http().get(`/subscriptions/${sub.id}/deliveries`).set(auth).expect(200);
    expect(log.body).toEqual([expect.objectContaining({ kind: 'digest', id: digest.id, status: 'failed', attempts: 12, error: 'gave up: 451 try later', recipients: ['p@desk.example'], messageId: '<digest-x@monitor.example>' })]);
    expect(log.body[0].html).toBeUndefined();
  });

  it('unsubscribes with the signed link: GET only asks, POST (RFC 8058 one-click) does it, with no account', async () => {
    const sub = (await http().post('/subscriptions').set(auth).send({ name: 'Leaving desk', recipients: ['stay@desk.example', 'leave@desk.example'] }).expect(201)).body;
    const token = signUnsubscribe(SECRET, { subscriptionId: sub.id, recipient: 'leave@desk.example' });
    const page = await http().get(`/unsubscribe/${token}`).expect(200);
    expect(page.text).toContain('Stop sending “Leaving desk” to leave@desk.example?');
    expect((await prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } })).unsubscribed).toEqual([]);

    await http().post(`/unsubscribe/${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    await http().post(`/unsubscribe/${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect((await prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } })).unsubscribed).toEqual(['leave@desk.example']);
    expect((await http().get(`/subscriptions/${sub.id}/preview`).set(auth).expect(200)).body.recipients).toEqual(['stay@desk.example']);
    expect((await http().get(`/unsubscribe/${token}`).expect(200)).text).toContain('Already unsubscribed');

    const forged = signUnsubscribe('some-other-secret-entirely', { subscriptionId: sub.id, recipient: 'stay@desk.example' });
    await http().post(`/unsubscribe/${forged}`).expect(404);
    await http().post(`/unsubscribe/${signUnsubscribe(SECRET, { subscriptionId: sub.id, recipient: 'stranger@x.example' })}`).expect(404);
    await http().get('/unsubscribe/garbage').expect(404);
  });

  it('manages subscriptions from the command line, every command with --help', async () => {
    const env_ = cliEnv();
    const add = await runCli(['subscriptions', 'add', '--name', 'CLI desk', '--to', 'cli@desk.example,two@desk.example', '--schedule', 'weekly on friday at 16', '--timezone', 'America/New_York', '--country', 'RU,CN', '--alerts', 'yes'], env_);
    expect(add.stderr).toBe('');
    expect(add.stdout).toContain('Added CLI desk');
    expect(add.stdout).toContain('weekly on friday at 16:00 America/New_York; countries RU, CN; all matches; empty digests skipped; immediate alerts on');
    const id = /\(([0-9a-f-]{36})\)/.exec(add.stdout)![1];

    const upd = await runCli(['subscriptions', 'update', id, '--min-severity', 'critical', '--country', 'any', '--send-empty', 'yes'], env_);
    expect(upd.stdout).toContain('severity >= critical; all matches; empty digests sent');
    const bad = await runCli(['subscriptions', 'update', id, '--schedule', 'fortnightly'], env_);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('schedule: "fortnightly" is neither a preset');

    const list = await runCli(['subscriptions', 'list'], env_);
    expect(list.stdout).toContain('CLI desk');
    const preview = await runCli(['subscriptions', 'preview', id], env_);
    expect(preview.stdout).toContain('Subject: [Sanctions Monitor] CLI desk:');
    expect(preview.stdout).toContain('Coverage:');
    const deliveries = await runCli(['subscriptions', 'deliveries', id], env_);
    expect(deliveries.stdout).toContain('Nothing delivered yet.');
    const rm = await runCli(['subscriptions', 'remove', id], env_);
    expect(rm.stdout).toContain('Removed CLI desk');

    for (const sub of ['', 'list', 'add', 'update', 'remove', 'preview', 'deliveries']) {
      const help = await runCli(['subscriptions', ...(sub ? [sub] : []), '--help'], env_);
      expect({ sub, status: help.status }).toEqual({ sub, status: 0 });
      expect(help.stdout).toMatch(/^Usage: npm run cli -- subscriptions/);
    }
  }, 120_000);
});
