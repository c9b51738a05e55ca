import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './run-cli';
import { TestEnv } from './test-env';

/** A port nobody listens on right now (the OS picks it, we release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Service {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** stdout's JSON log lines so far (LOG_FORMAT=json). */
  logs(): Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment a spawned api or worker gets: the test's database, Redis prefix and outbox, JSON logs. */
export function serviceEnv(env: TestEnv, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: env.config.redisUrl,
    QUEUE_PREFIX: env.config.queuePrefix,
    MAIL_OUTBOX_DIR: env.outboxDir,
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'log',
    METRICS_PORT: '0',
    ...extra,
  };
}

/** Starts apps/<app>/src/main.ts as a child process, as `npm run start:<app>` would. */
export function startService(app: 'api' | 'worker', env: Record<string, string>, args: string[] = []): Service {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/run.js'), join(ROOT, `apps/${app}/src/main.ts`), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => stdout + stderr,
    logs: () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    exited,
  };
}

/** Polls `fn` until it returns something truthy; fails with what it waited for (and the services' output) after `timeoutMs`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false | null>, timeoutMs = 90_000, services: Service[] = []): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) {
      const out = services.map((s, i) => `--- service ${i} ---\n${s.output().slice(-4000)}`).join('\n');
      throw new Error(`timed out waiting for ${what}\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Resolves once a spawned service has logged that it is up (or fails if it exited first). */
export async function started(service: Service, marker: RegExp): Promise<void> {
  let exited = false;
  void service.exited.then(() => (exited = true));
  await until(`the service to start (${marker})`, async () => {
    if (exited) throw new Error(`the service exited before starting:\n${service.output()}`);
    return service.logs().some((l) => marker.test(String(l.msg)));
  }, 90_000, [service]);
}

/** One Prometheus text exposition, as { 'name{label="v",...}': value } plus a sum over label filters. */
export class Scrape {
  private constructor(readonly samples: { name: string; labels: Record<string, string>; value: number }[]) {}

  static parse(text: string): Scrape {
    const samples = text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => {
        const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(l);
        if (!m) throw new Error(`not a Prometheus sample line: ${l}`);
        const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
        return { name: m[1], labels, value: Number(m[3]) };
      });
    return new Scrape(samples);
  }

  static async from(url: string): Promise<Scrape> {
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return Scrape.parse(await res.text());
  }

  has(name: string): boolean {
    return this.samples.some((s) => s.name === name);
  }

  /** The sum of a metric's samples whose labels include `labels`. */
  sum(name: string, labels: Record<string, string> = {}): number {
    return this.samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((a, s) => a + s.value, 0);
  }

  /** The label values a metric has samples for. */
  labelValues(name: string, label: string): string[] {
    return [...new Set(this.samples.filter((s) => s.name === name && s.labels[label] !== undefined).map((s) => s.labels[label]))].sort();
  }
}
