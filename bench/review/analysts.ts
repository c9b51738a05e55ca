import { Client } from 'undici';
import { Random, pick, prng } from '../support/prng';
import { CATEGORIES, PLACES } from './review-seed';

export type Call = 'list' | 'take-next' | 'decide';
export const CALLS: readonly Call[] = ['list', 'take-next', 'decide'];

export interface CallError {
  call: Call;
  status: number;
  body: string;
}

export interface LoadResult {
  /** Milliseconds per call, measured iterations only. */
  latencies: Record<Call, number[]>;
  /** How the list calls were asked, counted. */
  listKinds: Record<string, number>;
  /** take-next answered 204 (the queue was empty). */
  emptyQueue: number;
  errors: CallError[];
  /** Decide calls made, warm-up included (each should have stored a decision). */
  decisions: number;
  /** Iterations (take-next, and decide when there was an item) completed in the measured part. */
  iterations: number;
  wallSeconds: number;
}

/**
 * How analysts pace themselves, in milliseconds drawn uniformly from each
 * range with the analyst's own seeded PRNG. Without a pace they ask again as
 * soon as they have an answer (the api's saturation, not a working day).
 */
export interface Pace {
  /** Reading the item take-next returned, before deciding. */
  readMs: [number, number];
  /** Between a decision and the next call, and after looking at the list. */
  pauseMs: [number, number];
  /** The chance, after each decision, that the analyst looks at the list before taking the next item. */
  listChance: number;
}

/** How long a part of a run lasts: a number of iterations per analyst, or a time. */
export type Budget = { iterations: number } | { seconds: number };

interface Analyst {
  token: string;
  client: Client;
  random: Random;
  /** The cursor of the last first page this analyst read, to page on from it sometimes. */
  cursor: string | null;
}

const quote = (s: string) => encodeURIComponent(s);

/**
 * The list an analyst asks for: mostly the open queue's first page, sometimes
 * narrowed to a category or a place (code or name), sometimes the next page.
 */
function listPath(a: Analyst): { path: string; kind: string } {
  const base = '/review-items?state=open&limit=50';
  const r = a.random();
  if (r < 0.1 && a.cursor) return { path: `${base}&cursor=${quote(a.cursor)}`, kind: 'next page' };
  if (r < 0.25) return { path: `${base}&category=${quote(pick(a.random, CATEGORIES))}`, kind: 'category' };
  if (r < 0.35) return { path: `${base}&place=${pick(a.random, PLACES)[1]}`, kind: 'country' };
  if (r < 0.4) return { path: `${base}&place=${quote(pick(a.random, PLACES)[0])}`, kind: 'place name' };
  return { path: base, kind: 'open queue' };
}

/**
 * `analysts` loops over HTTP, each on its own keep-alive connection (one
 * browser each): take the next item, decide it with the version take-next
 * returned, look at the list. The warm-up is not recorded.
 */
export async function runAnalysts(origin: string, tokens: string[], opts: { warmup: Budget; measured: Budget; seed: number; pace?: Pace }): Promise<LoadResult> {
  const latencies: Record<Call, number[]> = { list: [], 'take-next': [], decide: [] };
  const listKinds: Record<string, number> = {};
  const errors: CallError[] = [];
  let emptyQueue = 0;
  let decisions = 0;
  let iterations = 0;
  let recording = false;

  const analysts: Analyst[] = tokens.map((token, i) => ({
    token,
    client: new Client(origin, { keepAliveTimeout: 60_000, pipelining: 1 }),
    random: prng(opts.seed + i),
    cursor: null,
  }));

  async function call(a: Analyst, kind: Call, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const started = performance.now();
    const res = await a.client.request({
      method,
      path,
      headers: { authorization: `Bearer ${a.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    // The whole body is read inside the timing: an analyst waits for all of it.
    const text = await res.body.text();
    const ms = performance.now() - started;
    if (recording) latencies[kind].push(ms);
    const ok = (res.statusCode >= 200 && res.statusCode < 300) || (kind === 'take-next' && res.statusCode === 204);
    if (!ok) errors.push({ call: kind, status: res.statusCode, body: text.slice(0, 300) });
    return { status: res.statusCode, json: ok && text ? JSON.parse(text) : null };
  }

  const pace = opts.pace;
  const sleep = (a: Analyst, [lo, hi]: [number, number]) => new Promise((r) => setTimeout(r, lo + a.random() * (hi - lo)));

  async function list(a: Analyst): Promise<void> {
    const { path, kind } = listPath(a);
    if (recording) listKinds[kind] = (listKinds[kind] ?? 0) + 1;
    const page = await call(a, 'list', 'GET', path);
    if (kind === 'open queue') a.cursor = page.json?.nextCursor ?? null;
  }

  /**
   * Without a pace: list, take-next, decide, back to back. With one: take the
   * next item, read it, decide, pause; now and then look at the list (and
   * pause again) before taking the next.
   */
  async function iteration(a: Analyst): Promise<void> {
    if (!pace) await list(a);
    const next = await call(a, 'take-next', 'POST', '/review-items/next');
    if (recording) iterations++;
    if (next.status === 204) {
      if (recording) emptyQueue++;
      if (pace) await sleep(a, pace.pauseMs);
      return;
    }
    if (!next.json) return;
    const item = next.json as { id: string; version: number };
    if (pace) await sleep(a, pace.readMs);
    decisions++;
    // About a third confirmed, the rest dismissed, as the stored decisions are.
    if (a.random() < 0.36) await call(a, 'decide', 'POST', `/review-items/${item.id}/confirm`, { disposition: a.random() < 0.4 ? 'reportable' : 'monitor', version: item.version });
    else await call(a, 'decide', 'POST', `/review-items/${item.id}/dismiss`, { reason: a.random() < 0.7 ? 'off_topic' : 'duplicate', version: item.version });
    if (!pace) return;
    await sleep(a, pace.pauseMs);
    if (a.random() < pace.listChance) {
      await list(a);
      await sleep(a, pace.pauseMs);
    }
  }

  // A timed part ends for each analyst after the iteration it is in when time is up.
  const loop = (budget: Budget) => {
    const until = 'seconds' in budget ? performance.now() + budget.seconds * 1000 : Infinity;
    const count = 'iterations' in budget ? budget.iterations : Infinity;
    return Promise.all(
      analysts.map(async (a) => {
        for (let i = 0; i < count && performance.now() < until; i++) await iteration(a);
      }),
    );
  };

  try {
    // Paced analysts do not all start at the same instant, as people don't.
    if (pace) await Promise.all(analysts.map((a) => sleep(a, [0, pace.readMs[1]])));
    // Errors in the warm-up count too: any failed call fails the bench.
    await loop(opts.warmup);
    recording = true;
    const started = performance.now();
    await loop(opts.measured);
    return { latencies, listKinds, emptyQueue, errors, decisions, iterations, wallSeconds: (performance.now() - started) / 1000 };
  } finally {
    await Promise.all(analysts.map((a) => a.client.close()));
  }
}

/** Nearest-rank percentile. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
