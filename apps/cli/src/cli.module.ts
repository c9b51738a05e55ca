import { AuthModule } from '@app/auth';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DigestModule } from '@app/digest';
import { SourcesService } from '@app/ingest';
import { RulesModule } from '@app/rules';
import { DynamicModule, Module } from '@nestjs/common';
import { ClassifyCommand } from './commands/classify.command';
import { DemoCommand } from './commands/demo.command';
import { MigrateCommand } from './commands/migrate.command';
import { PollCommand } from './commands/poll.command';
import { REVIEW_COMMANDS } from './commands/review.command';
import { RulesCommand } from './commands/rules.command';
import { RULES_OFFLINE_COMMANDS } from './commands/rules-offline.command';
import { RULES_STORE_COMMANDS } from './commands/rules-store.command';
import { USERS_COMMANDS } from './commands/users.command';
import { SUBSCRIPTIONS_COMMANDS } from './commands/subscriptions.command';
import { ArticlesCommand, ArticlesListCommand, SourcesAddCommand, SourcesCommand, SourcesHealthCommand, SourcesListCommand } from './commands/sources.command';

/**
 * Commands get the database and the Redis-free services only; a command that
 * needs queues (demo, poll) builds its own context, so `--help`, listings and
 * rule edits never touch Redis.
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [AuthModule, ConfigModule.forRoot(config), DatabaseModule, DigestModule, RulesModule],
      providers: [
        ArticlesCommand,
        ArticlesListCommand,
        ClassifyCommand,
        DemoCommand,
        MigrateCommand,
        PollCommand,
        ...REVIEW_COMMANDS,
        RulesCommand,
        ...RULES_OFFLINE_COMMANDS,
        ...RULES_STORE_COMMANDS,
        SourcesAddCommand,
        SourcesCommand,
        SourcesHealthCommand,
        SourcesListCommand,
        SourcesService,
        ...SUBSCRIPTIONS_COMMANDS,
        ...USERS_COMMANDS,
      ],
    };
  }
}
