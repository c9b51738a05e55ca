import { jobId } from '@app/queue';
import { PrismaPg } from '@prisma/adapter-pg';
import { Queue } from 'bullmq';
import { ChildProcess } from 'node:child_process';
import { PrismaClient } from '../libs/database/src/generated/client';
import { makeReviewItem, makeSubscription } from './support/review-factory';
import { SmtpTestServer, startSmtpTestServer } from './support/smtp-test-server';
import { serviceEnv, startService, until } from './support/ops-processes';
import { TestEnv, createTestEnv } from './support/test-env';



/**
 * The worker process is killed at the worst moment: the SMTP server has the
 * whole message of a digest's first copy and has not yet answered 250. The
 * sender cannot know whether it was delivered, and there is no way to ask.
 * What we promise, and test: every period is delivered, none lost; each
 * period is one Message-ID; the copy whose outcome was unknown is sent again
 * with the same Message-ID (so a receiving system that dedupes by Message-ID
 * shows it once), and no other copy is ever sent twice.
 */
describe('a worker killed between the SMTP accept and the record', () => {
  let smtp: SmtpTestServer;
  let env: TestEnv;
  let prisma: PrismaClient;
  let queue: Queue;
  const workers: ChildProcess[] = [];

  const startWorker = () => {
    const { child } = startService(
      'worker',
      serviceEnv(env, {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Sanctions Monitor <monitor@monitor.example>',
        SCHEDULER_ENABLED: 'false',
        // One job at a time, so the kill leaves exactly one send with an unknown outcome.
        WORKER_CONCURRENCY_DIGEST: '1',
        WORKER_LOCK_MS: '2000',
        WORKER_STALLED_INTERVAL_MS: '1000',
        MAIL_RETRY_BASE_MS: '100',
        LOG_LEVEL: 'warn',
      }),
    );
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    env = await createTestEnv();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl }) });
    queue = new Queue('digest', { connection: { url: env.config.redisUrl }, prefix: env.config.queuePrefix });
  });

  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await queue?.close();
    await prisma?.$disconnect();
    await smtp?.close();
    await env?.cleanup();
  });

  it('delivers every period, each as one Message-ID, and re-sends only the copy whose outcome was unknown', async () => {
    const t = new Date('2026-06-01T00:00:00Z');
    const sub = await makeSubscription(prisma, { name: 'Crash desk', recipients: ['c1@desk.example', 'c2@desk.example'], schedule: '0 * * * *', createdAt: t });
    const periods = [1, 2, 3].map((h) => new Date(t.getTime() + h * 3600_000));
    for (const [i, end] of periods.entries()) await makeReviewItem(prisma, { title: `Crash item ${i}`, createdAt: new Date(end.getTime() - 30 * 60_000) });

    // The third message overall is the second period's first copy: kill the worker before saying 250.
    let first: ChildProcess | undefined;
    let unknown: { messageId: string; rcpt: string } | undefined;
    smtp.beforeAccept(async () => {
      if (smtp.received.length !== 3 || !first) return;
      const m = smtp.received[2];
      unknown = { messageId: m.messageId, rcpt: m.rcpt[0] };
      first.kill('SIGKILL');
      await new Promise((r) => first!.once('exit', r));
    });
    first = startWorker();
    for (const end of periods) {
      await queue.add('build-digest', { subscriptionId: sub.id, periodEnd: end.toISOString() }, { jobId: jobId.buildDigest(sub.id, end), attempts: 5 });
    }
    await until('the kill', async () => first!.exitCode !== null || first!.signalCode !== null, 150_000);
    smtp.beforeAccept(null);
    expect(await prisma.digest.count({ where: { status: 'sent' } })).toBeLessThan(3);

    startWorker();
    const digests = await until('three digests sent', async () => {
      const ds = await prisma.digest.findMany({ where: { subscriptionId: sub.id }, orderBy: { periodEnd: 'asc' } });
      return ds.length === 3 && ds.every((d) => d.status === 'sent') && ds;
    });
    // Give a doubled send, if there were one, the time to show itself.
    await new Promise((r) => setTimeout(r, 1500));

    expect(digests.map((d) => d.periodEnd.toISOString())).toEqual(periods.map((p) => p.toISOString()));
    expect(new Set(digests.map((d) => d.messageId)).size).toBe(3);
    // The copy whose 250 never reached the worker went again, with the same Message-ID and
    // content (a receiving system that dedupes by Message-ID shows it once); every other copy
    // went exactly once; nothing else arrived.
    expect(unknown).toBeDefined();
    const repeats = smtp.copies(unknown!.messageId, unknown!.rcpt);
    // Twice when the worker died before recording it, else once: never lost, never a third time.
    expect([1, 2]).toContain(repeats.length);
    const expected = digests.map((d) => ['c1@desk.example', 'c2@desk.example'].map((r) => (d.messageId === unknown!.messageId && r === unknown!.rcpt ? repeats.length : 1)));
    const copies = digests.map((d) => ['c1@desk.example', 'c2@desk.example'].map((r) => smtp.copies(d.messageId!, r).length));
    expect(copies).toEqual(expected);
    expect(smtp.received).toHaveLength(5 + repeats.length);
    if (repeats.length === 2) {
      expect(repeats[0].mail.subject).toBe(repeats[1].mail.subject);
      expect(repeats[0].mail.text).toBe(repeats[1].mail.text);
    }
    expect(await prisma.digestItem.count({ where: { subscriptionId: sub.id } })).toBe(3);
  }, 330_000);
});
