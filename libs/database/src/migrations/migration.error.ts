import { ServiceUnreachableError } from '@app/config';
import { POSTGRES_START_HINT } from '../postgres-check';

/**
 * A migration could not be applied (or the migration history blocks applying
 * more). `migration` names the folder, `databaseMessage` is what PostgreSQL or
 * the schema engine said, without the engine's internal trace.
 */
export class MigrationError extends Error {
  constructor(
    readonly migration: string | null,
    readonly databaseMessage: string,
  ) {
    super(migration ? `Migration ${migration} failed: ${databaseMessage}` : `Migrations failed: ${databaseMessage}`);
    this.name = 'MigrationError';
  }
}

/** A migration name given to `create` that would make an awkward folder name. */
export class MigrationNameError extends Error {
  constructor(readonly migrationName: string) {
    super(
      `Invalid migration name "${migrationName}": use 1 to 100 letters, digits, "_" or "-" (for example add_source_health).`,
    );
    this.name = 'MigrationNameError';
  }
}

/** The migrations folder is missing or not laid out as Prisma expects. */
export class MigrationsFolderError extends Error {
  constructor(
    readonly folder: string,
    problem: string,
  ) {
    super(`Migrations folder ${folder}: ${problem}`);
    this.name = 'MigrationsFolderError';
  }
}

/**
 * The PostgreSQL server did not answer at all (as opposed to answering with an
 * error). A ServiceUnreachableError, so every entry point explains it the same way.
 */
export class DatabaseUnreachableError extends ServiceUnreachableError {
  constructor(
    readonly host: string,
    readonly port: number,
    reason: string,
  ) {
    super('PostgreSQL', `${host}:${port}`, reason, POSTGRES_START_HINT);
    this.name = 'DatabaseUnreachableError';
  }
}

/** The schema engine refused a request (bad schema, unsupported change, lost connection...). */
export class SchemaEngineError extends Error {
  constructor(
    readonly command: string,
    readonly engineMessage: string,
  ) {
    super(`Schema engine ${command} failed: ${engineMessage}`);
    this.name = 'SchemaEngineError';
  }
}
