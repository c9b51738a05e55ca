import { AppConfig } from '@app/config';
import { applyMigrations, checkPostgres, ensureDatabase } from '@app/database';
import { Command, CommandRunner } from 'nest-commander';
import { resolve } from 'node:path';

@Command({ name: 'migrate', description: 'Create the database if needed and apply pending migrations from prisma/migrations' })
export class MigrateCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    await checkPostgres(this.config.databaseUrl);
    if (await ensureDatabase(this.config.databaseUrl)) process.stdout.write('Created the database.\n');
    const applied = await applyMigrations(this.config.databaseUrl, resolve('prisma/migrations'));
    process.stdout.write(applied.length ? applied.map((m) => `Applied ${m}\n`).join('') : 'No pending migrations.\n');
  }
}
