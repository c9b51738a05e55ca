import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { SourcesService } from '@app/ingest';
import { RulesModule } from '@app/rules';
import { DynamicModule, Module } from '@nestjs/common';
import { ClassifyCommand } from './commands/classify.command';
import { DemoCommand } from './commands/demo.command';
import { MigrateCommand } from './commands/migrate.command';
import { PollCommand } from './commands/poll.command';
import { RulesCommand } from './commands/rules.command';
import { RULES_OFFLINE_COMMANDS } from './commands/rules-offline.command';
import { RULES_STORE_COMMANDS } from './commands/rules-store.command';
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
      imports: [ConfigModule.forRoot(config), DatabaseModule, RulesModule],
      providers: [
        ArticlesCommand,
        ArticlesListCommand,
        ClassifyCommand,
        DemoCommand,
        MigrateCommand,
        PollCommand,
        RulesCommand,
        ...RULES_OFFLINE_COMMANDS,
        ...RULES_STORE_COMMANDS,
        SourcesAddCommand,
        SourcesCommand,
        SourcesHealthCommand,
        SourcesListCommand,
        SourcesService,
      ],
    };
  }
}
