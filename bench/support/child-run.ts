import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '..', '..');

function spawnEntry(entry: string, input: unknown, nodeFlags: string[]): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, join(ROOT, 'scripts/run.js'), entry, JSON.stringify(input)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/**
 * Runs `entry` (a .ts file) in a fresh Node process with `input` as its one argument
 * (JSON), and returns the JSON it prints as its last stdout line. A fresh process per
 * measurement keeps peak RSS and heap figures its own, and one measurement's garbage out
 * of the next one's timings.
 */
export function runChild<T>(entry: string, input: unknown, nodeFlags: string[] = ['--expose-gc']): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawnEntry(entry, input, nodeFlags);
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => (out += chunk));
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

export interface ServiceChild<T> {
  /** What the child printed (one JSON line) once it was ready. */
  ready: T;
  /** Ends the child (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `entry` as a long-running helper (a fixture server the measured process talks
 * to) in its own process, so that its CPU and memory are not counted as the measured
 * code's. Resolves once the child prints its first stdout line, JSON (its address).
 */
export function startChild<T>(entry: string, input: unknown, nodeFlags: string[] = []): Promise<ServiceChild<T>> {
  return new Promise((done, fail) => {
    const child = spawnEntry(entry, input, nodeFlags);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const lines = createInterface({ input: child.stdout! });
    const early = (code: number | null) => fail(new Error(`${entry} exited with ${code} before it was ready`));
    child.once('exit', early);
    child.once('error', fail);
    lines.once('line', (line) => {
      child.off('exit', early);
      let ready: T;
      try {
        ready = JSON.parse(line) as T;
      } catch {
        child.kill();
        return fail(new Error(`${entry} printed no JSON when ready: ${line.slice(0, 200)}`));
      }
      done({
        ready,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
