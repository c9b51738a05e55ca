import { Client } from 'pg';
import { TEST_SERVER_URL } from '../support/test-constants';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.SM_TEST_TEMPLATE;
  if (!template) return;
  const admin = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
