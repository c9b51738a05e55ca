import { randomBytes } from 'node:crypto';

/** Shared by the global setup and the suites (the setup runs outside jest's module mapping). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER ?? 'postgresql://root@127.0.0.1:5432';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Test databases are named sm_test_<base-36 ms>_<random>: the time lets a run
 * clear what an interrupted run left behind without touching the databases
 * of a run going on beside it.
 */
export function testDatabaseName(kind: 'tpl' | 'db'): string {
  return `sm_test_${Date.now().toString(36)}_${kind}_${randomBytes(4).toString('hex')}`;
}

export const STALE_AFTER_MS = 3 * 3600_000;

export function isStaleTestDatabase(name: string, now = Date.now()): boolean {
  const m = /^sm_test_([0-9a-z]+)_/.exec(name);
  return !m || now - parseInt(m[1], 36) > STALE_AFTER_MS;
}

/** The migrated template of this jest run, chosen by the global setup. */
export function templateDatabase(): string {
  const name = process.env.SM_TEST_TEMPLATE;
  if (!name) throw new Error('SM_TEST_TEMPLATE is not set: run the suites through jest (its global setup prepares the template database)');
  return name;
}
