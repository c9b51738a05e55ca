import { resolve } from 'node:path';
import { AppConfig, ConfigError, ServiceUnreachableError } from '@app/config';
import { applyMigrations, createMigration, ensureDatabase } from './migrations/migrator';

/**
 * `npm run db:migrate` and `npm run db:migration:create -- <name>`: the Prisma
 * CLI's `migrate deploy` / `migrate dev --create-only` for machines where it
 * cannot download its engine. Standalone (no Nest) so it runs before anything
 * else exists, including the database.
 */

const USAGE = `Usage: node scripts/run.js libs/database/src/migrate.cli.ts <command>

Commands:
  deploy          Create the database if it is missing, then apply pending
                  migrations from prisma/migrations.
  create <name>   Write prisma/migrations/<timestamp>_<name>/migration.sql with
                  the changes in prisma/schema.prisma since the last migration
                  (name: letters, digits, "_" and "-").

Options:
  -h, --help      Show this help.

The database is DATABASE_URL (see .env.example). Set DEBUG=1 for stack traces.`;

// Fixed to the repository, not the working directory, so the command behaves
// the same from any folder.
const PRISMA_DIR = resolve(__dirname, '../../../prisma');
const SCHEMA_PATH = resolve(PRISMA_DIR, 'schema.prisma');
const MIGRATIONS_DIR = resolve(PRISMA_DIR, 'migrations');

class UsageError extends Error {
  override name = 'UsageError';
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const [command, ...args] = argv;
  switch (command) {
    case 'deploy': {
      if (args.length) throw new UsageError(`deploy takes no arguments (got "${args.join(' ')}").`);
      const databaseUrl = AppConfig.load().databaseUrl;
      if (await ensureDatabase(databaseUrl)) console.log(`Created database ${databaseLabel(databaseUrl)}.`);
      const applied = await applyMigrations(databaseUrl, MIGRATIONS_DIR);
      if (!applied.length) console.log('No pending migrations.');
      for (const name of applied) console.log(`Applied ${name}`);
      return;
    }
    case 'create': {
      if (args.length !== 1) throw new UsageError('create takes exactly one migration name, e.g. create add_source_health.');
      const databaseUrl = AppConfig.load().databaseUrl;
      const folder = await createMigration({
        databaseUrl,
        schemaPath: SCHEMA_PATH,
        migrationsDir: MIGRATIONS_DIR,
        name: args[0],
      });
      console.log(folder ? `Created prisma/migrations/${folder}/migration.sql` : 'No schema changes: no migration written.');
      return;
    }
    case undefined:
      throw new UsageError('Missing command.');
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

function databaseLabel(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.pathname.slice(1)} on ${url.hostname}:${url.port || 5432}`;
}

function describe(error: unknown): string {
  if (error instanceof ConfigError || error instanceof ServiceUnreachableError) return error.message;
  if (error instanceof UsageError) return `${error.message}\n\n${USAGE}`;
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ');
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(describe(error));
    // DEBUG is this entry point's own diagnostic switch, read here rather than
    // through AppConfig because a configuration error is one of the failures
    // it helps to debug.
    if (process.env.DEBUG && error instanceof Error && error.stack) console.error(error.stack);
    process.exit(1);
  },
);
