import 'reflect-metadata';
import { AppConfig, ConfigError, limitHeapGrowth, runOrExplain } from '@app/config';
import { checkPostgres, pendingMigrations } from '@app/database';
import { DigestService } from '@app/digest';
import { MetricsService, serveMetrics } from '@app/metrics';
import { PROCESSED_QUEUES, QueueName, checkRedis } from '@app/queue';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { loadDefaults } from './defaults';
import { JobsInHand } from './jobs-in-hand';
import { WorkerModule } from './worker.module';

/**
 * `--queues ingest,classify` (or `--queues=...`): the queues this process
 * takes jobs from, so machines can be given different work. Default: all.
 */
function queuesFromArgs(args: readonly string[]): readonly QueueName[] {
  const i = args.findIndex((a) => a === '--queues' || a.startsWith('--queues='));
  if (i < 0) return PROCESSED_QUEUES;
  const value = args[i].startsWith('--queues=') ? args[i].slice('--queues='.length) : args[i + 1];
  const names = (value ?? '').split(',').map((q) => q.trim()).filter(Boolean);
  const unknown = names.filter((q) => !(PROCESSED_QUEUES as readonly string[]).includes(q));
  if (!names.length || unknown.length) {
    const why = !names.length ? 'is empty' : `names ${unknown.map((q) => `"${q}"`).join(', ')}${unknown.includes('review') ? ' (analysts take review jobs by hand; no worker processes them)' : ''}`;
    throw new ConfigError([`--queues ${why}: give a comma-separated list of ${PROCESSED_QUEUES.join(', ')}`]);
  }
  return [...new Set(names)] as QueueName[];
}

// Any fixed number of our own; the migrator uses 7270736901.
const DEFAULTS_LOCK_KEY = '7270736902';

/**
 * Workers started together (a deploy, a scale-up) would all load the default
 * rule pack into an empty database at once, and all but one would fail on the
 * rules' keys. A PostgreSQL advisory lock lets them take turns: the first
 * loads, the others find the pack already there.
 */
async function oneAtATime<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [DEFAULTS_LOCK_KEY]);
    return await work();
  } finally {
    // Ending the session releases the lock as well.
    await client.end();
  }
}

void runOrExplain(async () => {
  const config = AppConfig.load();
  limitHeapGrowth(config.heapGrowthPercent);
  const queues = queuesFromArgs(process.argv.slice(2));
  await checkPostgres(config.databaseUrl);
  await checkRedis(config.redisUrl);
  const pending = await pendingMigrations(config.databaseUrl, resolve('prisma/migrations'));
  if (pending.length) {
    throw new Error(`${pending.length} database migration(s) pending (${pending.join(', ')}): run \`npm run db:migrate\` first`);
  }
  await oneAtATime(config.databaseUrl, () =>
    loadDefaults(config, { rulesDir: config.rulesDir, sourcesFile: config.sourcesFile, subscriptionsFile: config.subscriptionsFile }),
  );
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, schedulers: config.schedulerEnabled, queues }), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const metrics = config.metricsPort ? await serveMetrics(app.get(MetricsService), config.metricsPort) : undefined;

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C: the operator does not want to wait.
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    stopping = true;
    logger.log(`${signal}: taking no new jobs, ${config.shutdownGraceMs} ms for the ${app.get(JobsInHand).count} in hand`, 'worker');
    // Should closing connections hang (a dead Redis), the process still ends, though not with 0.
    setTimeout(() => {
      logger.error('shutdown did not finish in time: exiting anyway', undefined, 'worker');
      process.exit(1);
    }, config.shutdownGraceMs + 15_000).unref();
    const { finished, released } = await app.get(JobsInHand).drain(config.shutdownGraceMs);
    await app.close();
    await new Promise((r) => (metrics ? metrics.close(r) : r(undefined)));
    logger.log(`stopped: ${finished} job(s) finished, ${released} put back on their queue`, 'worker');
    process.exit(0);
  };
  process.on('SIGTERM', (s) => void stop(s));
  process.on('SIGINT', (s) => void stop(s));

  logger.log(
    `worker started: queues ${queues.map((q) => `${q} (concurrency ${q === 'review' ? 0 : config.workerOptions(q as Exclude<QueueName, 'review'>).concurrency})`).join(', ')}; ` +
      `schedulers ${config.schedulerEnabled ? 'on' : 'off'}; metrics ${metrics ? `on :${config.metricsPort}/metrics` : 'off'}; mail goes to ${app.get(DigestService).transportDescription}`,
    'worker',
  );
});
