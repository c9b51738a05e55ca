import 'reflect-metadata';
import { AppConfig, runOrExplain } from '@app/config';
import { checkPostgres, pendingMigrations } from '@app/database';
import { DigestService } from '@app/digest';
import { checkRedis } from '@app/queue';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { resolve } from 'node:path';
import { loadDefaults } from './defaults';
import { WorkerModule } from './worker.module';

void runOrExplain(async () => {
  const config = AppConfig.load();
  await checkPostgres(config.databaseUrl);
  await checkRedis(config.redisUrl);
  const pending = await pendingMigrations(config.databaseUrl, resolve('prisma/migrations'));
  if (pending.length) {
    throw new Error(`${pending.length} database migration(s) pending (${pending.join(', ')}): run \`npm run db:migrate\` first`);
  }
  await loadDefaults(config, { rulesDir: config.rulesDir, sourcesFile: config.sourcesFile, subscriptionsFile: config.subscriptionsFile });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, schedulers: config.schedulerEnabled }));
  app.enableShutdownHooks();
  new Logger('worker').log(`worker started; mail goes to ${app.get(DigestService).transportDescription}`);
});
