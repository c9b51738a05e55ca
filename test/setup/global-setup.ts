import { Client } from 'pg';
import { resolve } from 'node:path';
import { applyMigrations } from '../../libs/database/src/migrations/migrator';
import { TEMPLATE_DB, TEST_REDIS_URL, TEST_SERVER_URL } from '../support/test-constants';
import { checkPostgres } from '../../libs/database/src/postgres-check';
import { checkRedis } from '../../libs/queue/src/redis-check';

/**
 * Migrations run once, into a template database; each test file then gets its
 * own copy with CREATE DATABASE ... TEMPLATE (see test/support/test-env.ts).
 */
export default async function globalSetup(): Promise<void> {
  await checkPostgres(`${TEST_SERVER_URL}/postgres`);
  await checkRedis(TEST_REDIS_URL);
  const admin = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await admin.connect();
  try {
    // Leftovers of an interrupted run would otherwise pile up.
    const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'sm\\_test\\_%'");
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  await applyMigrations(`${TEST_SERVER_URL}/${TEMPLATE_DB}`, resolve(__dirname, '../../prisma/migrations'));
}
