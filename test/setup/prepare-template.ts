import { Client } from 'pg';
import { resolve } from 'node:path';
import { runOrExplain } from '@app/config';
import { applyMigrations, checkPostgres } from '@app/database';
import { checkRedis } from '@app/queue';
import { TEST_REDIS_URL, TEST_SERVER_URL, isStaleTestDatabase } from '../support/test-constants';

/**
 * Migrations run once, into a template database; each test file then gets its
 * own copy with CREATE DATABASE ... TEMPLATE (see test/support/test-env.ts).
 * Run by jest's global setup as a separate process, with the app's own module
 * resolution (jest's global setup does not map @app/* imports).
 */
void runOrExplain(async () => {
  const template = process.argv[2];
  if (!template) throw new Error('usage: prepare-template.ts <template database name>');
  await checkPostgres(`${TEST_SERVER_URL}/postgres`);
  await checkRedis(TEST_REDIS_URL);
  const admin = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await admin.connect();
  try {
    // Leftovers of an interrupted run would otherwise pile up; a run going on beside this one keeps its own.
    const existing = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'sm\\_test\\_%'");
    for (const { datname } of existing.rows.filter((r) => isStaleTestDatabase(r.datname))) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  await applyMigrations(`${TEST_SERVER_URL}/${template}`, resolve(__dirname, '../../prisma/migrations'));
});
