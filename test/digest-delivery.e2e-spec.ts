import { PrismaService } from '@app/database';
import { QueueService, jobId } from '@app/queue';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PrismaPg } from '@prisma/adapter-pg';
import { JSDOM } from 'jsdom';
import { MetricsService } from '@app/metrics';
import { DigestScheduler } from '../apps/worker/src/schedulers/digest.scheduler';
import { ScheduleSlots } from '../apps/worker/src/schedulers/schedule-slots.service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { PrismaClient } from '../libs/database/src/generated/client';
import { verifyUnsubscribe } from '../libs/digest/src';
import { makeReviewItem, makeSubscription } from './support/review-factory';
import { ReceivedMail, SmtpTestServer, startSmtpTestServer } from './support/smtp-test-server';
import { TestEnv, createTestEnv } from './support/test-env';

const BASE = 'https://monitor.example';
const SECRET = 'test-unsubscribe-secret-0123456789';

/**
 * Digests and alerts end to end: the real digest and alert processors on the
 * test's own PostgreSQL database and Redis prefix, sending over SMTP to a real
 * SMTP server in this process, whose messages are parsed with mailparser.
 * Each test works in its own day of 2026 (subscriptions created then, hourly
 * schedules), so the items of one test never fall into another's digests.
 */
describe('digests and alerts over SMTP', () => {
  let smtp: SmtpTestServer;
  let env: TestEnv;
  let app: INestApplicationContext;
  let prisma: PrismaClient;
  let queues: QueueService;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    env = await createTestEnv({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Sanctions Monitor <monitor@monitor.example>',
      PUBLIC_BASE_URL: BASE,
      UNSUBSCRIBE_SECRET: SECRET,
      MAIL_RETRY_BASE_MS: '50',
      MAIL_RETRY_ATTEMPTS: '6',
    });
    app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config: env.config, schedulers: false, queues: ['digest', 'alert'] }), { logger: false });
    queues = app.get(QueueService);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl }) });
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await smtp?.close();
    await env?.cleanup();
  });

  const day = (n: number, time = '00:00') => new Date(`2026-05-${String(n).padStart(2, '0')}T${time}:00Z`);
  const at = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);

  async function build(subscriptionId: string, periodEnd: Date) {
    await queues.add('digest', 'build-digest', { subscriptionId, periodEnd: periodEnd.toISOString() }, { jobId: jobId.buildDigest(subscriptionId, periodEnd) });
    await queues.waitUntilIdle(30_000, ['digest', 'alert']);
    return prisma.digest.findUnique({ where: { subscriptionId_periodEnd: { subscriptionId, periodEnd } } });
  }

  const mailsOf = (messageId: string | null | undefined) => smtp.received.filter((m) => !!messageId && m.messageId === messageId);
  const text = (m: ReceivedMail) => m.mail.text ?? '';
  const html = (m: ReceivedMail) => (typeof m.mail.html === 'string' ? m.mail.html : '');
  /** A header as sent (unfolded), not as mailparser interprets it. */
  const header = (m: ReceivedMail, name: string) =>
    m.mail.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n[ \t]+/g, ' ').replace(/^[^:]+:\s*/, '') ?? '';

  it('sends one copy per recipient, grouped by category and ordered by severity, with evidence, facts, decisions and links', async () => {
    const t = day(1);
    const sub = await makeSubscription(prisma, { name: 'EMEA desk', recipients: ['a@desk.example', 'b@desk.example'], schedule: '0 * * * *', createdAt: t });
    const low = await makeReviewItem(prisma, { title: 'Low overstay report', severity: 'low', createdAt: at(t, 5), matches: [{ category: 'worker-overstay', severity: 'low', hit: 'ordered to stay' }] });
    const crit = await makeReviewItem(prisma, {
      title: 'Critical overstay report',
      severity: 'critical',
      state: 'confirmed',
      disposition: 'reportable',
      decidedBy: 'ana',
      note: 'Matches the Dalian case file.',
      createdAt: at(t, 6),
      matches: [{ category: 'worker-overstay', severity: 'critical', hit: 'ordered to stay' }],
      more: [{ title: 'Same story elsewhere', source: { name: 'Second Wire' } }],
    });
    const loyalty = await makeReviewItem(prisma, {
      title: 'Quota of loyalty money doubled',
      text: 'Workers must now hand over 70,000 roubles a month as loyalty money, a former worker said.',
      severity: 'medium',
      createdAt: at(t, 7),
      matches: [{ category: 'loyalty-payment', severity: 'medium', hit: 'loyalty money' }],
    });

    const digest = await build(sub.id, at(t, 60));
    expect(digest).toMatchObject({ status: 'sent', attempts: 1, itemCount: 3, recipients: ['a@desk.example', 'b@desk.example'], error: null });
    expect(digest!.messageId).toBe(`<digest-${digest!.id}@monitor.example>`);
    const mails = mailsOf(digest!.messageId);
    expect(mails.map((m) => m.rcpt[0]).sort()).toEqual(['a@desk.example', 'b@desk.example']);

    const m = mails.find((x) => x.rcpt[0] === 'a@desk.example')!;
    expect(m.mail.subject).toBe('[Sanctions Monitor] EMEA desk: 3 new items (worker-overstay 2, loyalty-payment 1)');
    const body = text(m);
    expect(body.indexOf('== Workers kept abroad')).toBeLessThan(body.indexOf('== Loyalty payments'));
    expect(body.indexOf('Critical overstay report')).toBeLessThan(body.indexOf('Low overstay report'));
    expect(body).toContain('Example News, Second Wire | 2026-11-02 | CRITICAL | confirmed');
    expect(body).toContain('Analyst: confirmed (reportable) by ana on 2026-05-01');
    expect(body).toContain('Note: Matches the Dalian case file.');
    expect(body).toContain('[ordered to stay]');
    expect(body).toContain('Places: Dalian (CN)');
    expect(body).toContain('UN resolutions: 2397');
    expect(body).toContain(`Open: ${BASE}/items/${crit.id}`);
    expect(body).toContain(`Open: ${BASE}/items/${low.id}`);
    expect(body).toContain(`Open: ${BASE}/items/${loyalty.id}`);
    expect(body).toMatch(/Coverage: \d+ sources polled, \d+ articles read\./);
    expect(html(m)).toContain('<mark style="background:#fff2a8;font-weight:bold">loyalty money</mark>');

    // Each copy carries its own signed one-click unsubscribe link, in the header and in the footer.
    for (const copy of mails) {
      const link = /^<(.+)>$/.exec(header(copy, 'list-unsubscribe'))?.[1] ?? '';
      expect(link.startsWith(`${BASE}/unsubscribe/`)).toBe(true);
      expect(verifyUnsubscribe(SECRET, link.split('/').pop()!)).toEqual({ subscriptionId: sub.id, recipient: copy.rcpt[0] });
      expect(header(copy, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(text(copy)).toContain(`Unsubscribe: ${link}`);
    }
    // Rebuilding the period is a no-op: no second digest, no second copy.
    await queues.add('digest', 'build-digest', { subscriptionId: sub.id, periodEnd: at(t, 60).toISOString() }, { jobId: `${jobId.buildDigest(sub.id, at(t, 60))}.again` });
    await queues.waitUntilIdle(30_000, ['digest', 'alert']);
    expect(mailsOf(digest!.messageId)).toHaveLength(2);
    expect(await prisma.digest.count({ where: { subscriptionId: sub.id } })).toBe(1);
  });

  it('applies each filter: categories, minimum severity, countries, sources, confirmed only', async () => {
    const t = day(2);
    const items = {
      overstayRuHigh: await makeReviewItem(prisma, { title: 'F1 overstay RU high', countries: ['RU'], severity: 'high', createdAt: at(t, 1) }),
      loyaltyCnLow: await makeReviewItem(prisma, { title: 'F2 loyalty CN low', countries: ['CN'], severity: 'low', createdAt: at(t, 2), matches: [{ category: 'loyalty-payment', severity: 'low' }] }),
      overstayCnConfirmed: await makeReviewItem(prisma, { title: 'F3 overstay CN confirmed', countries: ['CN'], state: 'confirmed', createdAt: at(t, 3), source: { name: 'Trusted Wire', key: 'trusted-wire' } }),
      dismissed: await makeReviewItem(prisma, { title: 'F4 dismissed', state: 'dismissed', createdAt: at(t, 4) }),
    };
    const titlesFor = async (filters: object) => {
      const sub = await makeSubscription(prisma, { schedule: '0 * * * *', createdAt: t, filters });
      const d = await build(sub.id, at(t, 60));
      if (!d) return [];
      return (text(mailsOf(d.messageId)[0]).match(/^\* F\d .+$/gm) ?? []).map((l) => l.slice(2)).sort();
    };
    expect(await titlesFor({})).toEqual(['F1 overstay RU high', 'F2 loyalty CN low', 'F3 overstay CN confirmed']);
    expect(await titlesFor({ categories: ['loyalty-payment'] })).toEqual(['F2 loyalty CN low']);
    expect(await titlesFor({ minSeverity: 'high' })).toEqual(['F1 overstay RU high', 'F3 overstay CN confirmed']);
    expect(await titlesFor({ countries: ['RU'] })).toEqual(['F1 overstay RU high']);
    expect(await titlesFor({ sources: ['trusted-wire'] })).toEqual(['F3 overstay CN confirmed']);
    expect(await titlesFor({ confirmedOnly: true })).toEqual(['F3 overstay CN confirmed']);
    expect(await titlesFor({ categories: ['it-workers-cyber'] })).toEqual([]);
    expect(items.dismissed.state).toBe('dismissed');
  });

  it('carries each item once, a late-committed one included, and shows the change against the previous digest', async () => {
    const t = day(3);
    const sub = await makeSubscription(prisma, { name: 'Late desk', schedule: '0 * * * *', createdAt: t });
    await makeReviewItem(prisma, { title: 'L1 first', createdAt: at(t, 10) });
    await makeReviewItem(prisma, { title: 'L2 first', createdAt: at(t, 20) });
    const first = await build(sub.id, at(t, 60));
    expect(first!.itemCount).toBe(2);
    // Created during the first period but committed after it was built (a slow transaction): it must not be lost.
    await makeReviewItem(prisma, { title: 'L3 late', createdAt: at(t, 59) });
    await makeReviewItem(prisma, { title: 'L4 second', createdAt: at(t, 70), matches: [{ category: 'visa-workaround' }] });
    const second = await build(sub.id, at(t, 120));
    expect(second).toMatchObject({ itemCount: 2, periodStart: at(t, 60) });
    const body = text(mailsOf(second!.messageId)[0]);
    expect(body).toContain('L3 late');
    expect(body).toContain('L4 second');
    expect(body).not.toContain('L1 first');
    expect(body).toContain('2 new items. Previous digest: 2 items.');
    expect(body).toContain('Workers kept abroad (overstays): 1 (-1)');
    expect(body).toContain('Visa workarounds: 1 (+1)');
    expect(await prisma.digestItem.count({ where: { subscriptionId: sub.id } })).toBe(4);
    expect(await build(sub.id, at(t, 180))).toBeNull();
  });

  it('sends an empty digest with its coverage when asked to, and nothing otherwise', async () => {
    const t = day(4);
    await prisma.source.create({ data: { name: 'Flaky <b>Feed</b>', url: 'https://flaky.example/rss', kind: 'rss', consecutiveFailures: 3, lastSuccessAt: new Date('2026-05-03T22:00:00Z'), lastError: 'HTTP 503', lastAttemptAt: at(t, 30) } });
    const wants = await makeSubscription(prisma, { name: 'Evidence desk', schedule: '0 * * * *', createdAt: t, sendEmpty: true, filters: { categories: ['it-workers-cyber'] } });
    const skips = await makeSubscription(prisma, { schedule: '0 * * * *', createdAt: t, filters: { categories: ['it-workers-cyber'] } });
    const empty = await build(wants.id, at(t, 60));
    expect(empty).toMatchObject({ status: 'sent', itemCount: 0 });
    const m = mailsOf(empty!.messageId)[0];
    expect(m.mail.subject).toBe('[Sanctions Monitor] Evidence desk: no new items');
    expect(text(m)).toContain('No new items matched your filters in this period.');
    expect(text(m)).toContain('Failing: Flaky <b>Feed</b> (no success since 2026-05-03 22:00 UTC: HTTP 503).');
    expect(html(m)).toContain('Flaky &lt;b&gt;Feed&lt;/b&gt;');
    expect(await build(skips.id, at(t, 60))).toBeNull();
  });

  it('sends immediate alerts for critical and escalated items to the subscriptions that want them, once', async () => {
    const t = day(5);
    const wants = await makeSubscription(prisma, { name: 'Alerts desk', recipients: ['alerts@desk.example'], immediateAlerts: true, createdAt: t, filters: { confirmedOnly: true } });
    const other = await makeSubscription(prisma, { name: 'Loyalty only', recipients: ['loyalty@desk.example'], immediateAlerts: true, createdAt: t, filters: { categories: ['loyalty-payment'] } });
    const quiet = await makeSubscription(prisma, { name: 'No alerts', recipients: ['quiet@desk.example'], createdAt: t });
    const item = await makeReviewItem(prisma, { title: 'Critical: 300 workers kept on in Vladivostok', severity: 'critical', createdAt: at(t, 1) });
    const raise = async (reason: 'critical' | 'escalated') => {
      await queues.add('alert', 'item-alert', { reviewItemId: item.id, reason }, { jobId: jobId.itemAlert(item.id, reason) });
      await queues.waitUntilIdle(30_000, ['digest', 'alert']);
    };
    await raise('critical');
    const alerts = await prisma.alert.findMany({ where: { reviewItemId: item.id } });
    expect(alerts.map((a) => [a.subscriptionId, a.reason, a.status])).toEqual([[wants.id, 'critical', 'sent']]);
    const copies = mailsOf(alerts[0].messageId);
    expect(copies.map((c) => c.rcpt[0])).toEqual(['alerts@desk.example']);
    expect(copies[0].mail.subject).toBe('[Sanctions Monitor] Critical item: Critical: 300 workers kept on in Vladivostok');
    expect(text(copies[0])).toContain(`Open: ${BASE}/items/${item.id}`);
    expect(header(copies[0], 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // The same event replayed (another job id) sends nothing new; escalation is a new reason, so a new alert.
    await queues.add('alert', 'item-alert', { reviewItemId: item.id, reason: 'critical' }, { jobId: `${jobId.itemAlert(item.id, 'critical')}.replay` });
    await raise('escalated');
    expect((await prisma.alert.findMany({ where: { reviewItemId: item.id }, orderBy: { createdAt: 'asc' } })).map((a) => a.reason)).toEqual(['critical', 'escalated']);
    expect(smtp.received.filter((r) => r.rcpt.includes('alerts@desk.example'))).toHaveLength(2);
    expect(smtp.received.filter((r) => r.rcpt.includes('loyalty@desk.example') || r.rcpt.includes('quiet@desk.example'))).toHaveLength(0);
    expect(other.id).not.toBe(quiet.id);
  });

  it('retries while the SMTP server refuses, then delivers each copy once', async () => {
    const t = day(6);
    const sub = await makeSubscription(prisma, { name: 'Patient desk', recipients: ['p1@desk.example', 'p2@desk.example'], schedule: '0 * * * *', createdAt: t });
    await makeReviewItem(prisma, { title: 'R1 retried', createdAt: at(t, 5) });
    const refusedBefore = smtp.refused;
    smtp.refuseNext(3);
    const d = await build(sub.id, at(t, 60));
    expect(smtp.refused - refusedBefore).toBe(3);
    expect(d).toMatchObject({ status: 'sent', attempts: 4, error: null });
    expect(smtp.copies(d!.messageId!, 'p1@desk.example')).toHaveLength(1);
    expect(smtp.copies(d!.messageId!, 'p2@desk.example')).toHaveLength(1);
  });

  it('records a refusal it gives up on in the delivery log, with the attempts made', async () => {
    const t = day(7);
    const sub = await makeSubscription(prisma, { name: 'Unlucky desk', schedule: '0 * * * *', createdAt: t });
    await makeReviewItem(prisma, { title: 'G1 given up', createdAt: at(t, 5) });
    smtp.refuseNext(6);
    const d = await build(sub.id, at(t, 60));
    expect(d).toMatchObject({ status: 'failed', attempts: 6 });
    expect(d!.error).toMatch(/^gave up: .*451/);
    expect(mailsOf(d!.messageId)).toHaveLength(0);
  });

  it('never lets feed markup become markup: <script>, onerror= and javascript: links arrive as text', async () => {
    const t = day(8);
    const sub = await makeSubscription(prisma, { schedule: '0 * * * *', createdAt: t });
    const title = 'Workers <script>alert("t")</script><img src=x onerror=alert(1)> kept on';
    const hostile = 'ordered to stay <a href="javascript:alert(2)">click</a> <img src="x" onerror="alert(3)"> <script>document.cookie</script>';
    await makeReviewItem(prisma, {
      title,
      text: `Dozens of workers were ${hostile} after their visas expired.`,
      url: 'javascript:alert(4)',
      source: { name: '<svg onload=alert(5)>Wire' },
      createdAt: at(t, 5),
      matches: [{ category: 'worker-overstay', hit: hostile }],
    });
    const d = await build(sub.id, at(t, 60));
    const m = mailsOf(d!.messageId)[0];
    const doc = new JSDOM(html(m)).window.document;
    expect(doc.querySelectorAll('script, img, svg, iframe, object')).toHaveLength(0);
    for (const el of Array.from(doc.querySelectorAll('*'))) {
      expect(el.getAttributeNames().filter((n) => n.startsWith('on'))).toEqual([]);
      const href = el.getAttribute('href');
      if (href !== null) expect(href).toMatch(/^https?:\/\//);
    }
    // The words are still there for the reader, as text.
    expect(doc.body.textContent).toContain('<script>alert("t")</script>');
    expect(doc.body.textContent).toContain('<a href="javascript:alert(2)">click</a>');
    expect(text(m)).toContain(title);
  });

  it('schedules by each subscription\'s clock across a daylight-saving change, never skipping or doubling a period (controlled clock)', async () => {
    const sub = await makeSubscription(prisma, { name: 'London desk', schedule: '0 7 * * *', timezone: 'Europe/London', sendEmpty: true, createdAt: new Date('2026-03-27T12:00:00Z') });
    // Only this subscription is looked at: the others of this file are disabled for the ticks.
    await prisma.subscription.updateMany({ where: { id: { not: sub.id } }, data: { enabled: false } });
    // Real slot claims in this test's Redis prefix: every tick below is in a minute of its own.
    const slots = new ScheduleSlots(env.config, new MetricsService());
    const scheduler = new DigestScheduler(app.get(PrismaService), queues, slots);
    const tick = async (iso: string) => {
      const n = await scheduler.tick(new Date(iso));
      await queues.waitUntilIdle(30_000, ['digest', 'alert']);
      return n;
    };
    expect(await tick('2026-03-28T06:59:00Z')).toBe(0);
    expect(await tick('2026-03-28T07:00:20Z')).toBe(1);
    expect(await tick('2026-03-28T07:01:00Z')).toBe(0);
    // Summer time starts on 29 March: 07:00 in London is 06:00 UTC.
    expect(await tick('2026-03-29T06:00:10Z')).toBe(1);
    expect(await tick('2026-03-29T07:00:10Z')).toBe(0);
    // Down for two days: one catch-up digest for the latest period, from where the last one ended.
    expect(await tick('2026-04-01T09:30:00Z')).toBe(1);
    const fresh = new DigestScheduler(app.get(PrismaService), queues, slots);
    expect(await fresh.tick(new Date('2026-04-01T09:31:00Z'))).toBe(0);
    // A second worker ticking in a minute already acted on skips it.
    expect(await fresh.tick(new Date('2026-04-01T09:30:30Z'))).toBe(0);
    slots.onModuleDestroy();
    const digests = await prisma.digest.findMany({ where: { subscriptionId: sub.id }, orderBy: { periodEnd: 'asc' } });
    expect(digests.map((d) => [d.periodStart.toISOString(), d.periodEnd.toISOString(), d.status])).toEqual([
      ['2026-03-27T07:00:00.000Z', '2026-03-28T07:00:00.000Z', 'sent'],
      ['2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z', 'sent'],
      ['2026-03-29T06:00:00.000Z', '2026-04-01T06:00:00.000Z', 'sent'],
    ]);
    expect(digests.every((d) => mailsOf(d.messageId).length === 1)).toBe(true);
  });
});
