import { AppConfig } from '@app/config';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { ArticleInput, ReadArticle, readArticle } from './read-article';

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
 * Reads fetched pages (readArticle: extraction, language, content hash,
 * fingerprints) on INGEST_READ_THREADS worker threads, a Piscina pool, so
 * that this CPU work runs beside the polling thread's fetching, queries and
 * queueing instead of between them. With 0 threads pages are read on the
 * calling thread. The pool starts on the first page, so processes that
 * never read one (the api, most CLI commands) start no thread.
 */
@Injectable()
export class ArticleReader implements OnModuleDestroy {
  private pool: Piscina<ArticleInput, ReadArticle> | null = null;
  private closed = false;

  constructor(private readonly config: AppConfig) {}

  /** The article in a fetched page; rejects only when a reading thread died on it. */
  read(input: ArticleInput): Promise<ReadArticle> {
    const threads = this.config.ingestReadThreads;
    // After close (the app shutting down), a poll still finishing reads here.
    if (!threads || this.closed) return inline(input);
    this.pool ??= new Piscina<ArticleInput, ReadArticle>({
      filename: join(__dirname, 'read-thread.js'),
      minThreads: threads,
      maxThreads: threads,
      // Between pages each thread's event loop turns (Readability's closed
      // jsdom windows are only let go then), which Atomics.wait would stop.
      atomics: 'disabled',
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB, maxYoungGenerationSizeMb: THREAD_YOUNG_MB },
    });
    return this.pool.run(input);
  }

  /** Lets the threads finish the pages they were given, then ends them. */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }
}

async function inline(input: ArticleInput): Promise<ReadArticle> {
  const article = readArticle(input);
  // Readability's jsdom window, though closed, is only let go once the
  // event loop turns; a feed of such pages must not pile them up.
  if (article.method === 'readability') await new Promise((r) => setImmediate(r));
  return article;
}
