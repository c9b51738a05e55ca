import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI as a user would: a child process with only the given
 * environment (no .env, no inherited configuration), and `input`, when
 * given, typed into its stdin. Asynchronous, so a fixture server in the
 * test's own process keeps answering meanwhile.
 */
export function runCli(args: string[], env: Record<string, string>, cwd = ROOT, input?: string): Promise<CliResult> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [join(ROOT, 'scripts/run.js'), join(ROOT, 'apps/cli/src/main.ts'), ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, encoding: 'utf8', timeout: 60_000 },
      (err, stdout, stderr) => done({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}
