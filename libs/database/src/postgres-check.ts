import { Client } from 'pg';
import { ServiceUnreachableError } from '@app/config';

export const POSTGRES_START_HINT =
  'Start it with `docker compose up -d postgres`, or start the local service ' +
  '(e.g. `pg_ctlcluster 15 main start` or `systemctl start postgresql`), or set DATABASE_URL.';

export function describeAddress(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  return `${u.hostname || 'localhost'}:${u.port || 5432}`;
}

/**
 * Connects to the server's maintenance database (the target database may not
 * exist yet) and fails with one clear sentence if the server cannot be reached.
 */
export async function checkPostgres(databaseUrl: string, timeoutMs = 5000): Promise<void> {
  const u = new URL(databaseUrl);
  u.pathname = '/postgres';
  const client = new Client({ connectionString: u.toString(), connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ServiceUnreachableError('PostgreSQL', describeAddress(databaseUrl), err.code ?? err.message, POSTGRES_START_HINT);
  } finally {
    await client.end().catch(() => undefined);
  }
}
