import { PrismaService } from '@app/database';
import { IngestService, SourcesService, simhash64 } from '@app/ingest';
import { INestApplicationContext } from '@nestjs/common';
import { FixtureServer, reply, startFixtureServer } from './support/fixture-server';
import { startIngestContext } from './support/ingest-context';
import { TestEnv, createTestEnv } from './support/test-env';

const BODY = [
  'Managers at two fish processing plants near Dalian say the North Korean women who work there were told this autumn that they would not be going home.',
  'Their residence permits expired in the summer, but the trading company in Pyongyang that placed them ordered them to keep working until further notice.',
  'A Chinese supervisor said the women now work twelve-hour shifts and hand most of their pay to a minder from their own country.',
  'Local officials have not inspected the plants since the spring, according to two people who deal with the companies.',
  'Under Security Council resolution 2397, all North Koreans earning income abroad should have been sent home by the end of 2019.',
];

/** Story search through story keys, and for articles stored before story keys existed. */
describe('stories across polls', () => {
  let env: TestEnv;
  let fixtures: FixtureServer;
  let app: INestApplicationContext;
  let ingest: IngestService;
  let sources: SourcesService;
  let prisma: PrismaService;

  const page = (intro: string, body = BODY) => `<html><body><article><h1>Fish plant workers kept on</h1><p>${intro}</p>${body.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
  const feed = (name: string) => {
    fixtures.route(`/${name}.xml`, reply.body(`<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><item><title>Fish plant</title><link>${fixtures.url}/${name}/page</link><guid>${name}-1</guid></item></channel></rss>`, { contentType: 'application/rss+xml' }));
    return sources.create({ name, url: `${fixtures.url}/${name}.xml`, kind: 'rss' }, 'test');
  };

  beforeAll(async () => {
    fixtures = await startFixtureServer();
    env = await createTestEnv({ FETCH_ALLOWLIST: fixtures.host });
    app = await startIngestContext(env);
    ingest = app.get(IngestService);
    sources = app.get(SourcesService);
    prisma = app.get(PrismaService);
  });

  afterAll(async () => {
    await app?.close();
    await fixtures?.close();
    await env?.cleanup();
  });

  it('stores story keys, and a copy polled later from another feed joins through them', async () => {
    fixtures.route('/first/page', reply.body(page('Our correspondent reports from Liaoning.'), { contentType: 'text/html' }));
    fixtures.route('/second/page', reply.body(page('This report first appeared in Outlet One.'), { contentType: 'text/html' }));
    const [original] = (await ingest.pollSource((await feed('first')).id)).newArticleIds;
    const [copy] = (await ingest.pollSource((await feed('second')).id)).newArticleIds;
    const stored = await prisma.article.findMany({ where: { id: { in: [original!, copy!] } }, select: { id: true, storyId: true, storyKeys: true } });
    expect(stored).toHaveLength(2);
    for (const a of stored) expect(a.storyKeys.length).toBeGreaterThan(0);
    expect(stored[0]!.storyId).toBe(stored[1]!.storyId);
  });

  it('queues story keys in the index\'s bounded pending list and merges them after each poll that stored articles', async () => {
    const [{ reloptions }] = await prisma.$queryRaw<Array<{ reloptions: string[] }>>`SELECT reloptions FROM pg_class WHERE relname = 'Article_storyKeys_idx'`;
    expect(reloptions).toEqual(['fastupdate=on', 'gin_pending_list_limit=256']);
    await prisma.$executeRaw`CREATE EXTENSION IF NOT EXISTS pgstattuple`;
    const pending = async () =>
      (await prisma.$queryRaw<Array<{ tuples: bigint }>>`SELECT pending_tuples AS tuples FROM pgstatginindex('"Article_storyKeys_idx"'::regclass)`)[0]!.tuples;
    // A key written outside a poll waits in the pending list...
    const [article] = await prisma.article.findMany({ take: 1, select: { id: true } });
    await prisma.$executeRaw`UPDATE "Article" SET "storyKeys" = "storyKeys" || 1234567 WHERE id = ${article!.id}::uuid`;
    expect(await pending()).toBeGreaterThan(0n);
    // ...until a poll that stores an article merges it into the index proper.
    fixtures.route('/third/page', reply.body(page('A third outlet ran it the next day.'), { contentType: 'text/html' }));
    expect((await ingest.pollSource((await feed('third')).id)).newArticleIds).toHaveLength(1);
    expect(await pending()).toBe(0n);
  });

  it('fingerprints again before its search an article stored before story keys and stories existed, finds it, and gives it the story', async () => {
    // Another story than the first test's, so that only the legacy article can be its match.
    const other = [
      'A construction firm in Vladivostok has hired a crew of North Korean builders who arrived on student visas, city officials said on Tuesday.',
      'The men are enrolled at a vocational college but spend their days on a housing project near the port.',
      'Officials said the firm pays the crew through a company registered in a neighbouring region.',
      'The college declined to say how many of its students from North Korea attend classes.',
      'Russian labour inspectors visited the site once this year and found nothing to report.',
    ];
    fixtures.route('/legacy/page', reply.body(page('A partner outlet reported the following on Monday.', other), { contentType: 'text/html' }));
    fixtures.route('/later/page', reply.body(page('Republished with permission.', other), { contentType: 'text/html' }));
    const [legacy] = (await ingest.pollSource((await feed('legacy')).id)).newArticleIds;
    // As an earlier version left it (or wrote it during a rolling upgrade, after this process's first poll): no keys, no story.
    await prisma.article.update({ where: { id: legacy! }, data: { storyKeys: [], storyId: null, fingerprintVersion: 1 } });
    const [later] = (await ingest.pollSource((await feed('later')).id)).newArticleIds;
    const [a, b] = await Promise.all([legacy!, later!].map((id) => prisma.article.findUniqueOrThrow({ where: { id }, select: { storyId: true } })));
    expect(b!.storyId).toBeTruthy();
    expect(a!.storyId).toBe(b!.storyId);
    expect(await prisma.article.findUniqueOrThrow({ where: { id: legacy! }, select: { fingerprintVersion: true } })).toEqual({ fingerprintVersion: 2 });
  });

  it('fingerprints again, on a process’s first poll, the articles in the story window hashed by an older version, so a later copy finds them', async () => {
    const third = [
      'Seafood exporters in Primorye took on forty North Korean workers this spring under contracts signed as training agreements.',
      'The workers live in a dormitory at the cannery and are not allowed to leave it without a supervisor.',
      'A regional official said the trainee arrangement was approved before the sanctions were tightened.',
      'Payments for the workers go to a firm in Vladivostok that is owned by a North Korean citizen.',
      'The exporters said they had not been told that the arrangement could breach the resolution.',
    ];
    fixtures.route('/aged/page', reply.body(page('Our reporter visited the cannery in April.', third), { contentType: 'text/html' }));
    fixtures.route('/copied/page', reply.body(page('This report was shared by a partner newsroom.', third), { contentType: 'text/html' }));
    const [aged] = (await ingest.pollSource((await feed('aged')).id)).newArticleIds;
    const { text } = await prisma.article.findUniqueOrThrow({ where: { id: aged! }, select: { text: true } });
    // As the previous fingerprint version left it: keys and a SimHash that the current hashing never gives this text.
    await prisma.article.update({ where: { id: aged! }, data: { fingerprintVersion: 1, storyKeys: [1, 2, 3], simhash: 12345n } });
    // And one outside the story window, which no new article can join: left as it is.
    const old = await prisma.article.findFirstOrThrow({ where: { id: { not: aged! } }, select: { id: true } });
    await prisma.article.update({ where: { id: old.id }, data: { fingerprintVersion: 1, storyKeys: [7], createdAt: new Date(Date.now() - 30 * 24 * 3600_000) } });

    // A process starting after the upgrade fingerprints them again before its first poll.
    const restarted = await startIngestContext(env);
    let copy: string | undefined;
    try {
      [copy] = (await restarted.get(IngestService).pollSource((await feed('copied')).id)).newArticleIds;
    } finally {
      await restarted.close();
    }
    const refreshed = await prisma.article.findUniqueOrThrow({ where: { id: aged! }, select: { fingerprintVersion: true, simhash: true, storyKeys: true } });
    expect(refreshed.fingerprintVersion).toBe(2);
    expect(refreshed.simhash).toBe(simhash64(text));
    expect(refreshed.storyKeys.length).toBeGreaterThan(3);
    const [a, b] = await Promise.all([aged!, copy!].map((id) => prisma.article.findUniqueOrThrow({ where: { id }, select: { storyId: true } })));
    expect(a!.storyId).toBeTruthy();
    expect(b!.storyId).toBe(a!.storyId);
    expect(await prisma.article.findUniqueOrThrow({ where: { id: old.id }, select: { fingerprintVersion: true, storyKeys: true } })).toEqual({ fingerprintVersion: 1, storyKeys: [7] });
    expect(await ingest.refreshStoredFingerprints()).toBe(0);

    // In batches: each claims its rows, so workers starting together share them.
    await prisma.article.updateMany({ where: { id: { in: [aged!, copy!] } }, data: { fingerprintVersion: 1 } });
    expect(await ingest.refreshStoredFingerprints(undefined, 1)).toBe(2);
  });

  it('reads further candidates when the one sharing the most keys is not the same story', async () => {
    const body = [
      'Dock workers from North Korea were seen loading timber at a port in the far east of Russia last week.',
      'They wore the same uniforms as a crew photographed at the port two years ago, residents said.',
      'A shipping agent said the men are paid through a company registered in Vladivostok.',
      'Port officials declined to say how many North Koreans work there or on what visas.',
      'The timber is shipped on to buyers in China, according to customs records seen by reporters.',
    ];
    const html = (title: string, last: string) =>
      `<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${[...body, last].map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const ending = 'The agent did not answer further questions.';
    // The same text as the new article's, under another title, but published a month ago: outside the story window,
    // so no story of the new one's however many keys it shares.
    fixtures.route('/stale/page', reply.body(html('Timber port workers seen', ending), { contentType: 'text/html' }));
    // The new article's story: one sentence different, so it shares fewer keys and comes second.
    fixtures.route('/recent/page', reply.body(html('Timber port workers', 'The agent would not answer further questions.'), { contentType: 'text/html' }));
    fixtures.route('/newest/page', reply.body(html('Timber port workers again', ending), { contentType: 'text/html' }));
    const dated = (name: string, published: Date) => {
      const item = `<item><title>Timber port</title><link>${fixtures.url}/${name}/page</link><guid>${name}-1</guid><pubDate>${published.toUTCString()}</pubDate></item>`;
      fixtures.route(`/${name}.xml`, reply.body(`<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title>${item}</channel></rss>`, { contentType: 'application/rss+xml' }));
      return sources.create({ name, url: `${fixtures.url}/${name}.xml`, kind: 'rss' }, 'test');
    };
    const now = new Date();
    const [stale] = (await ingest.pollSource((await dated('stale', new Date(now.getTime() - 30 * 24 * 3600_000))).id)).newArticleIds;
    const [recent] = (await ingest.pollSource((await dated('recent', now)).id)).newArticleIds;
    const [newest] = (await ingest.pollSource((await dated('newest', now)).id)).newArticleIds;
    const story = async (id: string) => (await prisma.article.findUniqueOrThrow({ where: { id }, select: { storyId: true } })).storyId;
    expect(await story(newest!)).toBe(await story(recent!));
    expect(await story(newest!)).not.toBe(await story(stale!));
  });
  it('compares a stored article as it reads now: one edited since it was a candidate joins copies of its new text', async () => {
    const paragraphs = (ps: string[]) => ps.map((p) => `<p>${p}</p>`).join('');
    const before = [
      'Builders from North Korea are still at work on a housing block in Ussuriysk, a year after their permits ran out.',
      'A foreman said the crew of forty sleeps in cabins on the site and is never paid in cash.',
      'Their wages go to a company in Pyongyang, which keeps most of them, he said.',
      'The regional labour office did not answer questions about the crew.',
    ];
    const after = [
      'A seafood restaurant in Shenyang reopened this month with waitresses sent from North Korea, regulars said.',
      'The women arrived on student visas and live above the restaurant, according to a cook who works there.',
      'A manager from Pyongyang collects their tips at the end of each shift, the cook said.',
      'Police in Shenyang said they had no record of the restaurant employing foreigners.',
    ];
    const entry = (name: string, title: string) =>
      reply.body(`<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><item><title>${title}</title><link>${fixtures.url}/${name}/page</link><guid>${name}-1</guid></item></channel></rss>`, { contentType: 'application/rss+xml' });
    const source = (name: string, title: string) => {
      fixtures.route(`/${name}.xml`, entry(name, title));
      return sources.create({ name, url: `${fixtures.url}/${name}.xml`, kind: 'rss' }, 'test');
    };
    const html = (title: string, body: string[]) => reply.body(`<html><body><article><h1>${title}</h1>${paragraphs(body)}</article></body></html>`, { contentType: 'text/html' });
    const story = async (id: string) => (await prisma.article.findUniqueOrThrow({ where: { id }, select: { storyId: true } })).storyId;

    fixtures.route('/edited/page', html('Builders kept on', before));
    const edited = await source('edited', 'Builders kept on');
    const [original] = (await ingest.pollSource(edited.id)).newArticleIds;
    // A copy of it: the original is compared with it (and its shingles kept).
    fixtures.route('/copy-before/page', html('Builders kept on, a copy', before));
    const [copyBefore] = (await ingest.pollSource((await source('copy-before', 'Builders kept on')).id)).newArticleIds;
    expect(await story(copyBefore!)).toBe(await story(original!));
    // The outlet replaces the page with another report: a new version of the same article.
    fixtures.route('/edited.xml', entry('edited', 'Restaurant reopens'));
    fixtures.route('/edited/page', html('Restaurant reopens', after));
    expect((await ingest.pollSource(edited.id)).updatedArticleIds).toEqual([original]);
    // A copy of the new text, with another outlet's intro and ending (too different for the SimHash alone to
    // decide), finds the article under its new text, not the one it was compared under before.
    const furnished = ['This report first appeared in a weekly paper in Liaoning and is reprinted with permission.', ...after, 'Our correspondent in the north-east of China contributed to this report.'];
    fixtures.route('/copy-after/page', html('Restaurant reopens, a copy', furnished));
    const [copyAfter] = (await ingest.pollSource((await source('copy-after', 'Restaurant reopens')).id)).newArticleIds;
    expect(await story(copyAfter!)).toBe(await story(original!));
  });
});
