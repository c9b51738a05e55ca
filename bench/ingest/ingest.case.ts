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
      const server = await startChild<{ port: number }>(`${__dirname}/feed-server.ts`, { items: ITEMS, feeds } satisfies FeedServerInput);
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
        `${feeds} RSS feeds of ${ITEMS} items served by a local HTTP server in its own process (with ETags; every feed and page rendered before the first request, so that the stand-in for other people's servers spends little of the shared CPU), each item with its own article page; texts from the rules case's corpus generator. The real IngestService, in another process of its own, polls ${CONCURRENCY} sources at a time against the local PostgreSQL and Redis (queueing classification, not running it).`,
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
        'Both cycles run the real IngestService; the figures are the ingest process alone (its own peak RSS from the kernel, its own CPU time, its reading thread included), the feed server and the migrations run in other processes. PostgreSQL, the feed server and the ingest process share the same two cores, and other work on this shared machine runs beside them: the same code measured 156 to 240 articles/s on one day, and 163 to 243 within one hour of another (4.9 to 8.8 CPU ms per article in the ingest process); since the statements went to plain SQL, 227 to 273 within a quarter of an hour. Hence three runs and their median.',
        'The ingest process reads pages on one worker thread (INGEST_READ_THREADS, default 1; its young generation 32 MB) and applies HEAP_GROWTH_PERCENT as the worker does (default 50). With V8 left to grow the heap (0), the same run peaks at 400-530 MB for a live heap of about 100 MB. Reading on the polling thread (INGEST_READ_THREADS=0): about 280 MB peak and a few per cent fewer articles/s (224 against 234 in a paired run). Two reading threads (INGEST_READ_THREADS=2): 289, 296 and 305 articles/s in single runs when one thread measured 250-273, the machine idle 6 s of the cycle instead of 13-15, but a peak RSS of 406-442 MB, over this case\'s memory target; with the polling thread\'s young generation capped too (node --max-semi-space-size=8) and the threads\' at 16 MB, 378 and 397 MB for 282 and 278 articles/s (one thread: 260). Hence one by default, two where a core and the memory are to spare.',
        'Where the CPU goes, about 6.5 ms per article for the whole machine, which is some 80% busy during the first cycle (/proc/stat). The ingest process: about 4 ms, of which the reading thread (extraction with htmlparser2 and cheerio, fingerprints, language, its garbage collection) about 1.3-1.5, and the polling thread the fetching (undici), the story decisions (shingling candidates, the exact comparisons), node-postgres, the thread hand-offs and socket writes. PostgreSQL (pg_stat_statements over one run): about 1.5 ms per article, 40% of it the story-candidate searches (the strict-key search 9 ms per poll, 320 GIN probes; the loose-key one 31 ms per poll where it runs), 28% the insert of the articles and their first versions (10.5 ms per poll), 17% merging the story-key index\'s pending list (6-7 ms per poll), the rest under 1.5 ms per poll each. The feed server and Redis add about 0.4 ms.',
        'Why 300 articles/s is still out of reach on two cores with one reading thread: at about 6.5 CPU ms per article for the machine, two cores give about 308 articles/s fully busy, and the pipeline keeps them some 80% busy (both threads wait on PostgreSQL and on each other at times; 16 polls at a time left the same idle time). A second reading thread fills most of the idle time (above) but not within 400 MB; the rest would need a further fifth off the CPU per article: fewer GIN probes per story search, stored shingles for candidates, a leaner extractor.',
        'The generated texts share stock phrases (a shingle Jaccard near 0.18 between any two), so every new text shares loose story keys with much of the window; the candidate query caps what it reads per key and the exact check runs on the few sharing the most keys. On real news unrelated texts share almost no key.',
        'History: 41 articles/s and 2.5 GB peak before story keys, the plain-article path and batched writes; 125 articles/s and 700 MB after them. Then: TypeScript served from a compiled cache (the SWC loader and the TypeScript compiler cost every process about 80 MB), Prisma\'s size-optimised query compiler (50 MB less), the heap growth limit (peak about 230 MB less), source maps and tinyld loaded only when needed; fingerprint version 2 (each word hashed once), a feed\'s pages read four at a time, story candidates for a whole poll in two queries; pages read on a worker thread; each article\'s text sent to PostgreSQL once; a poll\'s classification jobs queued in one round trip; story keys merged into their GIN index in bulk from a pending list flushed after each poll; story candidates\' rows read by primary key; the stale-fingerprint check on the createdAt index (206 articles/s then, 221 at the start of the next session). Latest: a poll\'s statements as plain SQL on Prisma\'s own connection pool (SqlService): Prisma spent 0.5 to 1.4 ms of CPU per statement where node-postgres spends 0.07 to 0.3, and the ingest process went from about 48 to 40 CPU s per cycle; a rejected story candidate\'s reason (a headline comparison) worked out only when read (a poll made 6.8 comparisons per article, most of them rejections); the reading thread\'s young generation 32 MB instead of 8 (pages read 10% faster in isolation); small extraction savings (the headline compared as it is read, the furniture patterns as one); JIT compilation off for the service\'s connections (the loose-key search for a poll of 20 new stories costs just above PostgreSQL\'s JIT threshold: 44 ms of compiling for a 50 ms query; the benchmark\'s polls, mostly copies, rarely reach it).',
        'Tried and left out: the strict-key search as one GIN probe per article (all its 16 keys at once) rather than one per key: 17 ms per poll in PostgreSQL against 9; PostgreSQL\'s planner turns the same probe for a whole poll\'s keys into a sequential scan (360 ms). Reading a page on the polling thread when the reading thread already has pages waiting: no less idle time, 40-50 MB more. Fingerprints and language detection on the polling thread rather than the reading thread: within the noise (medians of paired 3-run sets 240 and 274 against 249 and 260). HEAP_GROWTH_PERCENT=25 with two reading threads: 381 MB but slower. LZ4 instead of pglz for the stored texts: no difference in PostgreSQL\'s CPU. Earlier: V8\'s default young generation for the reading thread; MALLOC_ARENA_MAX=2 (no difference); 16 polls at a time instead of 8; a speed probe before each run, which did not track the machine\'s changes in speed.',
        'Memory: the process is at the "RSS at start" figure once Nest, Prisma, BullMQ and the compiled sources are loaded, before the first feed; the peak is that plus what ingestion adds, the reading thread (its own V8 heap and copies of the reading code) included.',
      ],
    };
  },
};
