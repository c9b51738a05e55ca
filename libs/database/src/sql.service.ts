import { AppConfig } from '@app/config';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolClient, QueryConfig, types } from 'pg';
import { Prisma } from './generated/client';

/** A statement's values: what node-postgres sends (arrays become PostgreSQL arrays, null is NULL). */
export type SqlValues = ReadonlyArray<unknown>;

/** Runs one statement, returning its rows. */
export type SqlQuery = <T>(text: string, values?: SqlValues) => Promise<T[]>;

/**
 * Column types parsed as Prisma parses them, so that rows read here and rows
 * read through Prisma agree: int8 as bigint (node-postgres gives a string),
 * and timestamp (without time zone, as Prisma declares DateTime columns) as
 * UTC, the way Prisma writes it (node-postgres would read it in the
 * process's local time zone).
 */
const PARSERS: Record<number, (value: string) => unknown> = {
  [types.builtins.INT8]: (value) => BigInt(value),
  [types.builtins.TIMESTAMP]: parseUtcTimestamp,
};

const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text' && PARSERS[oid] ? PARSERS[oid] : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

/**
 * Plain SQL for the few hot paths where Prisma's own cost dominates (a
 * poll's story search and writes: Prisma spent 0.5 to 1.4 ms of CPU per
 * statement, node-postgres 0.07 to 0.3 ms), on the same connection pool
 * Prisma uses (PrismaService), so it opens no connection of its own. Values
 * are always passed as parameters, never spliced into the text.
 */
@Injectable()
export class SqlService implements OnApplicationShutdown {
  private readonly logger = new Logger(SqlService.name);
  /** The pool PrismaService's driver adapter runs on too. */
  readonly pool: Pool;

  constructor(config: AppConfig) {
    // JIT compilation off for these connections: PostgreSQL compiles any
    // statement its planner costs above jit_above_cost, and a poll's
    // story-candidate search for 20 new stories (960 index probes) costs
    // just above it: 44 ms of compiling for a 50 ms search. Nothing this
    // service runs is long enough to win it back. An `options` parameter in
    // DATABASE_URL takes precedence over this one.
    this.pool = new Pool({ connectionString: config.databaseUrl, options: '-c jit=off' });
    // A connection the server drops while idle (a restart) must not end the
    // process: the pool discards it and opens another on the next query.
    this.pool.on('error', (e) => this.logger.warn(`idle database connection lost: ${e.message}`));
  }

  /** Runs one statement on any pooled connection. */
  query<T>(text: string, values: SqlValues = []): Promise<T[]> {
    return run<T>(this.pool, text, values);
  }

  /**
   * Runs `work` in one transaction on one connection: committed when it
   * resolves, rolled back when it throws (and the error rethrown).
   */
  async transaction<T>(work: (query: SqlQuery) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work((text, values = []) => run(client, text, values));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
      throw e;
    } finally {
      // A connection whose rollback failed is in an unknown state: closed, not reused.
      client.release(broken);
    }
  }

  /** After Prisma has disconnected (onModuleDestroy runs first): closes the pool's connections. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

async function run<T>(on: Pool | PoolClient, text: string, values: SqlValues): Promise<T[]> {
  const query: QueryConfig = { text, values: values.map(utcDate), types: typeParsers };
  return (await on.query(query)).rows as T[];
}

/**
 * A Date as UTC wall-clock time, the way Prisma writes DateTime (timestamp
 * without time zone) columns: node-postgres would send local time with an
 * offset, which PostgreSQL drops when it reads a timestamp.
 */
function utcDate(value: unknown): unknown {
  return value instanceof Date ? value.toISOString().slice(0, -1) : value;
}

/** "2026-11-23 18:04:05.123" as stored in a timestamp column, read as UTC. */
function parseUtcTimestamp(value: string): Date | string {
  const date = new Date(`${value.replace(' ', 'T')}Z`);
  // 'infinity', BC dates: left as PostgreSQL wrote them rather than an Invalid Date.
  return Number.isNaN(date.getTime()) ? value : date;
}

/** Whether `e` is a unique-constraint violation, from Prisma (P2002) or from plain SQL (SQLSTATE 23505). */
export function isUniqueViolation(e: unknown): boolean {
  if (e instanceof Prisma.PrismaClientKnownRequestError) return e.code === 'P2002';
  return e instanceof Error && (e as Error & { code?: unknown }).code === '23505';
}
