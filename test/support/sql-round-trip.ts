import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule, PrismaService, SqlService } from '@app/database';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Module({})
class RoundTripModule {}

/**
 * Run by database-sql.e2e-spec.ts in a child process with its own TZ (a
 * test file cannot change the zone of the process it runs in): a source's
 * timestamps written and read through both Prisma and SqlService. Prints
 * one JSON line.
 */
async function main(): Promise<void> {
  const config = AppConfig.load(process.env, '');
  const app = await NestFactory.createApplicationContext({ module: RoundTripModule, imports: [ConfigModule.forRoot(config), DatabaseModule] }, { logger: false });
  try {
    const prisma = app.get(PrismaService);
    const sql = app.get(SqlService);
    const written = new Date('2026-03-01T23:30:00.123Z');
    const { id } = await prisma.source.create({ data: { name: 'zones', url: 'http://example.test/zones.xml', kind: 'rss', lastAttemptAt: written } });
    const [read] = await sql.query<{ lastAttemptAt: Date }>(`SELECT "lastAttemptAt" FROM "Source" WHERE id = $1`, [id]);
    const later = new Date('2026-07-04T01:02:03.456Z');
    await sql.query(`UPDATE "Source" SET "nextPollAt" = $2 WHERE id = $1`, [id, later]);
    const back = await prisma.source.findUniqueOrThrow({ where: { id } });
    const compared = await sql.query(`SELECT 1 FROM "Source" WHERE id = $1 AND "nextPollAt" = $2`, [id, later]);
    process.stdout.write(
      `${JSON.stringify({
        utcOffsetMinutes: -written.getTimezoneOffset(),
        readBySql: read!.lastAttemptAt.toISOString(),
        writtenBySqlReadByPrisma: back.nextPollAt!.toISOString(),
        equalInSql: compared.length === 1,
      })}\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
