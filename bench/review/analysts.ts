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
  wallSeconds: number;
}

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
 * browser each): list, take the next item, decide it with the version
 * take-next returned. The warm-up iterations are not recorded.
 */
export async function runAnalysts(origin: string, tokens: string[], opts: { warmup: number; iterations: number; seed: number }): Promise<LoadResult> {
  const latencies: Record<Call, number[]> = { list: [], 'take-next': [], decide: [] };
  const listKinds: Record<string, number> = {};
  const errors: CallError[] = [];
  let emptyQueue = 0;
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

  async function iteration(a: Analyst): Promise<void> {
    const { path, kind } = listPath(a);
    if (recording) listKinds[kind] = (listKinds[kind] ?? 0) + 1;
    const page = await call(a, 'list', 'GET', path);
    if (kind === 'open queue') a.cursor = page.json?.nextCursor ?? null;

    const next = await call(a, 'take-next', 'POST', '/review-items/next');
    if (next.status === 204) {
      if (recording) emptyQueue++;
      return;
    }
    if (!next.json) return;
    const item = next.json as { id: string; version: number };
    // About a third confirmed, the rest dismissed, as the stored decisions are.
    if (a.random() < 0.36) await call(a, 'decide', 'POST', `/review-items/${item.id}/confirm`, { disposition: a.random() < 0.4 ? 'reportable' : 'monitor', version: item.version });
    else await call(a, 'decide', 'POST', `/review-items/${item.id}/dismiss`, { reason: a.random() < 0.7 ? 'off_topic' : 'duplicate', version: item.version });
  }

  const loop = (n: number) => Promise.all(analysts.map(async (a) => {
    for (let i = 0; i < n; i++) await iteration(a);
  }));

  try {
    // Errors in the warm-up count too: any failed call fails the bench.
    await loop(opts.warmup);
    recording = true;
    const started = performance.now();
    await loop(opts.iterations);
    return { latencies, listKinds, emptyQueue, errors, wallSeconds: (performance.now() - started) / 1000 };
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
