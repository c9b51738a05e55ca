import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Runs `entry` (a .ts file) in a fresh Node process with `input` as its one argument
 * (JSON), and returns the JSON it prints as its last stdout line. A fresh process per
 * measurement keeps peak RSS and heap figures its own, and one measurement's garbage out
 * of the next one's timings.
 */
export function runChild<T>(entry: string, input: unknown, nodeFlags: string[] = ['--expose-gc']): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...nodeFlags, join(ROOT, 'scripts/run.js'), entry, JSON.stringify(input)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`${entry} exited with ${code}`));
      const last = out.trim().split('\n').pop() ?? '';
      try {
        done(JSON.parse(last) as T);
      } catch {
        fail(new Error(`${entry} printed no JSON result: ${last.slice(0, 200)}`));
      }
    });
  });
}
