import { ConfigModule } from '@app/config';
import { DatabaseModule, PrismaService, SqlService, isUniqueViolation } from '@app/database';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './support/run-cli';
import { TestEnv, createTestEnv } from './support/test-env';

@Module({})
class SqlTestModule {}

/** SqlService: plain SQL beside Prisma, on Prisma's own pool, reading and writing what Prisma does. */
describe('SqlService', () => {
  let env: TestEnv;
  let app: INestApplicationContext;
  let sql: SqlService;
  let prisma: PrismaService;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await NestFactory.createApplicationContext({ module: SqlTestModule, imports: [ConfigModule.forRoot(env.config), DatabaseModule] }, { logger: false });
    sql = app.get(SqlService);
    prisma = app.get(PrismaService);
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  const source = (name: string) => prisma.source.create({ data: { name, url: `http://example.test/${name}.xml`, kind: 'rss' } });

  it('reads the timestamps Prisma wrote, and writes timestamps Prisma reads, as the same instants, in any time zone', async () => {
    // A zone far from UTC, in a process of its own: node-postgres's own date handling is nine hours off there.
    const run = await new Promise<{ status: number; stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [join(ROOT, 'scripts/run.js'), join(__dirname, 'support/sql-round-trip.ts')],
        { env: { PATH: process.env.PATH ?? '', TZ: 'Asia/Seoul', NODE_ENV: 'test', DATABASE_URL: env.databaseUrl }, encoding: 'utf8', timeout: 60_000 },
        (err, stdout, stderr) => done({ status: err ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      utcOffsetMinutes: 540,
      readBySql: '2026-03-01T23:30:00.123Z',
      writtenBySqlReadByPrisma: '2026-07-04T01:02:03.456Z',
      equalInSql: true,
    });
  });

  it('runs without JIT compilation, for its own statements and Prisma\'s', async () => {
    expect(await sql.query(`SHOW jit`)).toEqual([{ jit: 'off' }]);
    expect(await prisma.$queryRaw`SELECT current_setting('jit') AS jit`).toEqual([{ jit: 'off' }]);
  });

  it('reads bigint columns as bigint, as Prisma does', async () => {
    const [row] = await sql.query<{ big: bigint; small: number }>(`SELECT (-9007199254740993)::bigint AS big, 7::int AS small`);
    expect(row).toEqual({ big: -9007199254740993n, small: 7 });
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const { id } = await source('transactions');
    await sql.transaction(async (query) => {
      await query(`UPDATE "Source" SET "itemsSeen" = 5 WHERE id = $1`, [id]);
    });
    await expect(
      sql.transaction(async (query) => {
        await query(`UPDATE "Source" SET "itemsSeen" = 99 WHERE id = $1`, [id]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await prisma.source.findUniqueOrThrow({ where: { id } })).itemsSeen).toBe(5);
    // The connection went back to the pool clean: the next statement is not in an aborted transaction.
    expect(await sql.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  it('tells a unique-constraint violation from other errors, from either client', async () => {
    await prisma.source.create({ data: { key: 'taken', name: 'a', url: 'http://example.test/a.xml', kind: 'rss' } });
    const fromSql = await sql.query(`INSERT INTO "Source" (id, key, name, url, kind, "updatedAt") VALUES ($1, 'taken', 'b', 'http://example.test/b.xml', 'rss', now())`, [
      '0190a000-0000-7000-8000-000000000001',
    ]).catch((e: unknown) => e);
    const fromPrisma = await prisma.source.create({ data: { key: 'taken', name: 'c', url: 'http://example.test/c.xml', kind: 'rss' } }).catch((e: unknown) => e);
    const other = await sql.query(`SELECT 1 / 0`).catch((e: unknown) => e);
    expect([isUniqueViolation(fromSql), isUniqueViolation(fromPrisma), isUniqueViolation(other), isUniqueViolation(new Error('x'))]).toEqual([true, true, false, false]);
  });

  it('shares its connections with Prisma, and closes them at shutdown', async () => {
    await Promise.all(Array.from({ length: 4 }, () => prisma.$queryRaw`SELECT 1 FROM pg_sleep(0.05)`));
    // Prisma's four concurrent queries ran on SqlService's pool, and no other connection to this database exists.
    expect(sql.pool.totalCount).toBeGreaterThanOrEqual(4);
    const [{ n }] = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`)) as [{ n: number }];
    expect(n).toBe(sql.pool.totalCount);

    const other = await NestFactory.createApplicationContext({ module: SqlTestModule, imports: [ConfigModule.forRoot(env.config), DatabaseModule] }, { logger: false });
    const otherSql = other.get(SqlService);
    await other.get(PrismaService).$queryRaw`SELECT 1`;
    expect(otherSql.pool.totalCount).toBe(1);
    await other.close();
    expect(otherSql.pool.ended).toBe(true);
    expect(otherSql.pool.totalCount).toBe(0);
  });
});
