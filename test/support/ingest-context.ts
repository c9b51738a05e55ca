import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { IngestModule } from '@app/ingest';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TestEnv } from './test-env';

@Module({})
class IngestTestModule {}

/** The ingest lib as the worker wires it (configuration, database, ingest), on the test's own database and Redis prefix. */
export function startIngestContext(env: TestEnv): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    { module: IngestTestModule, imports: [ConfigModule.forRoot(env.config), DatabaseModule, IngestModule] },
    { logger: false },
  );
}
