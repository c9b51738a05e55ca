import type { BenchCase } from '../bench-case';
import { runChild, startChild } from '../support/child-run';
import type { FeedServerInput } from './feed-server';
import { prepareIngestDatabase } from './ingest-database';
import type { IngestRunInput, IngestRunResult } from './ingest.worker';

const FEEDS = 500;
const ITEMS = 20;
/** Sources polled at a time: the worker's ingest queue concurrency in a deployment with a core to spare. */
const CONCURRENCY = 8;
/** The corpus the feed server generates (MB): `--mb` scales the number of feeds against it. */
const CORPUS_MB = 8;
/**
 * Runs of the whole case, each on a fresh database: this shared machine's
 * speed swings by a third between runs minutes apart, so the targets are
 * judged on the median run.
 */
const RUNS = 3;

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

/**
 * 500 local feeds of 20 items, each item with its own article page (10,000
 * articles), polled twice by the real IngestService: a first full cycle
 * (fetch, parse, extract, dedupe and story search, store, enqueue) and a
 * second, unchanged one that the feeds answer with 304. The feed server and
 * the ingestion each run in their own process, so the figures are the
 * ingestion's alone.
 */
export const ingestCase: BenchCase = {
  name: 'ingest',
  title: 'Ingestion: 500 feeds, 10,000 articles',
  async run({ log, mb: corpusMb }) {
    const feeds = corpusMb ? Math.max(1, Math.round((FEEDS * corpusMb) / CORPUS_MB)) : FEEDS;
    const runs: IngestRunResult[] = [];
    for (let run = 1; run <= RUNS; run++) {
      log(`ingest: run ${run} of ${RUNS}: fresh database sm_bench_ingest, migrations applied`);
      await prepareIngestDatabase();
      const server = await startChild<{ port: number }>(`${__dirname}/feed-server.ts`, { items: ITEMS } satisfies FeedServerInput);
      try {
        log(`ingest: ${feeds} feeds of ${ITEMS} items, ${CONCURRENCY} polled at a time`);
        runs.push(await runChild<IngestRunResult>(`${__dirname}/ingest.worker.ts`, { host: `127.0.0.1:${server.ready.port}`, feeds, concurrency: CONCURRENCY } satisfies IngestRunInput));
      } finally {
        await server.stop();
      }
    }
    const rate = (x: IngestRunResult) => x.first.stored / x.first.seconds;
    // The median run by first-cycle speed; memory is judged on the highest peak of all runs.
    const r = [...runs].sort((a, b) => rate(a) - rate(b))[Math.floor(RUNS / 2)]!;
    const peakRss = Math.max(...runs.map((x) => x.peakRss));
    const { first, second } = r;
    const perSecond = rate(r);
    const cpuMsPerArticle = (1000 * first.cpuSeconds) / Math.max(1, first.stored);
    return {
      intro: [
        `${feeds} RSS feeds of ${ITEMS} items served by a local HTTP server in its own process (with ETags), each item with its own article page; texts from the rules case's corpus generator. The real IngestService, in another process of its own, polls ${CONCURRENCY} sources at a time against the local PostgreSQL and Redis (queueing classification, not running it).`,
        `Stored: ${r.articles.toLocaleString('en-US')} articles in ${r.stories.toLocaleString('en-US')} stories (the generated texts repeat, so many articles are copies of one another; unrelated generated texts also share stock phrases, a shingle Jaccard of about 0.18 between any two).`,
      ],
      tables: [
        {
          title: `Cycles (${RUNS} runs, each on a fresh database)`,
          columns: ['Run', 'Cycle', 'Seconds', 'Articles stored', 'Articles/s', 'CPU s (ingest process)', 'Feeds answered 304', 'Failed'],
          rows: runs.flatMap((x, i) => [
            [`${i + 1}${x === r ? ' (median)' : ''}`, 'first (full)', x.first.seconds.toFixed(1), x.first.stored.toLocaleString('en-US'), rate(x).toFixed(0), x.first.cpuSeconds.toFixed(1), String(x.first.notModified), String(x.first.failed)],
            ['', 'second (unchanged)', x.second.seconds.toFixed(2), String(x.second.stored), '-', x.second.cpuSeconds.toFixed(2), `${x.second.notModified} of ${feeds}`, String(x.second.failed)],
          ]),
        },
        {
          title: 'Memory (ingest process)',
          columns: ['Run', 'RSS at start MB', 'Peak RSS MB', 'RSS after first cycle MB', 'RSS after GC MB', 'Heap after GC MB'],
          rows: runs.map((x, i) => [String(i + 1), mb(x.rssAtStart), mb(x.peakRss), mb(x.rssAfterFirst), mb(x.rssAfterGc), mb(x.heapAfterGc)]),
        },
      ],
      targets: [
        {
          target: 'first cycle at least 300 articles/s',
          measured: `${perSecond.toFixed(0)} articles/s, the median of ${runs.map((x) => rate(x).toFixed(0)).join(', ')} (${cpuMsPerArticle.toFixed(1)} CPU ms per article in the ingest process)`,
          met: perSecond >= 300,
        },
        { target: 'second cycle under 3 s', measured: `${second.seconds.toFixed(2)} s in the median run`, met: second.seconds < 3 },
        { target: 'at least 95% of feeds answered by 304 in the second cycle', measured: `${((100 * second.notModified) / feeds).toFixed(0)}%`, met: second.notModified >= 0.95 * feeds },
        { target: 'peak RSS under 400 MB', measured: `${mb(peakRss)} MB, the highest of ${runs.length} runs`, met: peakRss < 400e6 },
      ],
      notes: [
        'Both cycles run the real IngestService; the figures are the ingest process alone (its own peak RSS from the kernel, its own CPU time, its reading thread included), the feed server and the migrations run in other processes. PostgreSQL, the feed server and the ingest process share the same two cores, and other work on this shared machine runs beside them: the same code measured 156 to 240 articles/s on one day, and 163 to 243 within one hour of another (4.9 to 8.8 CPU ms per article in the ingest process), hence three runs and their median.',
        'The ingest process reads pages on one worker thread (INGEST_READ_THREADS, default 1) and applies HEAP_GROWTH_PERCENT as the worker does (default 50). With V8 left to grow the heap (0), the same run peaks at 400-530 MB for a live heap of about 100 MB. Reading on the polling thread (INGEST_READ_THREADS=0): about 290 MB peak and some 15% fewer articles/s (paired runs: 153, 123, 133 against 156, 148, 158).',
        'Where the CPU goes (profiles of a full run, and pg_stat_statements for PostgreSQL). The polling thread: story decisions (shingling candidates, the exact comparison) about an eighth, the Prisma and pg clients about a seventh, socket writes a ninth, garbage collection a twentieth, and it waits about a third of the time. The reading thread: extraction (htmlparser2, cheerio, the plain-article check) half of its work, fingerprints a fifth, language detection a tenth; it waits about 40% of the time. PostgreSQL: about 1.6 CPU ms per article, half of it the story-candidate probes (320 GIN probes per poll for the strict keys alone), the rest the inserts and merging the story-key index\'s pending list. The feed server and Redis add about half a millisecond; the machine as a whole is about 80% busy.',
        'Why 300 articles/s is out of reach on two cores: all processes together spend 8 to 9.5 CPU ms per article, and two cores give 6.7 ms per article at 300 per second even when fully used. Getting there would mean cutting a third of the CPU of a pipeline with no step above an eighth of it: a DOM-free extractor, the hot queries on pg without the ORM, fingerprints stored rather than recomputed for candidates, fewer index probes per article. More processes do not help on the same two cores; on more cores, more worker processes (or INGEST_READ_THREADS) do.',
        'The generated texts share stock phrases (a shingle Jaccard near 0.18 between any two), so every new text shares loose story keys with much of the window; the candidate query caps what it reads per key and the exact check runs on the few sharing the most keys. On real news unrelated texts share almost no key.',
        'History: 41 articles/s and 2.5 GB peak before story keys, the plain-article path and batched writes; 125 articles/s and 700 MB after them. Then: TypeScript served from a compiled cache (the SWC loader and the TypeScript compiler cost every process about 80 MB), Prisma\'s size-optimised query compiler (50 MB less), the heap growth limit (peak about 230 MB less), source maps and tinyld loaded only when needed; fingerprint version 2 (each word hashed once), a feed\'s pages read four at a time, story candidates for a whole poll in two queries. Latest: pages read on a worker thread; each article\'s text sent to PostgreSQL once (its first version takes it from the inserted row); a poll\'s classification jobs queued in one round trip; story keys merged into their GIN index in bulk from a pending list flushed after each poll (0.65 ms of PostgreSQL CPU per article inserted straight into the index, about 0.3 this way); story candidates\' rows read by primary key (as a join PostgreSQL hashed the whole Article table, 18 ms per search at 10,000 articles, now 11); the stale-fingerprint check walks the createdAt index (it was a sequential scan of the table per poll).',
        'Tried and left out: V8\'s default young generation for the reading thread (about 25 MB more at the peak, no measurable speed; it is capped at 8 MB); MALLOC_ARENA_MAX=2 (no difference); 16 polls at a time instead of 8 (no gain, more memory); a second reading thread (the two cores are already about 80% busy); a speed probe (reading 300 pages in the bench process before each run) to tell the machine\'s slow moments from slow code: it did not track the runs, whose speed changes within a minute.',
        'Memory: the process is at the "RSS at start" figure once Nest, Prisma, BullMQ and the compiled sources are loaded, before the first feed; the peak is that plus what ingestion adds, the reading thread (its own V8 heap and copies of the reading code) included.',
      ],
    };
  },
};
