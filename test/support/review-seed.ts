import { PrismaService, Severity } from '@app/database';
import { ReviewService } from '@app/review';
import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

export interface Seed {
  severity?: Severity;
  score?: number;
  category?: string;
  ruleId?: string;
  title?: string;
  text?: string;
  source?: string;
  country?: string;
  place?: string;
  /** Join an existing story (a later article of it). */
  storyId?: string;
}

/** Stores an article (and its story unless given) and opens its item through ReviewService, as classification does. */
export async function openItem(app: INestApplicationContext, seed: Seed = {}) {
  const prisma = app.get(PrismaService);
  const review = app.get(ReviewService);
  const key = `src-${(seed.source ?? 'Example News').toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const source = await prisma.source.upsert({
    where: { key },
    create: { key, name: seed.source ?? 'Example News', url: `https://${key}.example.org/feed.xml`, kind: 'rss' },
    update: {},
  });
  const storyId = seed.storyId ?? (await prisma.story.create({ data: { title: seed.title ?? 'story' } })).id;
  const id = randomBytes(6).toString('hex');
  const text = seed.text ?? 'North Korean workers were ordered to stay at the plant after their visas expired.';
  const article = await prisma.article.create({
    data: {
      sourceId: source.id,
      guid: id,
      url: `https://news.example.org/${id}`,
      canonicalUrl: `https://news.example.org/${id}`,
      title: seed.title ?? `Workers told to stay ${id}`,
      text,
      contentHash: id,
      storyId,
      facts: { places: [{ name: seed.place ?? 'Vladivostok', country: seed.country ?? 'RU' }], amounts: [], workerCounts: [], resolutions: [], visas: [], dates: [] },
    },
  });
  await prisma.$executeRaw`UPDATE "Article" SET "searchTerms" = to_tsvector('simple', title || ' ' || text) WHERE id = ${article.id}::uuid`;
  const ruleId = seed.ruleId ?? 'overstay-test';
  const opened = await review.openForArticle(article.id, [
    { ruleId, category: seed.category ?? 'worker-overstay', severity: seed.severity ?? 'high', score: seed.score ?? 2 },
  ]);
  return { ...opened!, article, storyId, source };
}
