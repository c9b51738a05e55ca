import 'reflect-metadata';
import { AppConfig, runOrExplain } from '@app/config';
import { checkPostgres, pendingMigrations } from '@app/database';
import { DigestService, SubscriptionsService, loadSubscriptionFile } from '@app/digest';
import { SourcesService, loadSourceFile } from '@app/ingest';
import { checkRedis } from '@app/queue';
import { RulesService } from '@app/rules';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { resolve } from 'node:path';
import { WorkerModule } from './worker.module';

void runOrExplain(async () => {
  const config = AppConfig.load();
  await checkPostgres(config.databaseUrl);
  await checkRedis(config.redisUrl);
  const pending = await pendingMigrations(config.databaseUrl, resolve('prisma/migrations'));
  if (pending.length) {
    throw new Error(`${pending.length} database migration(s) pending (${pending.join(', ')}): run \`npm run db:migrate\` first`);
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, schedulers: config.schedulerEnabled }));
  app.enableShutdownHooks();
  await app.get(RulesService).loadPack(config.rulesDir);
  await app.get(SourcesService).loadDefinitions(loadSourceFile(config.sourcesFile));
  await app.get(SubscriptionsService).loadDefinitions(loadSubscriptionFile(config.subscriptionsFile));
  new Logger('worker').log(`worker started; mail goes to ${app.get(DigestService).transportDescription}`);
});
