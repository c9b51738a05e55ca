import { AppConfig } from '@app/config';
import { deleteQueuePrefix } from '@app/queue';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { TEST_REDIS_URL, TEST_SERVER_URL, templateDatabase, testDatabaseName } from './test-constants';

export interface TestEnv {
  config: AppConfig;
  databaseUrl: string;
  outboxDir: string;
  cleanup(): Promise<void>;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A database copied from the migrated template, a Redis key prefix and an
 * outbox folder of the test file's own; cleanup() removes all three.
 */
export async function createTestEnv(overrides: Record<string, string> = {}): Promise<TestEnv> {
  const id = randomBytes(5).toString('hex');
  const dbName = testDatabaseName('db');
  await admin((c) => c.query(`CREATE DATABASE "${dbName}" TEMPLATE "${templateDatabase()}"`));
  const databaseUrl = `${TEST_SERVER_URL}/${dbName}`;
  const prefix = `smtest-${id}`;
  const outboxDir = mkdtempSync(join(tmpdir(), 'sm-outbox-'));
  const config = AppConfig.load(
    {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      MAIL_OUTBOX_DIR: outboxDir,
      SAMPLE_PORT: '0',
      RULES_DIR: resolve('config/rules'),
      SAMPLE_DIR: resolve('config/sample'),
      LOG_LEVEL: 'warn',
      ...overrides,
    },
    '',
  );
  return {
    config,
    databaseUrl,
    outboxDir,
    async cleanup() {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
      await deleteQueuePrefix(TEST_REDIS_URL, prefix);
      rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}
