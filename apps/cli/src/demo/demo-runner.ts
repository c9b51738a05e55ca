import { AppConfig } from '@app/config';
import { PrismaService, applyMigrations, checkPostgres, ensureDatabase } from '@app/database';
import { DigestService, loadSubscriptionFile } from '@app/digest';
import { PollResult, loadSourceFile } from '@app/ingest';
import { QUEUE, QueueService, jobId } from '@app/queue';
import { checkRedis } from '@app/queue';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Job } from 'bullmq';
import { join, relative, resolve } from 'node:path';
import { loadDefaults } from '../../../worker/src/defaults';
import { WorkerModule } from '../../../worker/src/worker.module';
import { startStaticServer } from './static-server';

export interface DemoSummary {
  migrationsApplied: string[];
  sourcesPolled: { name: string; items: number; new: number; duplicate: number; failed: number; error?: string }[];
  articles: { new: number; duplicate: number; failed: number };
  /** Newly stored articles matched, per category. */
  matchesPerCategory: Record<string, number>;
  reviewItemsQueued: number;
  reviewQueueDepth: number;
  digests: { subscription: string; subject: string | null; items: number; emlPath: string | null; htmlPath: string | null; note: string }[];
  /** Where to sign in to the web application, and the admin accounts there are to sign in with. */
  webApp: { loginUrl: string; admins: string[] };
}

/**
 * The bundled end-to-end run: migrations, defaults, one poll of the sample
 * source through the real queues (poll -> store -> classify -> review item),
 * then one digest per demo subscription to the mail transport. Idempotent:
 * a second run stores, queues and sends nothing new.
 */
export async function runDemo(baseConfig: AppConfig, log: (line: string) => void = () => undefined): Promise<DemoSummary> {
  let config = baseConfig;
  await checkPostgres(config.databaseUrl);
  await checkRedis(config.redisUrl);
  if (await ensureDatabase(config.databaseUrl)) log(`created database ${new URL(config.databaseUrl).pathname.slice(1)}`);
  const migrationsApplied = await applyMigrations(config.databaseUrl, resolve('prisma/migrations'));
  if (migrationsApplied.length) log(`applied migrations: ${migrationsApplied.join(', ')}`);

  const { server, baseUrl } = await startStaticServer(config.sampleDir, config.samplePort);
  // The fetcher refuses local addresses; the sample server's own host:port, and only it, is let through.
  config = config.with({ FETCH_ALLOWLIST: [...config.fetchAllowList, new URL(baseUrl).host].join(',') });
  let app: INestApplicationContext | undefined;
  try {
    const rules = await loadDefaults(config, {
      rulesDir: config.rulesDir,
      sourcesFile: join(config.sampleDir, 'sources.yaml'),
      subscriptionsFile: join(config.sampleDir, 'subscriptions.yaml'),
      vars: { sampleBaseUrl: baseUrl },
    });
    log(`rules: ${rules.created.length} created, ${rules.updated.length} updated, ${rules.unchanged.length + rules.kept.length} unchanged`);
    app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, schedulers: false }), { logger: ['error', 'warn'] });
    const prisma = app.get(PrismaService);
    const queues = app.get(QueueService);
    const sources = await prisma.source.findMany({ where: { key: { in: loadSourceFile(join(config.sampleDir, 'sources.yaml'), { sampleBaseUrl: baseUrl }).map((s) => s.key) } } });
    const subscriptions = await prisma.subscription.findMany({ where: { key: { in: loadSubscriptionFile(join(config.sampleDir, 'subscriptions.yaml')).map((s) => s.key) } } });

    const runStamp = Date.now();
    const pollJobs = await Promise.all(
      sources.map((s) => queues.add('ingest', 'poll-source', { sourceId: s.id }, { jobId: jobId.poll(s.id, `demo-${runStamp}`), attempts: 1 })),
    );
    log(`polling ${sources.length} sample source(s) at ${baseUrl}`);
    await queues.waitUntilIdle();

    const results = await Promise.all(pollJobs.map(async (j) => (await Job.fromId(queues.queue(QUEUE.ingest), j.id!))));
    const polls: PollResult[] = results.map((j, i) =>
      j?.returnvalue ?? { sourceId: sources[i].id, sourceName: sources[i].name, items: 0, newArticleIds: [], updatedArticleIds: [], duplicates: 0, failed: [], error: j?.failedReason ?? 'the poll job did not finish' },
    );
    const newIds = polls.flatMap((p) => p.newArticleIds);
    // Articles per category (an article matched by three rules of one category counts once).
    const perCategory = await prisma.match.groupBy({ by: ['category', 'articleId'], where: { articleId: { in: newIds } } });
    const matchesPerCategory: Record<string, number> = {};
    for (const m of perCategory) matchesPerCategory[m.category] = (matchesPerCategory[m.category] ?? 0) + 1;
    const reviewItemsQueued = await prisma.reviewItem.count({ where: { articleId: { in: newIds } } });

    const periodEnd = new Date();
    for (const sub of subscriptions) {
      await queues.add('digest', 'build-digest', { subscriptionId: sub.id, periodEnd: periodEnd.toISOString() }, { jobId: jobId.buildDigest(sub.id, periodEnd) });
    }
    await queues.waitUntilIdle();
    const digests: DemoSummary['digests'] = [];
    for (const sub of subscriptions) {
      const digest = await prisma.digest.findUnique({ where: { subscriptionId_periodEnd: { subscriptionId: sub.id, periodEnd } } });
      if (digest) {
        const eml = digest.outboxPath;
        digests.push({
          subscription: sub.name,
          subject: digest.subject,
          items: digest.itemCount,
          emlPath: eml,
          htmlPath: eml ? eml.replace(/\.eml$/, '.html') : null,
          note: digest.status === 'sent' ? `sent via ${app.get(DigestService).transportDescription}` : `not sent: ${digest.error ?? digest.status}`,
        });
      } else {
        const last = await prisma.digest.findFirst({ where: { subscriptionId: sub.id, status: 'sent' }, orderBy: { periodEnd: 'desc' } });
        digests.push({
          subscription: sub.name,
          subject: null,
          items: 0,
          emlPath: last?.outboxPath ?? null,
          htmlPath: last?.outboxPath?.replace(/\.eml$/, '.html') ?? null,
          note: last ? 'nothing new since the last digest, which is still at the path below' : 'nothing to send',
        });
      }
    }

    return {
      migrationsApplied,
      sourcesPolled: polls.map((p) => ({ name: p.sourceName, items: p.items, new: p.newArticleIds.length, duplicate: p.duplicates, failed: p.failed.length, error: p.error })),
      articles: {
        new: newIds.length,
        duplicate: polls.reduce((n, p) => n + p.duplicates, 0),
        failed: polls.reduce((n, p) => n + p.failed.length, 0),
      },
      matchesPerCategory,
      reviewItemsQueued,
      reviewQueueDepth: (await queues.counts()).review.waiting,
      digests,
      webApp: {
        loginUrl: `${config.publicBaseUrl}/login`,
        admins: (await prisma.user.findMany({ where: { role: 'admin', disabled: false }, orderBy: { username: 'asc' }, select: { username: true } })).map((u) => u.username),
      },
    };
  } finally {
    await app?.close();
    await new Promise((r) => server.close(r));
  }
}

export function formatSummary(s: DemoSummary): string {
  const rel = (p: string | null) => (p ? relative(process.cwd(), p) || p : '-');
  const lines = ['', 'Sanctions Monitor demo run', '--------------------------'];
  for (const p of s.sourcesPolled) {
    lines.push(`Source polled: ${p.name}: ${p.items} items, ${p.new} new, ${p.duplicate} duplicate, ${p.failed} failed${p.error ? ` (error: ${p.error})` : ''}`);
  }
  lines.push(`Articles: ${s.articles.new} new, ${s.articles.duplicate} duplicate, ${s.articles.failed} failed`);
  const cats = Object.entries(s.matchesPerCategory);
  lines.push(`Articles matched per category: ${cats.length ? cats.map(([c, n]) => `${c} ${n}`).join(', ') : 'none (no new articles)'}`);
  lines.push(`Review items queued: ${s.reviewItemsQueued} new this run (${s.reviewQueueDepth} waiting in the review queue)`);
  for (const d of s.digests) {
    lines.push(`Digest for ${d.subscription}: ${d.subject ? `${d.items} item(s), "${d.subject}"` : d.note}`);
    if (d.subject) lines.push(`  ${d.note}`);
    lines.push(`  message: ${rel(d.emlPath)}`, `  open in a browser: ${rel(d.htmlPath)}`);
  }
  lines.push(`Web application: start it with \`npm run start:api\`, then sign in at ${s.webApp.loginUrl}`);
  lines.push(
    s.webApp.admins.length
      ? `  admin account(s): ${s.webApp.admins.join(', ')} (forgot the password? \`npm run cli -- users password <username>\`)`
      : '  no account yet: create the first admin with `npm run cli -- users create-admin <username>` (it prints the password)',
  );
  return lines.join('\n');
}
