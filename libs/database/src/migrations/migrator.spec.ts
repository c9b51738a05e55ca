import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { TEST_SERVER_URL } from '../../../../test/support/test-constants';
import { DatabaseUnreachableError, MigrationError, MigrationNameError, MigrationsFolderError } from './migration.error';
import { applyMigrations, createMigration, ensureDatabase, pendingMigrations } from './migrator';

// Real PostgreSQL (the configured server). Every database this file creates is
// named with RUN, and afterAll drops all of them.
const PRISMA_DIR = resolve(__dirname, '../../../../prisma');
const SCHEMA_PATH = join(PRISMA_DIR, 'schema.prisma');
const MIGRATIONS_DIR = join(PRISMA_DIR, 'migrations');
const RUN = `migrator_spec_${randomBytes(4).toString('hex')}`;
const serverUrl = new URL(`${TEST_SERVER_URL}/postgres`);

function dbUrl(label: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(`${RUN}_${label}`)}`;
  return url.toString();
}

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const maintenanceUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  return url.toString();
})();

const tempRoots: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrator-spec-'));
  tempRoots.push(dir);
  return dir;
}

async function databaseExists(name: string): Promise<boolean> {
  return (await query(maintenanceUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 1;
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const [row] = await query<{ found: boolean }>(url, 'SELECT to_regclass($1) IS NOT NULL AS found', [`"${table}"`]);
  return row.found;
}

/** The repository's migrations, copied so no test can write into them. */
function copyOfMigrations(): string {
  const dir = join(tempDir(), 'migrations');
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

function addMigration(dir: string, name: string, sql: string): void {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'migration.sql'), sql);
}

const repoMigrations = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

afterAll(async () => {
  const leftovers = await query<{ datname: string }>(maintenanceUrl, 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [RUN]);
  for (const { datname } of leftovers) {
    await query(maintenanceUrl, `DROP DATABASE "${datname.replace(/"/g, '""')}" WITH (FORCE)`);
  }
});

describe('ensureDatabase', () => {
  it('creates the database once, then reports that it exists', async () => {
    const url = dbUrl('ensure');
    expect(await ensureDatabase(url)).toBe(true);
    expect(await databaseExists(`${RUN}_ensure`)).toBe(true);
    expect(await ensureDatabase(url)).toBe(false);
  });

  it('quotes the name, so quotes and spaces in it are just characters', async () => {
    const url = dbUrl('odd "name"; DROP');
    expect(await ensureDatabase(url)).toBe(true);
    expect(await databaseExists(`${RUN}_odd "name"; DROP`)).toBe(true);
  });

  it('says which server it could not reach', async () => {
    const url = new URL(dbUrl('nowhere'));
    url.hostname = '127.0.0.1';
    url.port = '1';
    const error = await ensureDatabase(url.toString()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toContain('127.0.0.1:1');
  });
});

describe('applyMigrations and pendingMigrations', () => {
  it('the repository has an init migration and a lockfile', () => {
    expect(repoMigrations.length).toBeGreaterThan(0);
    expect(repoMigrations[0]).toMatch(/^\d{14}_init$/);
    expect(readFileSync(join(MIGRATIONS_DIR, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
  });

  it('applies every migration to an empty database once, recording them as Prisma does', async () => {
    const url = dbUrl('apply');
    expect(await pendingMigrations(url, MIGRATIONS_DIR)).toEqual(repoMigrations); // no database yet
    await ensureDatabase(url);
    expect(await pendingMigrations(url, MIGRATIONS_DIR)).toEqual(repoMigrations); // no table yet

    expect(await applyMigrations(url, MIGRATIONS_DIR)).toEqual(repoMigrations);
    expect(await pendingMigrations(url, MIGRATIONS_DIR)).toEqual([]);
    expect(await applyMigrations(url, MIGRATIONS_DIR)).toEqual([]);

    for (const table of ['Source', 'Article', 'Rule', 'Match', 'ReviewItem', 'Subscription', 'Digest']) {
      expect(await tableExists(url, table)).toBe(true);
    }
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
      logs: string | null;
    }>(url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows.map((r) => r.migration_name)).toEqual(repoMigrations);
    for (const row of rows) {
      const sql = readFileSync(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
    }
  });

  it('applies each migration once when two callers start together', async () => {
    const url = dbUrl('concurrent');
    await ensureDatabase(url);
    const [first, second] = await Promise.all([applyMigrations(url, MIGRATIONS_DIR), applyMigrations(url, MIGRATIONS_DIR)]);
    expect([...first, ...second].sort()).toEqual(repoMigrations);
    expect([first.length, second.length].sort()).toEqual([0, repoMigrations.length]);
    const rows = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM _prisma_migrations');
    expect(rows).toHaveLength(repoMigrations.length);
  });

  it('lets a second process wait for a migration that outlasts the engine’s own 10 s lock timeout', async () => {
    // Two real processes, as when the API and the worker start together. The
    // engine alone gives up on its advisory lock after 10 s, so without our
    // lock the second one would fail while the first is still migrating.
    const url = dbUrl('slow');
    const dir = copyOfMigrations();
    addMigration(dir, '20990101000000_slow', 'SELECT pg_sleep(11);\n');
    await ensureDatabase(url);
    const script = `require(${JSON.stringify(resolve(__dirname, '../../../../scripts/register'))});
      require(${JSON.stringify(resolve(__dirname, 'migrator'))})
        .applyMigrations(${JSON.stringify(url)}, ${JSON.stringify(dir)})
        .then((names) => console.log(JSON.stringify(names)), (e) => { console.error(e.message); process.exit(1); });`;
    const run = () =>
      new Promise<string[]>((done, fail) =>
        execFile(process.execPath, ['-e', script], { cwd: resolve(__dirname, '../../../..') }, (error, stdout, stderr) =>
          error ? fail(new Error(stderr || error.message)) : done(JSON.parse(stdout) as string[]),
        ),
      );
    const [first, second] = await Promise.all([run(), run()]);
    expect([first.length, second.length].sort()).toEqual([0, repoMigrations.length + 1]);
    expect(await pendingMigrations(url, dir)).toEqual([]);
  }, 40_000);

  it('runs a migration as one script: a ";" inside a string literal is not a statement break', async () => {
    const url = dbUrl('literal');
    const dir = copyOfMigrations();
    addMigration(dir, '20990101000000_literal', `CREATE TABLE "Note" ("text" TEXT NOT NULL DEFAULT 'a;b');\nINSERT INTO "Note" DEFAULT VALUES;\n`);
    await ensureDatabase(url);
    expect(await applyMigrations(url, dir)).toEqual([...repoMigrations, '20990101000000_literal']);
    expect(await query(url, 'SELECT "text" FROM "Note"')).toEqual([{ text: 'a;b' }]);
  });

  it('names a failing migration, keeps none of its statements, and blocks later runs', async () => {
    const url = dbUrl('broken');
    const dir = copyOfMigrations();
    addMigration(dir, '20990101000000_broken', 'CREATE TABLE "HalfDone" ("id" INTEGER);\nSELECT * FROM "NoSuchTable";\n');
    await ensureDatabase(url);

    const error = await applyMigrations(url, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe('20990101000000_broken');
    expect((error as MigrationError).message).toContain('20990101000000_broken');
    expect((error as MigrationError).databaseMessage).toContain('NoSuchTable');
    // The migrations before it are applied; its own first statement is rolled back with it.
    expect(await tableExists(url, 'Source')).toBe(true);
    expect(await tableExists(url, 'HalfDone')).toBe(false);
    expect(await pendingMigrations(url, dir)).toEqual(['20990101000000_broken']);

    // As with `prisma migrate deploy`: nothing more until the failure is resolved.
    const again = await applyMigrations(url, dir).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(MigrationError);
    expect((again as MigrationError).migration).toBe('20990101000000_broken');
  });

  it('refuses a folder that does not exist or a migration without migration.sql', async () => {
    const url = dbUrl('apply');
    await expect(applyMigrations(url, join(tmpdir(), `${RUN}-missing`))).rejects.toBeInstanceOf(MigrationsFolderError);
    const dir = copyOfMigrations();
    mkdirSync(join(dir, '20990101000000_empty'));
    await expect(pendingMigrations(url, dir)).rejects.toThrow('20990101000000_empty has no migration.sql');
  });
});

describe('createMigration', () => {
  const changedSchema = () =>
    readFileSync(SCHEMA_PATH, 'utf8')
      .replace(/^model Source \{$/m, 'model Source {\n  note String?')
      .concat('\nmodel Tag {\n  id    Int    @id @default(autoincrement())\n  label String @unique\n}\n');

  function schemaCopy(content: string): string {
    const path = join(tempDir(), 'schema.prisma');
    writeFileSync(path, content);
    return path;
  }

  it('writes nothing when the migrations already match the schema', async () => {
    const dir = copyOfMigrations();
    const before = readdirSync(dir).sort();
    const result = await createMigration({ databaseUrl: dbUrl('create'), schemaPath: SCHEMA_PATH, migrationsDir: dir, name: 'nothing' });
    expect(result).toBeNull();
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('writes the changes since the last migration, which then apply and leave nothing to create', async () => {
    const dir = copyOfMigrations();
    const lockBefore = readFileSync(join(dir, 'migration_lock.toml'), 'utf8');
    const schemaPath = schemaCopy(changedSchema());
    const now = new Date(Date.UTC(2099, 0, 2, 3, 4, 5));

    const folder = await createMigration({ databaseUrl: dbUrl('create'), schemaPath, migrationsDir: dir, name: 'addSourceNote-and-tags', now });
    expect(folder).toBe('20990102030405_add_source_note_and_tags');
    const sql = readFileSync(join(dir, folder!, 'migration.sql'), 'utf8');
    expect(sql).toContain('ALTER TABLE "Source" ADD COLUMN');
    expect(sql).toContain('"note" TEXT');
    expect(sql).toContain('CREATE TABLE "Tag"');
    expect(sql).toContain('CREATE UNIQUE INDEX "Tag_label_key"');
    expect(sql).not.toContain('CREATE TABLE "Source"');
    expect(readFileSync(join(dir, 'migration_lock.toml'), 'utf8')).toBe(lockBefore);

    const url = dbUrl('created');
    await ensureDatabase(url);
    expect(await applyMigrations(url, dir)).toEqual([...repoMigrations, folder]);
    expect(await tableExists(url, 'Tag')).toBe(true);
    expect(await createMigration({ databaseUrl: url, schemaPath, migrationsDir: dir, name: 'again' })).toBeNull();
  });

  it('starts a new folder with the whole schema and a lockfile', async () => {
    const dir = join(tempDir(), 'migrations');
    const folder = await createMigration({ databaseUrl: dbUrl('create'), schemaPath: SCHEMA_PATH, migrationsDir: dir, name: 'init' });
    expect(folder).toMatch(/^\d{14}_init$/);
    expect(readFileSync(join(dir, folder!, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "Source"');
    expect(readFileSync(join(dir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
    // Every table of the schema, in one migration (that the repository's migrations
    // add up to the same schema is checked by "writes nothing when ... match").
    expect(readFileSync(join(dir, folder!, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "RuleVersion"');
  });

  it('rejects names that would make awkward folder names, before touching anything', async () => {
    const dir = join(tmpdir(), `${RUN}-never-created`);
    for (const name of ['', 'add column', '../escape', 'drop;table', '___']) {
      await expect(
        createMigration({ databaseUrl: dbUrl('create'), schemaPath: SCHEMA_PATH, migrationsDir: dir, name }),
      ).rejects.toBeInstanceOf(MigrationNameError);
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('drops its scratch database, also when the engine fails', async () => {
    // Only this process's: other runs may be creating migrations right now.
    const scratchDatabases = async () =>
      query(maintenanceUrl, 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [`migrate_scratch_${process.pid}_`]);
    const dir = copyOfMigrations();
    const schemaPath = schemaCopy('this is not a Prisma schema');
    await expect(createMigration({ databaseUrl: dbUrl('create'), schemaPath, migrationsDir: dir, name: 'bad' })).rejects.toThrow(
      /Schema engine diff failed/,
    );
    expect(await scratchDatabases()).toEqual([]);
  });
});

afterAll(() => {
  for (const dir of tempRoots) rmSync(dir, { recursive: true, force: true });
});
