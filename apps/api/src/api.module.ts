import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { IngestModule } from '@app/ingest';
import { QueueModule } from '@app/queue';
import { RulesModule } from '@app/rules';
import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ArticlesController } from './controllers/articles.controller';
import { DigestsController } from './controllers/digests.controller';
import { ReviewItemsController } from './controllers/review-items.controller';
import { HealthController } from './health/health.controller';
import { RulesController } from './rules/rules.controller';
import { SourcesController } from './sources/sources.controller';

@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, IngestModule, QueueModule, RulesModule, TerminusModule],
      controllers: [ArticlesController, DigestsController, HealthController, ReviewItemsController, RulesController, SourcesController],
    };
  }
}
