import { AppConfig, ConfigModule, limitHeapGrowth } from '@app/config';
import { DatabaseModule, PrismaService } from '@app/database';
import { IngestModule, IngestService } from '@app/ingest';
import { deleteQueuePrefix } from '@app/queue';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { peakRssBytes } from '../support/measure';
import { INGEST_BENCH_DB } from './ingest-database';

/**
 * The measured side of the ingest case, in its own process (support/child-run.ts
 * runChild): the real IngestModule against the local PostgreSQL and Redis, polling the
 * feed server's feeds. Prints one JSON line: IngestRunResult. Its peak RSS is this
 * process's own: Nest, Prisma, BullMQ's Redis client and the ingestion, nothing of the
 * feed server or of other bench cases.
 */
export interface IngestRunInput {
  host: string;
  feeds: number;
  concurrency: number;
}

export interface CycleResult {
  seconds: number;
  stored: number;
  notModified: number;
  failed: number;
  /** CPU seconds of this process during the cycle (user + system, all threads). */
  cpuSeconds: number;
}

export interface IngestRunResult {
  first: CycleResult;
  second: CycleResult;
  articles: number;
  stories: number;
  /** Peak RSS of this process, from the kernel's own high-water mark (not sampled). */
  peakRss: number;
  /** RSS once the app is up, after the first cycle, and after both cycles and a garbage collection. */
  rssAtStart: number;
  rssAfterFirst: number;
  /** Memory of C++ objects bound to JavaScript ones (Buffers included) after the first cycle. */
  externalAfterFirst: number;
  rssAfterGc: number;
  heapAfterGc: number;
}

const SERVER = 'postgresql://root@127.0.0.1:5432';

@Module({})
class IngestBenchModule {}

async function main({ host, feeds, concurrency }: IngestRunInput): Promise<IngestRunResult> {
  const prefix = `bench-ingest-${Date.now()}`;
  const config = AppConfig.load({ DATABASE_URL: `${SERVER}/${INGEST_BENCH_DB}`, QUEUE_PREFIX: prefix, FETCH_ALLOWLIST: host, LOG_LEVEL: 'error' }, '');
  // As the worker does at start-up (apps/worker/src/main.ts).
  limitHeapGrowth(config.heapGrowthPercent);
  const app = await NestFactory.createApplicationContext(
    { module: IngestBenchModule, imports: [ConfigModule.forRoot(config), DatabaseModule, IngestModule] },
    { logger: ['error'] },
  );
  try {
    const prisma = app.get(PrismaService);
    await prisma.source.createMany({
      data: Array.from({ length: feeds }, (_, f) => ({ name: `Feed ${f}`, url: `http://${host}/feed/${f}.xml`, kind: 'rss' as const })),
    });
    const ids = (await prisma.source.findMany({ select: { id: true }, orderBy: { name: 'asc' } })).map((s) => s.id);
    const ingest = app.get(IngestService);
    // `concurrency` sources polled at a time, as the worker's ingest queue does.
    const cycle = async (): Promise<CycleResult> => {
      const queue = [...ids];
      let stored = 0;
      let notModified = 0;
      let failed = 0;
      const cpu = process.cpuUsage();
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let id = queue.shift(); id; id = queue.shift()) {
            const r = await ingest.pollSource(id);
            stored += r.newArticleIds.length;
            failed += r.failed.length + (r.error ? 1 : 0);
            if (r.notModified) notModified++;
          }
        }),
      );
      const used = process.cpuUsage(cpu);
      return { seconds: Number(process.hrtime.bigint() - started) / 1e9, stored, notModified, failed, cpuSeconds: (used.user + used.system) / 1e6 };
    };
    const rssAtStart = process.memoryUsage().rss;
    process.stderr.write(`ingest: first cycle (${feeds} feeds)...\n`);
    const first = await cycle();
    const afterFirst = process.memoryUsage();
    const rssAfterFirst = afterFirst.rss;
    process.stderr.write('ingest: second, unchanged cycle...\n');
    const second = await cycle();
    const articles = await prisma.article.count();
    const stories = await prisma.story.count();
    (globalThis as { gc?: () => void }).gc?.();
    const mem = process.memoryUsage();
    if (process.env.BENCH_HEAP_SNAPSHOT) require('node:v8').writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
    return {
      first,
      second,
      articles,
      stories,
      peakRss: peakRssBytes(),
      rssAtStart,
      rssAfterFirst,
      externalAfterFirst: afterFirst.external,
      rssAfterGc: mem.rss,
      heapAfterGc: mem.heapUsed,
    };
  } finally {
    await app.close();
    await deleteQueuePrefix(config.redisUrl, prefix);
  }
}

main(JSON.parse(process.argv[2]) as IngestRunInput).then(
  // Exit once written: a lingering handle (a Redis reconnect timer) must not hold the bench.
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`, () => process.exit(0)),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
