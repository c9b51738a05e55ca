import { PrismaPg } from '@prisma/adapter-pg';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { DemoSummary, runDemo } from '../apps/cli/src/demo/demo-runner';
import { PrismaClient } from '../libs/database/src/generated/client';
import { TestEnv, createTestEnv } from './support/test-env';

/**
 * The bundled run end to end, against the real PostgreSQL and Redis: the
 * sample feed is served over HTTP, polled through the ingest queue, classified,
 * turned into review items, and one digest lands in the outbox.
 */
describe('the bundled pipeline (npm run demo)', () => {
  let env: TestEnv;
  let prisma: PrismaClient;
  let first: DemoSummary;

  beforeAll(async () => {
    env = await createTestEnv();
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl }) });
    first = await runDemo(env.config);
  }, 120_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await env?.cleanup();
  });

  it('stores each sample article once, recognising the newsletter link as the same article', async () => {
    expect(first.sourcesPolled).toHaveLength(1);
    expect(first.sourcesPolled[0]).toMatchObject({ items: 10, new: 9, duplicate: 1, failed: 0 });
    expect(await prisma.article.count()).toBe(9);
    // Nine different reports: nine stories, every article in one.
    expect(await prisma.article.count({ where: { storyId: null } })).toBe(0);
    expect(await prisma.story.count()).toBe(9);
  });

  it('keeps the feed summary when the article page is gone', async () => {
    const a = await prisma.article.findFirstOrThrow({ where: { guid: 'sample-0009' } });
    expect(a.text).toContain('loyalty dues for the whole quarter in advance');
  });

  it('reads the article body from the page, not the navigation or footer', async () => {
    const a = await prisma.article.findFirstOrThrow({ where: { guid: 'sample-0001' } });
    expect(a.text).toContain('residence permits ran out');
    expect(a.text).not.toContain('invented outlet');
    expect(a.canonicalUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/articles\/seafood-workers-stay\.html$/);
    expect(a.publishedAt?.toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });

  it('classifies every article and matches the five categories, and none of the near misses', async () => {
    expect(await prisma.article.count({ where: { classifiedAt: null } })).toBe(0);
    expect(Object.keys(first.matchesPerCategory).sort()).toEqual(
      ['it-workers-cyber', 'loyalty-payment', 'repatriation-enforcement', 'visa-workaround', 'worker-overstay'].sort(),
    );
    for (const guid of ['sample-0006', 'sample-0007', 'sample-0008']) {
      const a = await prisma.article.findFirstOrThrow({ where: { guid }, include: { matches: true } });
      expect({ guid, matches: a.matches.map((m) => m.ruleId) }).toEqual({ guid, matches: [] });
    }
    const seafood = await prisma.article.findFirstOrThrow({ where: { guid: 'sample-0001' }, include: { matches: true } });
    expect(seafood.matches.map((m) => m.category)).toContain('worker-overstay');
    const ev = (seafood.matches[0].evidence as { field: string; start: number; end: number; text: string }[])[0];
    const field = ev.field === 'title' ? seafood.title : seafood.text;
    expect(field.slice(ev.start, ev.end)).toBe(ev.text);
  });

  it('stores the facts of each article', async () => {
    const a = await prisma.article.findFirstOrThrow({ where: { guid: 'sample-0003' } });
    const facts = a.facts as { amounts: { value: number; currency: string }[]; places: { name: string; country: string }[] };
    expect(facts.amounts).toEqual(expect.arrayContaining([expect.objectContaining({ value: 70000, currency: 'RUB' })]));
    expect(facts.places).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Sakhalin', country: 'RU' })]));
  });

  it('opens one review item per matched story (the six sample reports are six stories) and queues each once', async () => {
    const matched = await prisma.article.count({ where: { matches: { some: {} } } });
    expect(matched).toBe(6);
    const stories = await prisma.article.groupBy({ by: ['storyId'], where: { matches: { some: {} } } });
    expect(stories).toHaveLength(6);
    expect(first.reviewItemsQueued).toBe(6);
    expect(first.reviewQueueDepth).toBe(6);
    expect(await prisma.reviewItem.count()).toBe(6);
  });

  it('delivers one digest to the outbox, as a parseable message and an HTML page', async () => {
    expect(first.digests).toHaveLength(1);
    const d = first.digests[0];
    expect(d.items).toBe(6);
    const files = readdirSync(env.outboxDir).sort();
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.html'))).toHaveLength(1);
    const mail = await simpleParser(readFileSync(d.emlPath!));
    expect(mail.subject).toMatch(/6 new items/);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toContain('compliance-team@example.org');
    expect(mail.html).toContain('Seafood plant workers from North Korea told to stay on after permits lapse');
    expect(mail.html).toContain('<mark');
    expect(mail.html).not.toContain('ballistic missile');
    expect(mail.html).not.toContain('Airline loyalty');
    expect(mail.text).toContain('== Workers kept abroad (overstays)');
    expect(mail.text).toContain('Coverage: 1 sources polled, 9 articles read');
    // Each quoted passage once: rules citing the same words are not quoted twice.
    const quoted = (mail.text ?? '').split('\n').filter((l) => l.trim().startsWith('"...')).map((l) => l.trim().replace(/[[\]]/g, ''));
    expect(quoted.length).toBeGreaterThan(6);
    expect(new Set(quoted).size).toBe(quoted.length);
    expect(readFileSync(join(env.outboxDir, files.find((f) => f.endsWith('.html'))!), 'utf8')).toBe(mail.html);
    const row = await prisma.digest.findFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 1, itemCount: 6 });
  });

  it('a second run stores, queues and sends nothing new', async () => {
    const before = {
      articles: await prisma.article.count(),
      matches: await prisma.match.count(),
      items: await prisma.reviewItem.count(),
      digests: await prisma.digest.count(),
      sources: await prisma.source.count(),
      rules: await prisma.rule.count(),
    };
    const second = await runDemo(env.config);
    expect(second.articles).toEqual({ new: 0, duplicate: 10, failed: 0 });
    expect(second.reviewItemsQueued).toBe(0);
    expect(second.reviewQueueDepth).toBe(6);
    expect(second.digests[0].subject).toBeNull();
    expect(second.digests[0].emlPath).toBe(first.digests[0].emlPath);
    expect({
      articles: await prisma.article.count(),
      matches: await prisma.match.count(),
      items: await prisma.reviewItem.count(),
      digests: await prisma.digest.count(),
      sources: await prisma.source.count(),
      rules: await prisma.rule.count(),
    }).toEqual(before);
    expect(readdirSync(env.outboxDir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
  }, 120_000);
});
