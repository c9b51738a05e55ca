import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DigestModule } from '@app/digest';
import { IngestModule } from '@app/ingest';
import { LoggingModule } from '@app/logging';
import { QueueModule } from '@app/queue';
import { ReviewModule } from '@app/review';
import { RulesModule } from '@app/rules';
import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AdminQueuesModule } from './admin/admin-queues.module';
import { AuthHttpModule } from './auth/auth-http.module';
import { ArticlesController } from './controllers/articles.controller';
import { DigestsController } from './controllers/digests.controller';
import { ReviewItemsController } from './review/review-items.controller';
import { RuleFiguresController } from './review/rule-figures.controller';
import { HealthController } from './health/health.controller';
import { ObservabilityModule } from './health/observability.module';
import { RulesController } from './rules/rules.controller';
import { SourcesController } from './sources/sources.controller';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { UnsubscribeController } from './subscriptions/unsubscribe.controller';
import { WebModule } from './web/web.module';

@Module({})
export class ApiModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), AdminQueuesModule, AuthHttpModule, DatabaseModule, DigestModule, IngestModule, LoggingModule.forRoot(config, 'api'), ObservabilityModule, QueueModule, ReviewModule, RulesModule, TerminusModule, WebModule],
      controllers: [ArticlesController, DigestsController, HealthController, ReviewItemsController, RuleFiguresController, RulesController, SourcesController, SubscriptionsController, UnsubscribeController],
    };
  }
}
