import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../libs/database/src/generated/client';

/**
 * Review items for digest and alert tests, inserted with Prisma as the review
 * and ingest libraries would leave them: a source, a story, its articles
 * (each with matches and facts) and the item linking them.
 */
export interface ArticleSpec {
  title?: string;
  text?: string;
  url?: string;
  source?: { name: string; key?: string };
  publishedAt?: Date | null;
  /** Rule matches: a hit is highlighted where `hit` first occurs in the text. */
  matches?: { ruleId?: string; category: string; severity?: 'low' | 'medium' | 'high' | 'critical'; score?: number; hit?: string }[];
  facts?: unknown;
}

export interface ItemSpec extends ArticleSpec {
  severity?: 'low' | 'medium' | 'high' | 'critical';
  state?: 'new' | 'in_review' | 'confirmed' | 'dismissed' | 'escalated';
  countries?: string[];
  createdAt?: Date;
  note?: string;
  decidedBy?: string;
  disposition?: 'reportable' | 'monitor';
  /** More articles of the same story (other outlets). */
  more?: ArticleSpec[];
}

const uid = () => randomBytes(6).toString('hex');

async function source(prisma: PrismaClient, s: { name: string; key?: string }) {
  const key = s.key ?? `src-${s.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return prisma.source.upsert({ where: { key }, create: { key, name: s.name, url: `https://${key}.example.org/feed.xml`, kind: 'rss' }, update: {} });
}

async function rule(prisma: PrismaClient, id: string, category: string, severity: string) {
  return prisma.rule.upsert({
    where: { id },
    create: { id, name: `Rule ${id}`, category, severity: severity as 'high', query: '"x"' },
    update: {},
  });
}

async function article(prisma: PrismaClient, storyId: string, a: ArticleSpec, createdAt: Date) {
  const src = await source(prisma, a.source ?? { name: 'Example News' });
  const title = a.title ?? `Workers told to stay ${uid()}`;
  const text = a.text ?? 'Dozens of North Korean workers were ordered to stay at a seafood plant in Dalian after their visas expired.';
  const id = uid();
  const row = await prisma.article.create({
    data: {
      sourceId: src.id,
      guid: id,
      url: a.url ?? `https://news.example.org/${id}`,
      canonicalUrl: a.url ?? `https://news.example.org/${id}`,
      title,
      text,
      contentHash: id,
      publishedAt: a.publishedAt === undefined ? new Date('2026-11-02T08:00:00Z') : a.publishedAt,
      facts: (a.facts ?? { places: [{ name: 'Dalian', country: 'CN' }], amounts: [], workerCounts: [{ value: 40, approximate: false }], resolutions: [{ number: '2397' }], visas: [], dates: [] }) as object,
      storyId,
      classifiedAt: createdAt,
      createdAt,
    },
  });
  for (const m of a.matches ?? [{ category: 'worker-overstay', hit: 'ordered to stay' }]) {
    const severity = m.severity ?? 'high';
    const r = await rule(prisma, m.ruleId ?? `${m.category}-${severity}`, m.category, severity);
    const hit = m.hit ?? text.split(' ').slice(0, 2).join(' ');
    const start = Math.max(0, text.indexOf(hit));
    await prisma.match.create({
      data: { articleId: row.id, ruleId: r.id, ruleVersion: 1, category: m.category, severity, score: m.score ?? 2, evidence: [{ field: 'body', start, end: start + hit.length, text: hit }] },
    });
  }
  return row;
}

export async function makeReviewItem(prisma: PrismaClient, spec: ItemSpec = {}) {
  const createdAt = spec.createdAt ?? new Date();
  const story = await prisma.story.create({ data: { title: spec.title ?? 'story', firstSeenAt: createdAt } });
  const first = await article(prisma, story.id, spec, createdAt);
  const others = [];
  for (const more of spec.more ?? []) others.push(await article(prisma, story.id, more, createdAt));
  const matches = [spec, ...(spec.more ?? [])].flatMap((a) => a.matches ?? [{ category: 'worker-overstay' }]);
  const decided = spec.state === 'confirmed' || spec.state === 'dismissed' || spec.state === 'escalated';
  const item = await prisma.reviewItem.create({
    data: {
      storyId: story.id,
      articleId: first.id,
      state: spec.state ?? 'new',
      severity: spec.severity ?? 'high',
      score: 2,
      categories: [...new Set(matches.map((m) => m.category))].sort(),
      ruleIds: [],
      countries: spec.countries ?? ['CN'],
      note: spec.note ?? null,
      decidedBy: decided ? (spec.decidedBy ?? 'analyst-1') : null,
      decidedAt: decided ? createdAt : null,
      disposition: spec.disposition ?? null,
      dueAt: new Date(createdAt.getTime() + 24 * 3600_000),
      createdAt,
      activityAt: createdAt,
    },
  });
  await prisma.reviewItemArticle.createMany({ data: [first, ...others].map((a, i) => ({ reviewItemId: item.id, articleId: a.id, joinedAt: new Date(createdAt.getTime() + i) })) });
  return item;
}

export async function makeSubscription(prisma: PrismaClient, data: Partial<Parameters<PrismaClient['subscription']['create']>[0]['data']> = {}) {
  return prisma.subscription.create({
    data: { name: `Desk ${uid()}`, recipients: ['desk@example.org'], createdAt: new Date('2026-01-01T00:00:00Z'), ...data },
  });
}
