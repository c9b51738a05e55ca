import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export default async function globalSetup(): Promise<void> {
  const root = resolve(__dirname, '../..');
  const r = spawnSync(process.execPath, [resolve(root, 'scripts/run.js'), resolve(__dirname, 'prepare-template.ts')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('test set-up failed (see above): the suites need PostgreSQL and Redis');
}
