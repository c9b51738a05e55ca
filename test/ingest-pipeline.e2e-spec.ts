import { ConfigModule } from '@app/config';
import { DatabaseModule, PrismaService } from '@app/database';
import { IngestModule, IngestService, SourcesService } from '@app/ingest';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FixtureServer, SENTENCES, encode, reply, rssFeed, startFixtureServer } from './support/fixture-server';
import { TestEnv, createTestEnv } from './support/test-env';

@Module({})
class IngestTestModule {}

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
    app = await NestFactory.createApplicationContext(
      { module: IngestTestModule, imports: [ConfigModule.forRoot(env.config), DatabaseModule, IngestModule] },
      { logger: false },
    );
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

  it('honours Retry-After when backing off', async () => {
    fixtures.route('/retry.xml', reply.status(429, { retryAfter: 7200 }));
    const source = await addSource('/retry.xml');
    await ingest.pollSource(source.id);
    const stored = await prisma.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(stored.nextPollAt!.getTime() - Date.now()).toBeGreaterThan(7000 * 1000);
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
