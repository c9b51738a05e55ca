import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import type * as AdapterPg from '@prisma/adapter-pg';
import type * as AdapterUtils from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DiffTarget, MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import type * as Pg from 'pg';
import { SchemaEngineError } from './migration.error';

/**
 * Prisma's own schema engine (the one behind `prisma migrate`), compiled to
 * WebAssembly and driven through the pg driver adapter, because the CLI's
 * native engine cannot be downloaded on our machines. All untyped glue stays in
 * this file; callers see SchemaEngineClient only.
 */

/** One migration folder as read from disk: `<name>/migration.sql`. */
export interface MigrationSource {
  name: string;
  sql: string;
}

/** A Prisma migrations folder, already read from disk. */
export interface MigrationFolder {
  baseDir: string;
  /** Content of migration_lock.toml, or null when there is none yet. */
  lockfile: string | null;
  /** In apply order (folder names sort by their timestamp prefix). */
  migrations: MigrationSource[];
}

export interface SchemaFile {
  path: string;
  content: string;
}

/** Where a diff starts: nothing, or the state the existing migrations produce. */
export type DiffStart = { kind: 'empty' } | { kind: 'migrations'; folder: MigrationFolder };

export interface SchemaEngineOptions {
  /** The database the engine works on (applyMigrations writes here). */
  databaseUrl: string;
  /**
   * An existing, empty database the engine replays migrations into when
   * diffing from them (its "shadow database"). The caller creates and drops
   * it. The engine does not reset it first, so it serves one diff only.
   */
  shadowDatabaseUrl?: string;
  /** Receives the engine's JSON log lines. */
  onLog?: (line: string) => void;
}

// No external tables or enums: the engine manages the whole public schema.
const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };
const LOCKFILE_NAME = 'migration_lock.toml';

// The glue and the driver adapter are loaded with Node's own require, in
// Node's own realm, rather than through the caller's module system. Under jest
// every test file runs in a separate VM context whose require cannot load ESM
// (the glue is ESM), and the wasm-bindgen glue checks values with `instanceof
// Promise/Uint8Array/Map`, which fails across realms. Jest also replaces
// `createRequire` and `process.getBuiltinModule` in its sandbox, so both are
// taken from the real process object; outside jest this is the same process.
// Node >= 20.19 can require() the glue although the package is ESM.
const nativeRequire: NodeJS.Require = (runInThisContext('process') as NodeJS.Process)
  .getBuiltinModule('node:module')
  .createRequire(__filename);

interface WasmInstance {
  exports: Record<string, unknown>;
}

// The project compiles against lib ES2023 without DOM, which has no WebAssembly
// types; these are the calls made here. Node's realm, like nativeRequire.
const wasmApi = runInThisContext('WebAssembly') as {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, Record<string, unknown>>): Promise<WasmInstance>;
};

interface WasmGlue {
  SchemaEngine: typeof SchemaEngine;
  version(): string;
  __wbg_set_wasm(exports: WasmInstance['exports']): void;
}

interface NativeModules {
  glue: WasmGlue;
  pg: typeof Pg;
  PrismaPg: typeof AdapterPg.PrismaPg;
  bindMigrationAwareSqlAdapterFactory: typeof AdapterUtils.bindMigrationAwareSqlAdapterFactory;
  DriverAdapterError: typeof AdapterUtils.DriverAdapterError;
}

/** Node's own global (the main realm), shared by every jest test file in a worker process. */
const mainRealm = runInThisContext('globalThis') as Record<symbol, Promise<NativeModules> | undefined>;
const SHARED = Symbol.for('sanctions-monitor.schema-engine');

/**
 * The glue keeps the instance and its table of JS objects in module-level
 * variables, so there must be one instance per process. The glue module is
 * cached by Node for the whole process, whereas
 * this file is evaluated again by each jest test file, and a second instance
 * set into the same glue corrupts its object table (seen as
 * "Cannot read properties of undefined (reading 'set_message')"). So the one
 * instance is kept on the main realm's global, which Node shares.
 */
function loadNativeModules(): Promise<NativeModules> {
  // The package's `exports` hides the .wasm file, so find it next to the glue.
  const gluePath = nativeRequire.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = nativeRequire(gluePath) as WasmGlue & Record<string, unknown>;
  mainRealm[SHARED] ??= instantiate(glue, gluePath).catch((error: unknown) => {
    mainRealm[SHARED] = undefined;
    throw error;
  });
  return mainRealm[SHARED];
}

async function instantiate(glue: WasmGlue & Record<string, unknown>, gluePath: string): Promise<NativeModules> {
  const imports: Record<string, unknown> = { ...glue };
  for (const name of Object.keys(imports)) {
    if (name.startsWith('__wbg_setTimeout_')) imports[name] = unrefSetTimeout;
  }
  const bytes = await readFile(join(dirname(gluePath), 'schema_engine_bg.wasm'));
  const module = await wasmApi.compile(bytes);
  const instance = await wasmApi.instantiate(module, { './schema_engine_bg.js': imports });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();

  // pg from adapter-pg's own resolution, so the Pool we hand it passes its
  // `instanceof pg.Pool` check.
  const adapterPath = nativeRequire.resolve('@prisma/adapter-pg');
  const adapterPg = nativeRequire(adapterPath) as typeof AdapterPg;
  const utils = nativeRequire('@prisma/driver-adapter-utils') as typeof AdapterUtils;
  return {
    glue,
    pg: nativeRequire(nativeRequire.resolve('pg', { paths: [dirname(adapterPath)] })) as typeof Pg,
    PrismaPg: adapterPg.PrismaPg,
    bindMigrationAwareSqlAdapterFactory: utils.bindMigrationAwareSqlAdapterFactory,
    DriverAdapterError: utils.DriverAdapterError,
  };
}

// The engine races its advisory-lock query against a 10 s timer and never
// clears it (the glue has no clearTimeout), which kept every process alive for
// 10 s after its work was done. An unref'd timer still fires if the process is
// alive for other reasons (the pending query's socket).
function unrefSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(callback, ms >>> 0);
  timer.unref();
  return timer;
}

export class SchemaEngineClient {
  private disposed = false;

  private constructor(
    private readonly engine: SchemaEngine,
    private readonly pools: Pg.Pool[],
  ) {}

  /** The engine build, e.g. the prisma-engines commit hash. */
  static async version(): Promise<string> {
    return (await loadNativeModules()).glue.version();
  }

  static async connect(options: SchemaEngineOptions): Promise<SchemaEngineClient> {
    const native = await loadNativeModules();
    const pools: Pg.Pool[] = [];
    const connectTo = async (url: string): Promise<SqlDriverAdapter> => {
      const pool = new native.pg.Pool({ connectionString: url });
      // An idle client losing its server must not crash the process; the
      // next query reports the problem instead.
      pool.on('error', () => undefined);
      pools.push(pool);
      const adapter = await new native.PrismaPg(pool).connect();
      return patchAdapter(adapter, pool, native.DriverAdapterError);
    };
    const factory: SqlMigrationAwareDriverAdapterFactory = {
      provider: 'postgres',
      adapterName: '@prisma/adapter-pg',
      connect: () => connectTo(options.databaseUrl),
      connectToShadowDb: async () => {
        if (!options.shadowDatabaseUrl) throw new Error('no shadow database was provided for this command');
        return connectTo(options.shadowDatabaseUrl);
      },
    };
    const log = (line: string) => options.onLog?.(line);
    try {
      const engine = await native.glue.SchemaEngine.new(
        { datamodels: undefined },
        log,
        native.bindMigrationAwareSqlAdapterFactory(factory),
      );
      return new SchemaEngineClient(engine, pools);
    } catch (error) {
      await Promise.allSettled(pools.map((p) => p.end()));
      throw new SchemaEngineError('start', engineMessage(error));
    }
  }

  /**
   * The SQL that takes a database from `from` to the schema, or null when there
   * is nothing to change. Diffing from migrations applies them to the shadow
   * database first.
   */
  async diff(from: DiffStart, to: SchemaFile): Promise<string | null> {
    const start: DiffTarget = from.kind === 'empty' ? { tag: 'empty' } : { tag: 'migrations', ...migrationList(from.folder) };
    const result = await this.call('diff', (engine) =>
      engine.diff({
        from: start,
        to: { tag: 'schemaDatamodel', files: [to] },
        script: true,
        // With exitCode set the engine answers 2 for "there are changes", which
        // is more robust than recognising its "empty migration" comment.
        exitCode: true,
        filters: NO_FILTERS,
      }),
    );
    return result.exitCode === 2 && result.stdout ? result.stdout : null;
  }

  /**
   * Applies the folder's unapplied migrations in order and records them in
   * `_prisma_migrations` as `prisma migrate deploy` does. Returns their names.
   */
  async applyMigrations(folder: MigrationFolder): Promise<string[]> {
    const result = await this.call('applyMigrations', (engine) =>
      engine.applyMigrations({ migrationsList: migrationList(folder), filters: NO_FILTERS }),
    );
    return result.appliedMigrationNames;
  }

  /** Frees the WASM engine and closes every connection it opened. Idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.engine.free();
    await Promise.allSettled(this.pools.map((pool) => pool.end()));
  }

  private async call<T>(command: string, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
    if (this.disposed) throw new SchemaEngineError(command, 'the engine was already disposed');
    try {
      return await run(this.engine);
    } catch (error) {
      throw new SchemaEngineError(command, engineMessage(error));
    }
  }
}

// PostgreSQL type OIDs (pg_type.oid, fixed for built-in types).
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * Two fixes to adapter-pg (7.10) for the engine's use, both on this one
 * connected adapter:
 *
 * - executeScript splits the script on every ";" (even inside string literals
 *   and function bodies) and runs the pieces one by one on whichever pooled
 *   connection is free, so a failing migration left its first statements
 *   applied. Sending the whole script as one simple query is what the native
 *   engine does: PostgreSQL runs it as one implicit transaction.
 * - Introspection (diffing from migrations) reads catalog columns of the
 *   internal `"char"` type (pg_constraint.contype...), which the adapter
 *   rejects as unsupported. pg already returns them as strings, so they are
 *   reported as text.
 */
function patchAdapter(
  adapter: SqlDriverAdapter,
  pool: Pg.Pool,
  DriverAdapterError: typeof AdapterUtils.DriverAdapterError,
): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      if (!isPostgresError(error)) throw error;
      // Reported as a plain "postgres" error so the engine quotes PostgreSQL's
      // own message instead of a mapped kind such as "table does not exist".
      throw new DriverAdapterError({
        kind: 'postgres',
        code: error.code ?? 'N/A',
        severity: error.severity ?? 'ERROR',
        message: error.message,
        detail: error.detail,
        column: error.column,
        hint: error.hint,
        originalCode: error.code ?? 'N/A',
        originalMessage: error.message,
      });
    }
  };

  // performIO is protected in the adapter's typings; it is the one place every
  // queryRaw result passes through before its column types are mapped.
  const queryable = adapter as unknown as { performIO(query: unknown): Promise<Pg.QueryArrayResult> };
  if (typeof queryable.performIO !== 'function') return adapter;
  const performIO = queryable.performIO.bind(adapter);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  return adapter;
}

// Duck-typed rather than `instanceof Error`: under jest the error comes from
// another realm (see nativeRequire).
function isPostgresError(error: unknown): error is Pg.DatabaseError {
  const e = error as Partial<Pg.DatabaseError> | null;
  return typeof e?.code === 'string' && typeof e.message === 'string' && typeof e.severity === 'string';
}

function migrationList(folder: MigrationFolder): MigrationList {
  return {
    baseDir: folder.baseDir,
    lockfile: { path: LOCKFILE_NAME, content: folder.lockfile },
    shadowDbInitScript: '',
    migrationDirectories: folder.migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
    })),
  };
}

/**
 * The engine's errors carry a Rust span trace ("   0: sql_schema_connector::...")
 * after the message, and schema validation errors a code frame ("2 |   y Strin");
 * keep only the message and the "--> file:line" pointers, on one line.
 */
function engineMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  const raw = typeof message === 'string' ? message : String(error);
  const lines: string[] = [];
  for (const line of raw.split('\n')) {
    if (/^\s+\d+: /.test(line)) break;
    const text = line.trim();
    if (!text || text === 'external connector error' || /^\d*\s*\|/.test(text)) continue;
    lines.push(text.replace(/\s+/g, ' '));
  }
  return lines.join(' ') || raw.trim();
}
