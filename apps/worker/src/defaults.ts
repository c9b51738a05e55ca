import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { SubscriptionsService, loadSubscriptionFile } from '@app/digest';
import { SourcesService, loadSourceFile } from '@app/ingest';
import { PackLoadResult, RulesModule, RulesService } from '@app/rules';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Module({})
class DefaultsModule {}

export interface DefaultFiles {
  rulesDir: string;
  sourcesFile: string;
  subscriptionsFile: string;
  vars?: Record<string, string>;
}

/**
 * Loads the default rule pack, sources and subscriptions, in a context of its
 * own that holds no queue workers: they are in place before any job runs, so
 * no article is ever classified against an empty rule set.
 */
export async function loadDefaults(config: AppConfig, files: DefaultFiles): Promise<PackLoadResult> {
  const app = await NestFactory.createApplicationContext(
    { module: DefaultsModule, imports: [ConfigModule.forRoot(config), DatabaseModule, RulesModule], providers: [SourcesService, SubscriptionsService] },
    { logger: ['error', 'warn'] },
  );
  try {
    const rules = await app.get(RulesService).loadPack(files.rulesDir);
    await app.get(SourcesService).loadDefinitions(loadSourceFile(files.sourcesFile, files.vars));
    await app.get(SubscriptionsService).loadDefinitions(loadSubscriptionFile(files.subscriptionsFile));
    return rules;
  } finally {
    await app.close();
  }
}
