import { PrismaService, SqlService } from '@app/database';
import { ArticleReader, IngestService, SourcesService } from '@app/ingest';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { FixtureServer, SENTENCES, encode, reply, rssFeed, startFixtureServer } from './support/fixture-server';
import { startIngestContext } from './support/ingest-context';
import { TestEnv, createTestEnv } from './support/test-env';

/** Misbehaving feeds through the real poll path: each ends in the right articles or a clear recorded error. */
describe('polling feeds that misbehave', () => {
  let env: TestEnv;
  let fixtures: FixtureServer;
  let other: FixtureServer;
  let app: INestApplicationContext;
  let ingest: IngestService;
  let sources: SourcesService;
  let prisma: PrismaService;

  const addSource = (path: string, kind = 'rss') => sources.create({ name: path, url: `${fixtures.url}${path}`, kind }, 'test');

  beforeAll(async () => {
    [fixtures, other] = await Promise.all([startFixtureServer(), startFixtureServer()]);
    // Only the first server is allowed: a redirect to the second, also on 127.0.0.1, must still be refused.
    env = await createTestEnv({ FETCH_ALLOWLIST: fixtures.host, FETCH_TIMEOUT_MS: '1500' });
    app = await startIngestContext(env);
    ingest = app.get(IngestService);
    sources = app.get(SourcesService);
    prisma = app.get(PrismaService);
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([fixtures?.close(), other?.close()]);
    await env?.cleanup();
  });

  it('asks again with the validators, and a 304 costs no parsing and no page fetches', async () => {
    fixtures.route('/etag.xml', reply.conditional(rssFeed('Workers abroad', { link: `${fixtures.url}/a/etag` }), { etag: '"v1"' }, { contentType: 'application/rss+xml' }));
    fixtures.route('/a/etag', reply.body('<html><body><article><p>North Korean workers abroad.</p></article></body></html>', { contentType: 'text/html' }));
    const source = await addSource('/etag.xml');
    const first = await ingest.pollSource(source.id);
    expect(first.newArticleIds).toHaveLength(1);
    const second = await ingest.pollSource(source.id);
    expect(second).toMatchObject({ notModified: true, items: 0, newArticleIds: [] });
    expect(fixtures.requestsTo('/etag.xml')[1].headers['if-none-match']).toBe('"v1"');
    expect(fixtures.requestsTo('/a/etag')).toHaveLength(1);
    expect(await prisma.source.findUniqueOrThrow({ where: { id: source.id } })).toMatchObject({ lastStatus: 304, etag: '"v1"', consecutiveFailures: 0 });
  });

  it('an entry that failed is tried again at the next poll: the feed\'s validators are kept only when none failed', async () => {
    fixtures.route('/retry.xml', reply.conditional(rssFeed('Workers abroad again', { link: `${fixtures.url}/a/retry` }), { etag: '"r1"' }, { contentType: 'application/rss+xml' }));
    fixtures.route('/a/retry', reply.body(`<html><body><article><p>North Korean workers were sent back to the same shipyard after their visas ran out.</p></article></body></html>`, { contentType: 'text/html' }));
    const source = await addSource('/retry.xml');
    // The page's reading thread dies once (a page too big for its heap, say).
    const reader = app.get(ArticleReader);
    const read = jest.spyOn(reader, 'read').mockRejectedValueOnce(new Error('the reading thread died'));
    try {
      const first = await ingest.pollSource(source.id);
      expect(first).toMatchObject({ newArticleIds: [], failed: [{ url: `${fixtures.url}/a/retry`, reason: 'the reading thread died' }] });
      expect(await prisma.source.findUniqueOrThrow({ where: { id: source.id } })).toMatchObject({ etag: null, lastStatus: 200 });
      const second = await ingest.pollSource(source.id);
      expect(second.newArticleIds).toHaveLength(1);
      expect(fixtures.requestsTo('/retry.xml')[1].headers['if-none-match']).toBeUndefined();
      // Now that nothing failed, the validators are kept and the next poll is a 304.
      expect(await ingest.pollSource(source.id)).toMatchObject({ notModified: true });
    } finally {
      read.mockRestore();
    }
  });

  it('an entry that fails every time is given up after four full fetches: then the feed\'s validators are stored and polls are 304s again', async () => {
    fixtures.route('/poison.xml', reply.conditional(rssFeed('Workers abroad, a page that never reads', { link: `${fixtures.url}/a/poison` }), { etag: '"p1"' }, { contentType: 'application/rss+xml' }));
    fixtures.route('/a/poison', reply.body('<html><body><article><p>Never read.</p></article></body></html>', { contentType: 'text/html' }));
    const source = await addSource('/poison.xml');
    const reader = app.get(ArticleReader);
    const original = reader.read.bind(reader);
    const read = jest.spyOn(reader, 'read').mockImplementation((input) => (input.url.endsWith('/a/poison') ? Promise.reject(new Error('the reading thread died')) : original(input)));
    try {
      for (let poll = 1; poll <= 4; poll++) {
        expect(await ingest.pollSource(source.id)).toMatchObject({ newArticleIds: [], failed: [{ reason: 'the reading thread died' }] });
        const { etag, entryRetryPolls } = await prisma.source.findUniqueOrThrow({ where: { id: source.id } });
        expect({ poll, etag, entryRetryPolls }).toEqual(poll < 4 ? { poll, etag: null, entryRetryPolls: poll } : { poll, etag: '"p1"', entryRetryPolls: 0 });
      }
      expect(fixtures.requestsTo('/poison.xml').map((r) => r.headers['if-none-match'])).toEqual([undefined, undefined, undefined, undefined]);
      expect(await ingest.pollSource(source.id)).toMatchObject({ notModified: true });
    } finally {
      read.mockRestore();
    }
  });

  it.each([
    ['EUC-KR', 'euc-kr', SENTENCES.korean],
    ['GBK', 'gbk', SENTENCES.chinese],
    ['Big5', 'big5', SENTENCES.chineseTraditional],
    ['windows-1251', 'windows-1251', SENTENCES.russian],
    // Another sentence than windows-1251's: identical text would rightly be stored once.
    ['KOI8-R', 'koi8-r', `${SENTENCES.russian} и Сибири`],
    ['windows-1252', 'windows-1252', SENTENCES.french],
  ])('stores a %s feed as correct Unicode', async (label, codec, sentence) => {
    const path = `/enc-${codec}.xml`;
    fixtures.route(path, reply.body(encode(rssFeed(sentence, { encodingDecl: label, link: `${fixtures.url}/gone-${codec}` }), codec), { contentType: 'application/xml' }));
    const result = await ingest.pollSource((await addSource(path)).id);
    expect(result.error).toBeUndefined();
    const article = await prisma.article.findUniqueOrThrow({ where: { id: result.newArticleIds[0] } });
    expect(article.title).toBe(sentence);
  });

  it.each([
    ['an HTML page instead of a feed', () => reply.body('<!DOCTYPE html><html><body>Welcome</body></html>', { contentType: 'text/html' }), /HTML page, not a feed/],
    ['malformed XML', () => reply.body('<?xml version="1.0"?><rss><channel><item><title>x</titl></item>', { contentType: 'application/xml' }), /not valid XML/],
    ['a server error', () => reply.status(503, { retryAfter: 7200 }), /503/],
    ['a hanging server', () => reply.slow(5000, reply.body('late')), /within 1\.5 s/],
  ])('records %s in plain words and backs off', async (_what, handler, message) => {
    const path = `/bad-${Math.random().toString(36).slice(2)}.xml`;
    fixtures.route(path, handler());
    const source = await addSource(path);
    const result = await ingest.pollSource(source.id);
    expect(result.error).toMatch(message);
    const stored = await prisma.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(stored.consecutiveFailures).toBe(1);
    expect(stored.lastError).toMatch(message);
    expect(stored.nextPollAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await prisma.article.count({ where: { sourceId: source.id } })).toBe(0);
  });

  it('two polls of one source that race to store the same entries store each once, the loser counting them as duplicates', async () => {
    const items = [1, 2, 3]
      .map((i) => `<item><title>Shipyard report ${i}</title><link>${fixtures.url}/race/${i}</link><guid>race-${i}</guid></item>`)
      .join('');
    fixtures.route('/race.xml', reply.body(`<?xml version="1.0"?><rss version="2.0"><channel><title>Race</title>${items}</channel></rss>`, { contentType: 'application/rss+xml' }));
    for (const i of [1, 2, 3]) {
      fixtures.route(`/race/${i}`, reply.body(`<html><body><article><h1>Shipyard report ${i}</h1><p>Welders from the north were seen at the Nakhodka yard again this week, in report ${i} of three.</p></article></body></html>`, { contentType: 'text/html' }));
    }
    const source = await addSource('/race.xml');
    // The first poll to write waits until the other has also checked what is stored and begun its own write:
    // both saw none of the entries, and the second's insert meets the first's rows.
    const sql = app.get(SqlService);
    const transaction = sql.transaction.bind(sql);
    let bothWriting!: () => void;
    const second = new Promise<void>((resolve) => (bothWriting = resolve));
    let writes = 0;
    const spy = jest.spyOn(sql, 'transaction').mockImplementation(async (work) => {
      writes++;
      if (writes === 1) await second;
      if (writes === 2) bothWriting();
      return transaction(work);
    });
    try {
      const results = await Promise.all([ingest.pollSource(source.id), ingest.pollSource(source.id)]);
      expect(results.map((r) => r.failed)).toEqual([[], []]);
      expect(results.map((r) => r.newArticleIds.length).sort()).toEqual([0, 3]);
      expect(results.map((r) => r.duplicates).sort()).toEqual([0, 3]);
    } finally {
      spy.mockRestore();
    }
    expect(await prisma.article.count({ where: { sourceId: source.id } })).toBe(3);
  });

  it('honours Retry-After when backing off', async () => {
    fixtures.route('/retry.xml', reply.status(429, { retryAfter: 7200 }));
    const source = await addSource('/retry.xml');
    await ingest.pollSource(source.id);
    const stored = await prisma.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(stored.nextPollAt!.getTime() - Date.now()).toBeGreaterThan(7000 * 1000);
  });

  it('groups a syndicated copy with its original into one story, and keeps a different report apart', async () => {
    const body = [
      'Managers at two fish processing plants near Dalian say the North Korean women who work there were told this autumn that they would not be going home.',
      'Their residence permits expired in the summer, but the trading company in Pyongyang that placed them ordered them to keep working until further notice.',
      'A Chinese supervisor said the women now work twelve-hour shifts and hand most of their pay to a minder from their own country.',
      'Local officials have not inspected the plants since the spring, according to two people who deal with the companies.',
      'Under Security Council resolution 2397, all North Koreans earning income abroad should have been sent home by the end of 2019.',
      'The plants also employ local workers, who say the North Korean group lives in a dormitory next to the factory gate.',
    ];
    const page = (intro: string, footer: string) =>
      `<html><body><article><h1>Fish plant workers kept on</h1><p>${intro}</p>${body.map((p) => `<p>${p}</p>`).join('')}<p>${footer}</p></article></body></html>`;
    const other = [
      'A construction firm in Vladivostok has hired a crew of North Korean builders who arrived on student visas, city officials said on Tuesday.',
      'The men are enrolled at a vocational college but spend their days on a housing project near the port.',
      'Officials said the firm pays the crew through a company registered in a neighbouring region.',
      'The college declined to say how many of its students from North Korea attend classes.',
      'Resolution 2397 bars member states from employing North Korean workers.',
      'Russian labour inspectors visited the site once this year and found nothing to report.',
    ];
    fixtures.route('/story/original', reply.body(page('Our correspondent reports from Liaoning.', 'Copyright Outlet One.'), { contentType: 'text/html' }));
    fixtures.route('/story/copy', reply.body(page('This report first appeared in Outlet One and is republished with permission.', 'Outlet Two republishes partner content.'), { contentType: 'text/html' }));
    fixtures.route('/story/other', reply.body(`<html><body><article><h1>Builders on student visas</h1>${other.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`, { contentType: 'text/html' }));
    const items = ['original', 'copy', 'other']
      .map((k) => `<item><title>${k}</title><link>${fixtures.url}/story/${k}</link><guid>story-${k}</guid></item>`)
      .join('');
    fixtures.route('/stories.xml', reply.body(`<?xml version="1.0"?><rss version="2.0"><channel><title>s</title>${items}</channel></rss>`, { contentType: 'application/rss+xml' }));
    const result = await ingest.pollSource((await addSource('/stories.xml')).id);
    expect(result.newArticleIds).toHaveLength(3);
    const byGuid = Object.fromEntries(
      (await prisma.article.findMany({ where: { guid: { startsWith: 'story-' } }, select: { guid: true, storyId: true } })).map((a) => [a.guid, a.storyId]),
    );
    expect(byGuid['story-original']).toBeTruthy();
    expect(byGuid['story-copy']).toBe(byGuid['story-original']);
    expect(byGuid['story-other']).not.toBe(byGuid['story-original']);
  });

  it('keeps an edited article as a new version, the earlier one intact, and classifies it again', async () => {
    const entry = (summary: string) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>e</title><item><title>Quota report</title><link>${fixtures.url}/edited/page</link><guid>edited-1</guid><description>${summary}</description></item></channel></rss>`;
    const html = (p: string) => `<html><body><article><h1>Quota report</h1><p>${p}</p></article></body></html>`;
    fixtures.route('/edited.xml', reply.body(entry('First summary.'), { contentType: 'application/rss+xml' }));
    fixtures.route('/edited/page', reply.body(html('Workers in Sakhalin were told to pay a monthly quota of 50,000 rubles.'), { contentType: 'text/html' }));
    const source = await addSource('/edited.xml');
    const first = await ingest.pollSource(source.id);
    const id = first.newArticleIds[0];
    // The first version is the evidence of what was fetched: the page's address, status, headers and raw body's hash, and the text read from it.
    const stored = await prisma.article.findUniqueOrThrow({ where: { id }, include: { versions: true } });
    const page = html('Workers in Sakhalin were told to pay a monthly quota of 50,000 rubles.');
    expect(stored.versions).toEqual([
      expect.objectContaining({
        version: 1,
        title: stored.title,
        text: stored.text,
        finalUrl: `${fixtures.url}/edited/page`,
        httpStatus: 200,
        rawHash: createHash('sha256').update(page).digest('hex'),
        headers: expect.objectContaining({ 'content-type': 'text/html' }),
      }),
    ]);
    expect(stored.text).toContain('50,000 rubles');
    // The same entry again, unchanged: nothing to do.
    expect(await ingest.pollSource(source.id)).toMatchObject({ duplicates: 1, updatedArticleIds: [] });

    fixtures.route('/edited.xml', reply.body(entry('Corrected summary.'), { contentType: 'application/rss+xml' }));
    fixtures.route('/edited/page', reply.body(html('Workers in Sakhalin were told to pay a monthly quota of 62,000 rubles, the outlet corrected.'), { contentType: 'text/html' }));
    const second = await ingest.pollSource(source.id);
    expect(second).toMatchObject({ newArticleIds: [], updatedArticleIds: [id] });
    const article = await prisma.article.findUniqueOrThrow({ where: { id }, include: { versions: { orderBy: { version: 'asc' } } } });
    expect(article).toMatchObject({ version: 2, classifiedAt: null });
    expect(article.text).toContain('62,000 rubles');
    expect(article.versions.map((v) => [v.version, v.text.includes('50,000') ? 'old' : 'new'])).toEqual([
      [1, 'old'],
      [2, 'new'],
    ]);
    expect(article.versions[1]).toMatchObject({ httpStatus: 200, finalUrl: `${fixtures.url}/edited/page` });
    const queue = new Queue('classify', { connection: { url: env.config.redisUrl }, prefix: env.config.queuePrefix });
    try {
      expect((await queue.getJob(`classify.${id}.v2`))?.data).toEqual({ articleId: id });
    } finally {
      await queue.close();
    }
  });

  it('refuses a redirect to another local port, and a private address, even from an allowed server', async () => {
    other.route('/feed.xml', reply.body(rssFeed('should never be read'), { contentType: 'application/xml' }));
    fixtures.route('/to-other.xml', reply.redirect(`${other.url}/feed.xml`));
    const viaRedirect = await ingest.pollSource((await addSource('/to-other.xml')).id);
    expect(viaRedirect.error).toMatch(/refused|blocked|not allowed|private|loopback/i);
    expect(other.requestsTo('/feed.xml')).toHaveLength(0);
    const metadata = await sources.create({ name: 'metadata', url: 'http://169.254.169.254/latest/meta-data', kind: 'rss' }, 'test');
    expect((await ingest.pollSource(metadata.id)).error).toMatch(/refused|blocked|not allowed|link-local|metadata/i);
  });
});
