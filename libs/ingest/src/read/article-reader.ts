import { AppConfig } from '@app/config';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { ArticleInput, ReadArticle, readSettled } from './read-article';

/**
 * Old-generation heap of each reading thread (MB): a page that would need
 * more (a pathological document under Readability) ends that thread, and
 * fails that one article, rather than the whole worker process.
 */
const THREAD_HEAP_MB = 512;
/**
 * Young generation of each reading thread (MB). A page leaves a few hundred
 * KB of garbage, and a parsed page's tree outlives a small young generation:
 * at 8 MB the thread spent a fifth of its time collecting, and read pages
 * 10% slower than at 32 (16: 2% faster than 8; 64: slower than 8). It
 * costs the process about 20 MB more at the peak.
 */
const THREAD_YOUNG_MB = 32;
/**
 * Pages sent to a thread in one message at most. Each message costs both
 * threads a wake-up and a hand-off (about a tenth of a millisecond each way
 * on a busy machine, as much as a tenth of reading the page); pages waiting
 * while a thread is busy go together. A cap keeps one batch's pages (and a
 * failed batch's retries) few.
 */
const MAX_BATCH = 16;

/** A page waiting for a thread, and its caller's promise. */
interface Waiting {
  input: ArticleInput;
  done: (article: ReadArticle) => void;
  fail: (e: unknown) => void;
}

/**
 * Reads fetched pages (readArticle: extraction, language, content hash,
 * fingerprints) on INGEST_READ_THREADS worker threads, a Piscina pool, so
 * that this CPU work runs beside the polling thread's fetching, queries and
 * queueing instead of between them. Pages that arrive while the threads are
 * busy are sent together, one message per thread at a time (MAX_BATCH).
 * With 0 threads pages are read on the calling thread. The pool starts on
 * the first page, so processes that never read one (the api, most CLI
 * commands) start no thread.
 */
@Injectable()
export class ArticleReader implements OnModuleDestroy {
  private pool: Piscina<ArticleInput[], ReadArticle[]> | null = null;
  private closed = false;
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(private readonly config: AppConfig) {}

  /** The article in a fetched page; rejects only when a reading thread died on it. */
  read(input: ArticleInput): Promise<ReadArticle> {
    // After close (the app shutting down), a poll still finishing reads here.
    if (!this.config.ingestReadThreads || this.closed) return readSettled(input);
    return new Promise((done, fail) => {
      this.waiting.push({ input, done, fail });
      this.dispatch();
    });
  }

  /** Sends the waiting pages to the threads, as many batches as they take. */
  private dispatch(): void {
    const threads = this.config.ingestReadThreads;
    this.pool ??= new Piscina<ArticleInput[], ReadArticle[]>({
      filename: join(__dirname, 'read-thread.js'),
      minThreads: threads,
      maxThreads: threads,
      // Between pages each thread's event loop turns (Readability's closed
      // jsdom windows are only let go then), which Atomics.wait would stop.
      atomics: 'disabled',
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB, maxYoungGenerationSizeMb: THREAD_YOUNG_MB },
    });
    while (this.waiting.length && this.running < threads) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.running++;
      void this.runBatch(this.pool, batch).finally(() => {
        this.running--;
        if (this.pool) this.dispatch();
      });
    }
  }

  /**
   * One batch on a thread (each thread has one at a time). A thread that
   * dies (a page too big for its heap) takes the whole batch with it: its
   * pages are then read one to a message, so that only the page it died on
   * fails.
   */
  private async runBatch(pool: Piscina<ArticleInput[], ReadArticle[]>, batch: Waiting[]): Promise<void> {
    try {
      const read = await pool.run(batch.map((w) => w.input));
      batch.forEach((w, i) => w.done(read[i]!));
    } catch (e) {
      if (batch.length === 1) return batch[0]!.fail(e);
      await Promise.all(
        batch.map((w) =>
          pool.run([w.input]).then(
            ([article]) => w.done(article!),
            (e2: unknown) => w.fail(e2),
          ),
        ),
      );
    }
  }

  /** Lets the threads finish the pages they were given, then ends them. */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    // Pages not yet sent to a thread are read here.
    for (const w of this.waiting.splice(0)) readSettled(w.input).then(w.done, w.fail);
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }
}
