import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { testDatabaseName } from '../support/test-constants';

export default async function globalSetup(): Promise<void> {
  const root = resolve(__dirname, '../..');
  // Test workers inherit this environment: each run has a template of its own.
  process.env.SM_TEST_TEMPLATE = testDatabaseName('tpl');
  const r = spawnSync(process.execPath, [resolve(root, 'scripts/run.js'), resolve(__dirname, 'prepare-template.ts'), process.env.SM_TEST_TEMPLATE], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('test set-up failed (see above): the suites need PostgreSQL and Redis');
}
