import { Client } from 'pg';
import { TEMPLATE_DB, TEST_SERVER_URL } from '../support/test-constants';

export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
