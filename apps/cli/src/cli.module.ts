import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DynamicModule, Module } from '@nestjs/common';
import { DemoCommand } from './commands/demo.command';
import { MigrateCommand } from './commands/migrate.command';
import { SourcesCommand, SourcesListCommand } from './commands/sources.command';

/** Commands get the database only; a command needing queues builds its own context, so `--help` or a listing never touches Redis. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule],
      providers: [DemoCommand, MigrateCommand, SourcesCommand, SourcesListCommand],
    };
  }
}
