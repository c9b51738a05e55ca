import 'reflect-metadata';
import { AppConfig, limitHeapGrowth, runOrExplain } from '@app/config';
import { checkPostgres } from '@app/database';
import { checkRedis } from '@app/queue';
import { ReviewService } from '@app/review';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { Server } from 'node:http';
import { ApiModule } from './api.module';
import { setupApp } from './setup-app';

void runOrExplain(async () => {
  const config = AppConfig.load();
  limitHeapGrowth(config.heapGrowthPercent);
  await checkPostgres(config.databaseUrl);
  await checkRedis(config.redisUrl);
  const app = setupApp(await NestFactory.create(ApiModule.forRoot(config), { bufferLogs: true }));
  const logger = app.get(Logger);
  app.useLogger(logger);
  await app.listen(config.apiPort);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    stopping = true;
    logger.log(`${signal}: refusing new connections, ${config.shutdownGraceMs} ms for requests in flight`, 'api');
    setTimeout(() => {
      logger.error('shutdown did not finish in time: exiting anyway', undefined, 'api');
      process.exit(1);
    }, config.shutdownGraceMs + 15_000).unref();
    // The HTTP server first, while the database and Redis are still open for
    // the requests in flight; Nest's close() would disconnect them first.
    const server = app.getHttpServer() as Server;
    const cut = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
    await new Promise((r) => server.close(r));
    clearTimeout(cut);
    if (config.reviewReleaseClaimsOnShutdown) {
      // While the database and Redis are still open: app.close() disconnects them.
      const released = await app.get(ReviewService).releaseClaimsHeldHere().catch((e: Error) => {
        logger.error(`could not release analysts' claims: ${e.message}`, undefined, 'api');
        return 0;
      });
      if (released) logger.log(`released ${released} analyst claim(s) back to the review queue`, 'api');
    }
    await app.close();
    logger.log('stopped', 'api');
    process.exit(0);
  };
  process.on('SIGTERM', (s) => void stop(s));
  process.on('SIGINT', (s) => void stop(s));

  logger.log(`API on http://localhost:${config.apiPort} (OpenAPI at /docs; /health, /ready, /metrics; queues at /admin/queues for admins)`, 'api');
});
