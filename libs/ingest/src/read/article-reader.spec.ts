import { AppConfig } from '@app/config';
import { threadId } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { ArticleReader } from './article-reader';
import { ArticleInput, readArticle } from './read-article';

const body = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i} says that workers sent abroad were paid in part to a trading company, report ${i}.</p>`).join('');
const input = (n: number): ArticleInput => ({
  html: `<!doctype html><html lang="en"><head><title>Workers paid abroad ${n}</title><meta property="article:published_time" content="2026-10-0${1 + (n % 9)}T08:00:00Z"></head><body><article><h1>Workers paid abroad ${n}</h1>${body}</article></body></html>`,
  url: `https://news.example/a/${n}`,
  feedTitle: 'Feed title',
  feedSummary: 'A short feed summary.',
  sourceLanguage: null,
});

const readerWith = (threads: number) => new ArticleReader(AppConfig.load({ INGEST_READ_THREADS: String(threads) }, ''));
/** The reader's pool, to look at its threads: null until the first page. */
const poolOf = (reader: ArticleReader) => (reader as unknown as { pool: Piscina | null }).pool;

describe('ArticleReader', () => {
  let reader: ArticleReader;
  afterEach(() => reader.onModuleDestroy());

  it('reads pages on a thread of its own, with the same result as reading them here', async () => {
    reader = readerWith(1);
    expect(poolOf(reader)).toBeNull();
    const inputs = Array.from({ length: 12 }, (_, n) => input(n));
    const read = await Promise.all(inputs.map((i) => reader.read(i)));
    expect(read).toEqual(inputs.map((i) => readArticle(i)));
    // Dates, 64-bit SimHashes and shingle arrays keep their types across threads.
    expect(read[3]!.pagePublishedAt).toEqual(new Date('2026-10-04T08:00:00Z'));
    expect(typeof read[3]!.simhash).toBe('bigint');
    expect(Object.prototype.toString.call(read[3]!.shingleHashes.hi)).toBe('[object Uint32Array]');
    const threads = poolOf(reader)!.threads;
    expect(threads).toHaveLength(1);
    expect(threads[0]!.threadId).not.toBe(threadId);
  });

  it('sends the pages that come while its thread is busy in one message, each answered with its own article', async () => {
    reader = readerWith(1);
    await reader.read(input(0));
    await new Promise((r) => setImmediate(r));
    const pool = poolOf(reader)! as Piscina<ArticleInput[], unknown>;
    const run = jest.spyOn(pool, 'run');
    const inputs = Array.from({ length: 12 }, (_, n) => input(n + 1));
    const read = await Promise.all(inputs.map((i) => reader.read(i)));
    expect(read).toEqual(inputs.map((i) => readArticle(i)));
    // The first goes at once; the other eleven come while the thread reads it, and go together.
    expect(run.mock.calls.map(([batch]) => batch.length)).toEqual([1, 11]);
  });

  it('reads a batch its thread died on again page by page, so that only the page that kills a thread fails', async () => {
    reader = readerWith(1);
    await reader.read(input(0));
    const pool = poolOf(reader)! as Piscina<ArticleInput[], unknown>;
    const original = pool.run.bind(pool);
    const poison = input(99);
    // As if the poison page took its thread's heap: any batch holding it fails.
    jest.spyOn(pool, 'run').mockImplementation((batch, options) =>
      batch.includes(poison) ? Promise.reject(new Error('the reading thread died')) : original(batch, options),
    );
    const inputs = [input(1), input(2), input(3), poison, input(4)];
    const read = await Promise.allSettled(inputs.map((i) => reader.read(i)));
    expect(read.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(read[3]).toMatchObject({ reason: new Error('the reading thread died') });
    expect(read[4]).toEqual({ status: 'fulfilled', value: readArticle(input(4)) });
  });

  it('a thread killed in the middle of a batch loses none of its pages: they are read again on a new thread', async () => {
    reader = readerWith(1);
    await reader.read(input(0));
    await new Promise((r) => setImmediate(r));
    const [first] = poolOf(reader)!.threads;
    const run = jest.spyOn(poolOf(reader)! as Piscina<ArticleInput[], unknown>, 'run');
    const long = { ...input(1), html: input(1).html!.replace(body, body.repeat(3000)) };
    const firstPage = reader.read(input(2));
    const inputs = [long, input(3), long, input(4)];
    const pending = Promise.all(inputs.map((i) => reader.read(i)));
    // The first page goes alone; once it is read, the other four go as one batch, on which the thread is killed.
    await firstPage;
    await new Promise((r) => setImmediate(r));
    expect(run.mock.calls.map(([batch]) => batch.length)).toEqual([1, 4]);
    await first!.terminate();
    expect(await pending).toEqual(inputs.map((i) => readArticle(i)));
    expect(run.mock.calls.map(([batch]) => batch.length)).toEqual([1, 4, 1, 1, 1, 1]);
    expect(poolOf(reader)!.threads[0]).not.toBe(first);
  });

  it('reads on the calling thread when INGEST_READ_THREADS is 0', async () => {
    reader = readerWith(0);
    expect(await reader.read(input(1))).toEqual(readArticle(input(1)));
    expect(poolOf(reader)).toBeNull();
  });

  it('a thread that dies fails the page it was reading, and the next page is read on a new thread', async () => {
    reader = readerWith(1);
    await reader.read(input(0));
    const [first] = poolOf(reader)!.threads;
    // A long page (a second or so of reading), so that the thread is still on it when it dies.
    const pending = reader.read({ ...input(1), html: input(1).html!.replace(body, body.repeat(3000)) });
    await first!.terminate();
    await expect(pending).rejects.toThrow();
    expect(await reader.read(input(2))).toEqual(readArticle(input(2)));
    expect(poolOf(reader)!.threads[0]).not.toBe(first);
  });

  it('once closed, reads on the calling thread the pages still waiting for a thread, and loses none', async () => {
    reader = readerWith(1);
    await reader.read(input(0));
    await new Promise((r) => setImmediate(r));
    // The first goes to the thread; the other two wait for it when the app shuts down.
    const inputs = [input(1), input(2), input(3)];
    const pending = Promise.all(inputs.map((i) => reader.read(i)));
    await reader.onModuleDestroy();
    expect(await pending).toEqual(inputs.map((i) => readArticle(i)));
  });

  it('once closed (the app shutting down), finishes what it was given and reads what comes after on the calling thread', async () => {
    reader = readerWith(1);
    const before = reader.read(input(1));
    await reader.onModuleDestroy();
    expect(await before).toEqual(readArticle(input(1)));
    expect(await reader.read(input(2))).toEqual(readArticle(input(2)));
    expect(poolOf(reader)).toBeNull();
  });
});
