import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule, PrismaService, applyMigrations } from '@app/database';
import { IngestModule, IngestService } from '@app/ingest';
import { deleteQueuePrefix } from '@app/queue';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { BenchCase } from '../bench-case';
import { generateCorpus } from '../rules/corpus';

const FEEDS = 500;
const ITEMS = 20;
const CONCURRENCY = 8;
const SERVER = 'postgresql://root@127.0.0.1:5432';
const DB = 'sm_bench_ingest';

@Module({})
class IngestBenchModule {}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * 500 local feeds of 20 items, each item with its own article page (10,000
 * articles), polled twice by the real IngestService: a first full cycle
 * (fetch, parse, extract, dedupe and story search, store, enqueue) and a
 * second, unchanged one that the feeds answer with 304.
 */
export const ingestCase: BenchCase = {
  name: 'ingest',
  title: 'Ingestion: 500 feeds, 10,000 articles',
  async run({ log }) {
    const corpus = generateCorpus(8 * 1024 * 1024, 2019);
    const server = createServer((req, res) => {
      const m = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
      if (m) {
        const f = Number(m[1]);
        const etag = `"feed-${f}"`;
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
        const items = Array.from({ length: ITEMS }, (_, i) => {
          const n = f * ITEMS + i;
          const a = corpus[n % corpus.length];
          return `<item><title>${escape(a.title)} ${n}</title><link>/a/${n}.html</link><guid isPermaLink="false">bench-${n}</guid><pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate><description>${escape(a.text.slice(0, 200))}</description></item>`;
        }).join('');
        return void res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${f}</title>${items}</channel></rss>`);
      }
      const p = /^\/a\/(\d+)\.html$/.exec(req.url ?? '');
      if (!p) return void res.writeHead(404).end();
      const n = Number(p[1]);
      const a = corpus[n % corpus.length];
      const paragraphs = `${a.text} (Report number ${n}.)`.split(/(?<=\.)\s+/).map((s) => `<p>${escape(s)}</p>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        `<!DOCTYPE html><html><head><title>${escape(a.title)}</title></head><body><nav>Home | World | Asia</nav><article><h1>${escape(a.title)} ${n}</h1>${paragraphs}</article><footer>Bench outlet</footer></body></html>`,
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;

    const admin = new Client({ connectionString: `${SERVER}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB}`);
    await admin.end();
    await applyMigrations(`${SERVER}/${DB}`, resolve(__dirname, '../../prisma/migrations'));
    const prefix = `bench-ingest-${Date.now()}`;
    const config = AppConfig.load({ DATABASE_URL: `${SERVER}/${DB}`, QUEUE_PREFIX: prefix, FETCH_ALLOWLIST: host, LOG_LEVEL: 'error' }, '');
    const app = await NestFactory.createApplicationContext(
      { module: IngestBenchModule, imports: [ConfigModule.forRoot(config), DatabaseModule, IngestModule] },
      { logger: ['error'] },
    );
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    try {
      const prisma = app.get(PrismaService);
      await prisma.source.createMany({
        data: Array.from({ length: FEEDS }, (_, f) => ({ name: `Feed ${f}`, url: `http://${host}/feed/${f}.xml`, kind: 'rss' as const })),
      });
      const ids = (await prisma.source.findMany({ select: { id: true }, orderBy: { name: 'asc' } })).map((s) => s.id);
      const ingest = app.get(IngestService);
      const cycle = async () => {
        const queue = [...ids];
        let stored = 0;
        let notModified = 0;
        const started = process.hrtime.bigint();
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            for (let id = queue.shift(); id; id = queue.shift()) {
              const r = await ingest.pollSource(id);
              stored += r.newArticleIds.length;
              if (r.notModified) notModified++;
            }
          }),
        );
        return { seconds: Number(process.hrtime.bigint() - started) / 1e9, stored, notModified };
      };
      log('ingest: first cycle (10,000 articles)...');
      const first = await cycle();
      log('ingest: second, unchanged cycle...');
      const second = await cycle();
      const articles = await prisma.article.count();
      const stories = await prisma.story.count();
      const perSecond = first.stored / first.seconds;
      return {
        intro: [
          `${FEEDS} RSS feeds of ${ITEMS} items served by a local HTTP server in the same process (with ETags), each item with its own article page; texts from the rules case's corpus generator. The real IngestService polls ${CONCURRENCY} sources at a time against the local PostgreSQL and Redis (queueing classification, not running it).`,
          `Stored: ${articles.toLocaleString('en-US')} articles in ${stories.toLocaleString('en-US')} stories (the generated texts repeat, so many articles are rewrites of one another).`,
        ],
        tables: [
          {
            title: 'Cycles',
            columns: ['Cycle', 'Seconds', 'Articles stored', 'Articles/s', 'Feeds answered 304'],
            rows: [
              ['first (full)', first.seconds.toFixed(1), first.stored.toLocaleString('en-US'), perSecond.toFixed(0), String(first.notModified)],
              ['second (unchanged)', second.seconds.toFixed(2), String(second.stored), '-', `${second.notModified} of ${FEEDS}`],
            ],
          },
          { title: 'Memory', columns: ['Peak RSS MB'], rows: [[(peakRss / 1e6).toFixed(0)]] },
        ],
        targets: [
          { target: 'first cycle at least 300 articles/s', measured: `${perSecond.toFixed(0)} articles/s`, met: perSecond >= 300 },
          { target: 'second cycle under 3 s', measured: `${second.seconds.toFixed(2)} s`, met: second.seconds < 3 },
          { target: 'at least 95% of feeds answered by 304 in the second cycle', measured: `${((100 * second.notModified) / FEEDS).toFixed(0)}%`, met: second.notModified >= 0.95 * FEEDS },
          { target: 'peak RSS under 400 MB', measured: `${(peakRss / 1e6).toFixed(0)} MB`, met: peakRss < 400e6 },
        ],
        notes: ['The feed server runs in the benchmark process and shares its CPU; PostgreSQL shares the same two cores.'],
      };
    } finally {
      clearInterval(sampler);
      await app.close();
      await new Promise((r) => server.close(r));
      await deleteQueuePrefix(config.redisUrl, prefix);
    }
  },
};
