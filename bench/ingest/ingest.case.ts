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
        'Both cycles run the real IngestService; the figures are the ingest process alone (its own peak RSS from the kernel, its own CPU time, its reading thread included), the feed server and the migrations run in other processes. PostgreSQL, the feed server and the ingest process share the same two cores, and other work on this shared machine runs beside them: the same code has measured 318 to 392 articles/s within an hour (3.0 to 3.6 CPU ms per article in the ingest process), and earlier code 156 to 240 on one day. Hence three runs and their median.',
        'The ingest process reads pages on one worker thread (INGEST_READ_THREADS, default 1; its young generation 32 MB) and applies HEAP_GROWTH_PERCENT as the worker does (default 50). With V8 left to grow the heap (0), the same run peaks at 400-530 MB for a live heap of about 100 MB. Reading on the polling thread (INGEST_READ_THREADS=0): about 280 MB peak and a few per cent fewer articles/s. Two reading threads (INGEST_READ_THREADS=2), measured before the two changes below: 286 and 340 articles/s in single runs when one thread measured 285-287, for a peak RSS of 443 MB, over this case\'s memory target; each reading thread holds its own V8 heap (about 75 MB once it has read a few thousand pages, 34 of them its young generation). Hence one by default, two where a core and the memory are to spare.',
        'What took the first cycle past 300 articles/s (287, 285 and 287 at the start of the session, 3.9 CPU ms per article): (1) pages that arrive while the reading thread is busy go to it in one message, up to 16, where each page was a message: a message costs both threads a wake-up and a copy, and postMessage alone was 1.3 s of each thread\'s time per cycle (0.3 s after); a batch whose thread dies is read again one page to a message, so only the page that killed it fails. (2) The story search keeps the sorted shingle hashes of the stored articles it compared (by id and content hash, up to 16 MB, most recently used kept): a story\'s first report is the candidate of each later copy, and in this corpus copies of a text come some 1,350 articles apart, beyond the 512 texts the comparison cache held, so the polling thread shingled 8,600 stored texts per cycle again (a sixth of its time). (3) MinHash values computed by adding (hi | 1) to the last function\'s input instead of multiplying (the same values, pinned in a test; a quarter less time for the signature). With (1) alone: 302 (302, 322, 287); with (2) as well: 347 (318, 347, 370), then 383 (381, 383, 392) a quarter of an hour later, and the runs above.',
        'Where the CPU goes now, about 5 ms per article for the whole machine, which is some 80% busy during the first cycle (/proc/stat): the ingest process about 3.0-3.6 ms, of which the reading thread (extraction with htmlparser2 and cheerio, fingerprints, language, its garbage collection) about half, and the polling thread the fetching (undici), the story decisions, node-postgres, the socket writes (on loopback a write also costs the receiving side\'s network stack) and the hand-offs. PostgreSQL (pg_stat_statements over one run, before these changes): about 1.5 ms per article, 40% of it the story-candidate searches, 28% the insert of the articles and their first versions, 17% merging the story-key index\'s pending list. The feed server and Redis add about 0.4 ms.',
        'The number of stories differs a little from run to run (1,338 to 1,376 in four runs of this code): two polls that store copies of one new text at the same moment each start a story. The generated texts share stock phrases (a shingle Jaccard near 0.18 between any two), so every new text shares loose story keys with much of the window; the candidate query caps what it reads per key and the exact check runs on the few sharing the most keys. On real news unrelated texts share almost no key.',
        'History: 41 articles/s and 2.5 GB peak before story keys, the plain-article path and batched writes; 125 articles/s and 700 MB after them. Then: TypeScript served from a compiled cache (the SWC loader and the TypeScript compiler cost every process about 80 MB), Prisma\'s size-optimised query compiler (50 MB less), the heap growth limit (peak about 230 MB less), source maps and tinyld loaded only when needed; fingerprint version 2 (each word hashed once), a feed\'s pages read four at a time, story candidates for a whole poll in two queries; pages read on a worker thread; each article\'s text sent to PostgreSQL once; a poll\'s classification jobs queued in one round trip; story keys merged into their GIN index in bulk from a pending list flushed after each poll; story candidates\' rows read by primary key; the stale-fingerprint check on the createdAt index (206 articles/s then, 221 at the start of the next session); a poll\'s statements as plain SQL on Prisma\'s own connection pool (SqlService): Prisma spent 0.5 to 1.4 ms of CPU per statement where node-postgres spends 0.07 to 0.3; a rejected story candidate\'s reason worked out only when read; the reading thread\'s young generation 32 MB instead of 8; JIT compilation off for the service\'s connections (272 articles/s then). Latest: the three changes above.',
        'Tried and left out: the reading thread given a second page while it reads one (Piscina\'s concurrentTasksPerWorker 2, before batching): no change (286 against 287), and a page queued on a thread that dies would die with it. The strict-key search as one GIN probe per article (all its 16 keys at once) rather than one per key: 17 ms per poll in PostgreSQL against 9; PostgreSQL\'s planner turns the same probe for a whole poll\'s keys into a sequential scan (360 ms). Reading a page on the polling thread when the reading thread already has pages waiting: no less idle time, 40-50 MB more. Fingerprints and language detection on the polling thread rather than the reading thread: within the noise. HEAP_GROWTH_PERCENT=25 with two reading threads: 381 MB but slower. LZ4 instead of pglz for the stored texts: no difference in PostgreSQL\'s CPU. Earlier: V8\'s default young generation for the reading thread; MALLOC_ARENA_MAX=2 (no difference); 16 polls at a time instead of 8; a speed probe before each run, which did not track the machine\'s changes in speed.',
        'Memory: the process is at the "RSS at start" figure once Nest, Prisma, BullMQ and the compiled sources are loaded, before the first feed; the peak is that plus what ingestion adds, the reading thread (its own V8 heap and copies of the reading code) included.',
      ],
    };
  },
};
