import 'reflect-metadata';
import { AppConfig, runOrExplain } from '@app/config';
import { checkPostgres } from '@app/database';
import { checkRedis } from '@app/queue';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiModule } from './api.module';
import { setupApp } from './setup-app';

void runOrExplain(async () => {
  const config = AppConfig.load();
  await checkPostgres(config.databaseUrl);
  await checkRedis(config.redisUrl);
  const app = setupApp(await NestFactory.create(ApiModule.forRoot(config)));
  await app.listen(config.apiPort);
  new Logger('api').log(`API on http://localhost:${config.apiPort} (OpenAPI at /docs, health at /health)`);
});
