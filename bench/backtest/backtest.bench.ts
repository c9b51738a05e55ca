import { Prisma, applyMigrations, ensureDatabase } from '@app/database';
import { BacktestService, RulesService, extractFacts } from '@app/rules';
import { searchDocument } from '../../libs/rules/src/prefilter/search-prefilter';
import { PrismaPg } from '@prisma/adapter-pg';
import { resolve } from 'node:path';
import { PrismaClient } from '../../libs/database/src/generated/client';
import { PrismaService } from '../../libs/database/src/prisma.service';
import { generateCorpus } from '../rules/corpus';

export interface BacktestBenchResult {
  articles: number;
  megabytes: number;
  draft: string;
  candidates: number;
  hits: number;
  seconds: number;
  fullScanSeconds: number;
}

const ARTICLES = 100_000;
const DRAFT = '("north korea*" OR pyongyang OR dprk) AND (quota* OR "loyalty money" OR "loyalty payments") NEAR/10 (worker* OR labourer* OR laborer*)';

/**
 * 100,000 stored articles (generated, 70% off-topic as a news monitor sees
 * them), then one backtest of a typical draft rule, and the same draft with
 * the word index disabled (every article read and matched) for comparison.
 */
export async function benchBacktest(databaseServer = 'postgresql://root@127.0.0.1:5432'): Promise<BacktestBenchResult> {
  const url = `${databaseServer}/sm_bench_backtest`;
  await ensureDatabase(url);
  await applyMigrations(url, resolve(__dirname, '../../prisma/migrations'));
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    let stored = await prisma.article.count();
    if (stored !== ARTICLES) {
      await prisma.$executeRaw`TRUNCATE "Article", "Source" CASCADE`;
      const source = await prisma.source.create({ data: { name: 'bench', url: 'https://bench.example/feed', kind: 'rss' } });
      const corpus = generateCorpus(60 * 1024 * 1024);
      for (let i = 0; i < ARTICLES; i += 1000) {
        const rows = Array.from({ length: Math.min(1000, ARTICLES - i) }, (_, k) => {
          const n = i + k;
          const a = corpus[n % corpus.length];
          // A number in the title keeps every article's text distinct.
          const title = `${a.title} (${n})`;
          return Prisma.sql`(gen_random_uuid(), ${source.id}::uuid, ${`g${n}`}, ${`https://bench.example/${n}`}, ${`https://bench.example/${n}`}, ${title}, ${a.text}, ${`h${n}`},
            ${JSON.stringify(extractFacts(`${title}\n\n${a.text}`))}::jsonb, strip(to_tsvector('simple', ${searchDocument(title, a.text)})), now())`;
        });
        await prisma.$executeRaw`INSERT INTO "Article" (id, "sourceId", guid, url, "canonicalUrl", title, text, "contentHash", facts, "searchTerms", "classifiedAt") VALUES ${Prisma.join(rows)}`;
      }
      await prisma.$executeRaw`VACUUM ANALYZE "Article"`;
      stored = await prisma.article.count();
    }
    const [{ mb }] = await prisma.$queryRaw<{ mb: number }[]>`SELECT (sum(length(text)) / 1e6)::float AS mb FROM "Article"`;
    const service = new BacktestService(prisma as unknown as PrismaService, undefined as unknown as RulesService);
    const started = process.hrtime.bigint();
    const result = await service.backtest({ query: DRAFT, category: 'loyalty-payment' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // The same draft with an OR branch the word index cannot see: every article is read and matched.
    const fullStarted = process.hrtime.bigint();
    await service.backtest({ query: `${DRAFT} OR 충성자금`, category: 'loyalty-payment' });
    const fullScanSeconds = Number(process.hrtime.bigint() - fullStarted) / 1e9;
    return { articles: stored, megabytes: mb, draft: DRAFT, candidates: result.candidatesChecked, hits: result.hits, seconds, fullScanSeconds };
  } finally {
    await prisma.$disconnect();
  }
}

