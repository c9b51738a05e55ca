import { createHash } from 'node:crypto';
import { LookupFunction } from 'node:net';
import { FixtureServer, SENTENCES, compressionBomb, encode, reply, rssFeed, startFixtureServer } from '../../../../test/support/fixture-server';
import { FetcherOptions, FetchResult, OkResult } from './fetch-result';
import { FetchError, describeFetchFailure } from './fetch.error';
import { HttpFetcher } from './http-fetcher';

let server: FixtureServer;
let fetcher: HttpFetcher;
const extra: HttpFetcher[] = [];

const TIMEOUT_MS = 800;
const options = (over: Partial<FetcherOptions> = {}): FetcherOptions => ({
  userAgent: 'SanctionsMonitorTest/1.0 (+https://monitor.example.org/about)',
  accept: 'application/rss+xml, application/atom+xml, */*;q=0.5',
  timeoutMs: TIMEOUT_MS,
  connectTimeoutMs: 300,
  maxBytes: 256 * 1024,
  maxInflatedBytes: 1024 * 1024,
  maxRedirects: 3,
  allowList: [server.host],
  ...over,
});
/** A fetcher with other limits, closed after the suite. */
const fetcherWith = (over: Partial<FetcherOptions>) => {
  const f = new HttpFetcher(options(over));
  extra.push(f);
  return f;
};

beforeAll(async () => {
  server = await startFixtureServer();
  fetcher = new HttpFetcher(options());
});
afterAll(async () => {
  await Promise.all([fetcher.close(), ...extra.map((f) => f.close())]);
  await server.close();
});

async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FetchError);
    return e as FetchError;
  }
  throw new Error('expected the fetch to fail');
}

function ok(r: FetchResult): OkResult {
  expect(r.kind).toBe('ok');
  return r as OkResult;
}

const FEED = rssFeed('North Korean workers seen at a shipyard');

describe('an ordinary fetch', () => {
  it('returns the body, its hash and validators, and sends the User-Agent, Accept and Accept-Encoding', async () => {
    const url = server.route('/plain.xml', reply.body(FEED, { contentType: 'application/rss+xml; charset=utf-8', headers: { etag: '"v1"', 'last-modified': 'Mon, 03 Mar 2025 09:00:00 GMT' } }));
    const r = ok(await fetcher.fetch(url));
    expect(r).toMatchObject({ status: 200, finalUrl: url, contentType: 'application/rss+xml; charset=utf-8', text: FEED, charset: 'utf-8', etag: '"v1"', lastModified: 'Mon, 03 Mar 2025 09:00:00 GMT', redirects: [] });
    expect(r.bytes.equals(Buffer.from(FEED))).toBe(true);
    expect(r.rawHash).toBe(createHash('sha256').update(FEED).digest('hex'));
    const sent = server.requestsTo('/plain.xml')[0].headers;
    expect(sent['user-agent']).toBe('SanctionsMonitorTest/1.0 (+https://monitor.example.org/about)');
    expect(sent.accept).toBe('application/rss+xml, application/atom+xml, */*;q=0.5');
    expect(sent['accept-encoding']).toBe('gzip, deflate, br');
    expect(sent['if-none-match']).toBeUndefined();
  });

  it('uses the Accept of the request when given', async () => {
    const url = server.route('/page.html', reply.body('<html><body>hi</body></html>', { contentType: 'text/html' }));
    await fetcher.fetch(url, { accept: 'text/html, application/xhtml+xml' });
    expect(server.requestsTo('/page.html')[0].headers.accept).toBe('text/html, application/xhtml+xml');
  });

  it('refuses addresses that are not http or https', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.org/feed.xml', 'gopher://127.0.0.1:6379/_INFO', 'not a url']) {
      const e = await failure(fetcher.fetch(url));
      expect(e.kind).toBe('invalid-url');
      expect(e.transient).toBe(false);
    }
  });
});

describe('conditional GET', () => {
  const lastModified = 'Mon, 03 Mar 2025 09:00:00 GMT';
  let url: string;
  beforeAll(() => {
    url = server.route('/conditional.xml', reply.conditional(FEED, { etag: 'W/"feed-7"', lastModified }, { contentType: 'application/rss+xml' }));
  });

  it('sends If-None-Match and gets a 304 without a body', async () => {
    const r = await fetcher.fetch(url, { etag: 'W/"feed-7"' });
    expect(r).toMatchObject({ kind: 'not-modified', status: 304, finalUrl: url, etag: 'W/"feed-7"' });
    expect(r).not.toHaveProperty('text');
    expect(r).not.toHaveProperty('bytes');
    expect(server.requestsTo('/conditional.xml').at(-1)!.headers['if-none-match']).toBe('W/"feed-7"');
  });

  it('sends If-Modified-Since exactly as the server wrote Last-Modified', async () => {
    const r = await fetcher.fetch(url, { lastModified });
    expect(r.kind).toBe('not-modified');
    expect(server.requestsTo('/conditional.xml').at(-1)!.headers['if-modified-since']).toBe(lastModified);
  });

  it('formats a Date as an HTTP-date', async () => {
    const r = await fetcher.fetch(url, { lastModified: new Date('2025-03-04T00:00:00Z') });
    expect(r.kind).toBe('not-modified');
    expect(server.requestsTo('/conditional.xml').at(-1)!.headers['if-modified-since']).toBe('Tue, 04 Mar 2025 00:00:00 GMT');
  });

  it('gets the new body when the validator is stale', async () => {
    const r = ok(await fetcher.fetch(url, { etag: 'W/"feed-6"', lastModified }));
    expect(r.text).toBe(FEED);
    expect(r.etag).toBe('W/"feed-7"');
  });
});

describe('error statuses', () => {
  it.each([
    [500, true],
    [502, true],
    [404, false],
    [410, false],
    [403, false],
    [408, true],
  ])('HTTP %i is an http-status error (transient: %s)', async (status, transient) => {
    const url = server.route(`/status-${status}`, reply.status(status));
    const e = await failure(fetcher.fetch(url));
    expect(e).toMatchObject({ kind: 'http-status', status, transient, url });
    expect(e.retryAfterMs).toBeUndefined();
  });

  it('503 with Retry-After in seconds', async () => {
    const e = await failure(fetcher.fetch(server.route('/503', reply.status(503, { retryAfter: 120 }))));
    expect(e).toMatchObject({ kind: 'http-status', status: 503, transient: true, retryAfterMs: 120_000 });
    expect(e.describe()).toBe(`${server.host} answered HTTP 503 (Service Unavailable); the server asks to wait 2 min before trying again.`);
  });

  it('429 with Retry-After as an HTTP-date', async () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    const e = await failure(fetcher.fetch(server.route('/429', reply.status(429, { retryAfter: at }))));
    expect(e).toMatchObject({ kind: 'http-status', status: 429, transient: true });
    expect(e.retryAfterMs).toBeGreaterThan(85_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it('ignores a Retry-After it cannot read', async () => {
    const e = await failure(fetcher.fetch(server.route('/503-bad', reply.status(503, { retryAfter: 'later' }))));
    expect(e.retryAfterMs).toBeUndefined();
  });
});

describe('redirects', () => {
  it('follows a chain up to the limit and reports each hop', async () => {
    const final = server.route('/r/final', reply.body(FEED, { contentType: 'application/rss+xml' }));
    server.route('/r/3', reply.redirect('/r/final', 307));
    server.route('/r/2', reply.redirect(`${server.url}/r/3`, 302));
    const start = server.route('/r/1', reply.redirect('2', 301));
    const r = ok(await fetcher.fetch(start));
    expect(r.finalUrl).toBe(final);
    expect(r.redirects).toEqual([
      { url: start, status: 301 },
      { url: `${server.url}/r/2`, status: 302 },
      { url: `${server.url}/r/3`, status: 307 },
    ]);
    expect(r.permanentRedirect).toBe(false);
  });

  it('says when every hop was permanent, so the source URL can be updated', async () => {
    server.route('/moved/new', reply.body(FEED, { contentType: 'application/rss+xml' }));
    server.route('/moved/mid', reply.redirect('/moved/new', 308));
    const r = ok(await fetcher.fetch(server.route('/moved/old', reply.redirect('/moved/mid', 301))));
    expect(r.permanentRedirect).toBe(true);
    expect(r.finalUrl).toBe(`${server.url}/moved/new`);
  });

  it('drops the fragment of a Location', async () => {
    server.route('/frag/target', reply.body('x'));
    const r = ok(await fetcher.fetch(server.route('/frag/start', reply.redirect('/frag/target#top'))));
    expect(r.finalUrl).toBe(`${server.url}/frag/target`);
  });

  it('refuses one redirect more than the limit', async () => {
    for (let i = 1; i <= 4; i++) server.route(`/long/${i}`, reply.redirect(`/long/${i + 1}`));
    server.route('/long/5', reply.body('too far'));
    const e = await failure(fetcher.fetch(`${server.url}/long/1`));
    expect(e).toMatchObject({ kind: 'redirects', transient: false });
    expect(e.message).toContain('more than 3 redirects');
    expect(server.requestsTo('/long/5')).toHaveLength(0);
  });

  it('detects a loop before the limit', async () => {
    server.route('/loop/a', reply.redirect('/loop/b'));
    server.route('/loop/b', reply.redirect('/loop/a'));
    const e = await failure(fetcher.fetch(`${server.url}/loop/a`));
    expect(e.kind).toBe('redirects');
    expect(e.message).toBe(`the redirects go round in a loop (${server.url}/loop/a -> ${server.url}/loop/b -> ${server.url}/loop/a)`);
    expect(server.requestsTo('/loop/a')).toHaveLength(1);
  });

  it('detects a page redirecting to itself', async () => {
    const e = await failure(fetcher.fetch(server.route('/loop/self', reply.redirect('/loop/self?'))));
    expect(e.kind).toBe('redirects');
  });

  it('a redirect without Location is an error', async () => {
    const url = server.route('/no-location', (_req, res) => {
      res.writeHead(302).end();
    });
    expect((await failure(fetcher.fetch(url))).kind).toBe('redirects');
  });

  it('refuses a redirect to another scheme', async () => {
    const e = await failure(fetcher.fetch(server.route('/to-file', reply.redirect('file:///etc/passwd'))));
    expect(e.kind).toBe('invalid-url');
  });

  it('with maxRedirects 0, any redirect fails', async () => {
    server.route('/zero/target', reply.body('x'));
    const e = await failure(fetcherWith({ maxRedirects: 0 }).fetch(server.route('/zero/start', reply.redirect('/zero/target'))));
    expect(e.kind).toBe('redirects');
  });
});

describe('time limits', () => {
  it('a server slower than the total limit times out', async () => {
    const url = server.route('/slow', reply.slow(5000, reply.body(FEED)));
    // The server would answer after 5 s: an answer at all would mean the limit did not hold.
    const e = await failure(fetcher.fetch(url));
    expect(e).toMatchObject({ kind: 'timeout', transient: true });
    expect(e.message).toBe(`no complete answer from ${server.host} within ${TIMEOUT_MS} ms`);
  });

  it('a server that sends headers then hangs mid-body times out too', async () => {
    const e = await failure(fetcher.fetch(server.route('/hang', reply.hangAfterHeaders())));
    expect(e.kind).toBe('timeout');
  });

  it('a server that never answers times out', async () => {
    expect((await failure(fetcher.fetch(server.route('/silent', reply.neverAnswer())))).kind).toBe('timeout');
  });

  it('the limit covers the redirects too', async () => {
    server.route('/slow-chain/2', reply.slow(500, reply.body('late')));
    const e = await failure(fetcher.fetch(server.route('/slow-chain/1', reply.slow(500, reply.redirect('/slow-chain/2')))));
    expect(e.kind).toBe('timeout');
    expect(e.url).toBe(`${server.url}/slow-chain/2`);
  });

  it('a slow server within the limit is fine', async () => {
    expect(ok(await fetcher.fetch(server.route('/bit-slow', reply.slow(100, reply.body(FEED))))).text).toBe(FEED);
  });

  it('a connection that cannot be made in time is a connect timeout', async () => {
    const stuckDns: LookupFunction = () => undefined;
    // The message tells the connect limit (200 ms) from the total one (3 s).
    const e = await failure(fetcherWith({ lookup: stuckDns, connectTimeoutMs: 200, timeoutMs: 3000, allowList: ['feeds.example'] }).fetch('http://feeds.example/rss'));
    expect(e).toMatchObject({ kind: 'timeout', transient: true, message: 'could not connect to feeds.example within 200 ms' });
  });

  it('a cancelled fetch fails as aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const e = await failure(fetcher.fetch(server.route('/cancel', reply.slow(2000, reply.body('x'))), { signal: controller.signal }));
    expect(e.kind).toBe('aborted');
  });
});

describe('size limits', () => {
  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const e = await failure(fetcher.fetch(server.route('/huge-declared', reply.huge(64 * 1024 * 1024, { declareLength: true }))));
    expect(e).toMatchObject({ kind: 'too-large', transient: false });
    // Refused on the announced length, before any of the body.
    expect(e.message).toBe(`the document is larger than the 256 KB limit (${server.host} announced 64 MB)`);
  });

  it('refuses a chunked body once the bytes read pass the limit', async () => {
    const e = await failure(fetcher.fetch(server.route('/huge-chunked', reply.huge(64 * 1024 * 1024))));
    expect(e.kind).toBe('too-large');
    expect(e.message).toBe('the document is larger than the 256 KB limit');
  });

  it('a body of exactly the limit is accepted', async () => {
    const r = ok(await fetcher.fetch(server.route('/exact', reply.huge(256 * 1024))));
    expect(r.bytes.length).toBe(256 * 1024);
  });
});

describe('compression', () => {
  it.each(['gzip', 'deflate', 'deflate-raw', 'br'] as const)('undoes %s', async (how) => {
    const r = ok(await fetcher.fetch(server.route(`/enc-${how}`, reply.compressed(FEED, how, { contentType: 'application/rss+xml' }))));
    expect(r.text).toBe(FEED);
    // The hash is of the unpacked body: the same feed hashes the same however it was sent.
    expect(r.rawHash).toBe(createHash('sha256').update(FEED).digest('hex'));
  });

  it('undoes stacked encodings in reverse order', async () => {
    const { gzipSync, brotliCompressSync } = await import('node:zlib');
    const url = server.route('/enc-stacked', reply.body(brotliCompressSync(gzipSync(FEED)), { headers: { 'content-encoding': 'gzip, br' } }));
    expect(ok(await fetcher.fetch(url)).text).toBe(FEED);
  });

  it.each(['gzip', 'deflate', 'br'] as const)('refuses a 10 MB %s bomb at the inflated-size limit', async (how) => {
    const e = await failure(fetcher.fetch(server.route(`/bomb-${how}`, reply.bomb(10 * 1024 * 1024, how))));
    expect(e).toMatchObject({ kind: 'too-large', transient: false });
    expect(e.message).toMatch(/^the document unpacks to more than the 1 MB limit \(from [\d.]+ (bytes|KB) compressed\)$/);
  });

  it('refuses a 1 GB gzip bomb without ever holding it in memory', async () => {
    const bomb = compressionBomb(1024 * 1024 * 1024);
    const f = fetcherWith({ maxBytes: bomb.length + 1024, timeoutMs: 5000 });
    const url = server.route('/bomb-1g', reply.bomb(1024 * 1024 * 1024));
    const before = process.memoryUsage().rss;
    const e = await failure(f.fetch(url));
    expect(e.kind).toBe('too-large');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('a corrupt compressed body is a decode error', async () => {
    const url = server.route('/corrupt-gzip', reply.body(Buffer.from('this is not gzip at all'), { headers: { 'content-encoding': 'gzip' } }));
    const e = await failure(fetcher.fetch(url));
    expect(e.kind).toBe('decode');
    expect(e.message).toMatch(/^the gzip-compressed body could not be unpacked/);
  });

  it('an unknown encoding is a decode error', async () => {
    const e = await failure(fetcher.fetch(server.route('/zstd', reply.body('xx', { headers: { 'content-encoding': 'zstd' } }))));
    expect(e).toMatchObject({ kind: 'decode', message: 'the server used a compression this fetcher does not know ("zstd")' });
  });
});

describe('character sets over the wire', () => {
  it.each([
    ['cp949', 'EUC-KR', SENTENCES.korean + ' ' + SENTENCES.koreanCp949],
    ['gbk', 'GB2312', SENTENCES.chinese + ' ' + SENTENCES.chineseGbk],
    ['gb18030', 'GB18030', SENTENCES.chineseGb18030],
    ['big5', 'Big5', SENTENCES.chineseTraditional],
    ['windows-1251', 'windows-1251', SENTENCES.russian],
    ['koi8-r', 'KOI8-R', SENTENCES.russian],
    ['windows-1252', 'ISO-8859-1', SENTENCES.french],
  ])('a %s feed labelled %s in the header', async (codec, label, sentence) => {
    const feed = rssFeed(sentence, { encodingDecl: label });
    const url = server.route(`/charset/header-${codec}`, reply.body(encode(feed, codec), { contentType: `application/rss+xml; charset=${label}` }));
    const r = ok(await fetcher.fetch(url));
    expect(r.text).toBe(feed);
    expect(r.charsetSource).toBe('header');
  });

  it.each([
    ['cp949', 'euc-kr', SENTENCES.korean],
    ['gbk', 'gbk', SENTENCES.chineseGbk],
    ['big5', 'big5', SENTENCES.chineseTraditional],
    ['koi8-r', 'koi8-r', SENTENCES.russian],
  ])('a %s feed declared only in its XML declaration, served as text/xml', async (codec, label, sentence) => {
    const feed = rssFeed(sentence, { encodingDecl: label });
    const r = ok(await fetcher.fetch(server.route(`/charset/decl-${codec}`, reply.body(encode(feed, codec), { contentType: 'text/xml' }))));
    expect(r).toMatchObject({ text: feed, charsetSource: 'xml-declaration' });
  });

  it('a gzip-compressed EUC-KR feed', async () => {
    const feed = rssFeed(SENTENCES.korean, { encodingDecl: 'EUC-KR' });
    const url = server.route('/charset/gzip-euc-kr', reply.compressed(encode(feed, 'cp949'), 'gzip', { contentType: 'application/xml' }));
    expect(ok(await fetcher.fetch(url)).text).toBe(feed);
  });

  it('an HTML page in windows-1251 that says so in <meta>', async () => {
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>${SENTENCES.russian}</p></body></html>`;
    const r = ok(await fetcher.fetch(server.route('/charset/meta.html', reply.body(encode(page, 'windows-1251'), { contentType: 'text/html' })), { accept: 'text/html' }));
    expect(r).toMatchObject({ text: page, charset: 'windows-1251', charsetSource: 'meta' });
  });
});

describe('wrong content types', () => {
  it('a feed served as text/html is still returned, with the type the server gave', async () => {
    const r = ok(await fetcher.fetch(server.route('/wrong/html', reply.body(FEED, { contentType: 'text/html; charset=utf-8' }))));
    expect(r).toMatchObject({ contentType: 'text/html; charset=utf-8', text: FEED });
  });

  it('application/octet-stream with no charset falls back on the XML declaration', async () => {
    const feed = rssFeed(SENTENCES.russian, { encodingDecl: 'windows-1251' });
    const r = ok(await fetcher.fetch(server.route('/wrong/octet', reply.body(encode(feed, 'windows-1251'), { contentType: 'application/octet-stream' }))));
    expect(r).toMatchObject({ text: feed, charset: 'windows-1251' });
  });

  it('a bogus charset in the header falls back on the declaration', async () => {
    const feed = rssFeed(SENTENCES.korean, { encodingDecl: 'EUC-KR' });
    const r = ok(await fetcher.fetch(server.route('/wrong/bogus', reply.body(encode(feed, 'cp949'), { contentType: 'text/xml; charset=utf-9000' }))));
    expect(r).toMatchObject({ text: feed, charset: 'euc-kr', charsetSource: 'xml-declaration' });
  });

  it('no Content-Type at all', async () => {
    const url = server.route('/wrong/none', (_req, res) => {
      res.removeHeader('content-type');
      res.end(FEED);
    });
    expect(ok(await fetcher.fetch(url))).toMatchObject({ contentType: '', text: FEED });
  });
});

describe('plain-words descriptions', () => {
  it('every failure reads as one sentence for the source page, without library jargon', async () => {
    const failures = await Promise.all([
      failure(fetcher.fetch('ftp://example.org/')),
      failure(fetcher.fetch(server.route('/d/404', reply.status(404)))),
      failure(fetcher.fetch(server.route('/d/hang', reply.hangAfterHeaders()))),
      failure(fetcher.fetch(server.route('/d/big', reply.huge(1024 * 1024, { declareLength: true })))),
      failure(fetcher.fetch('http://10.0.0.1/feed')),
      failure(fetcherWith({ allowList: [] }).fetch(`http://127.0.0.1:1/`)),
    ]);
    expect(failures.map((e) => e.kind)).toEqual(['invalid-url', 'http-status', 'timeout', 'too-large', 'blocked-address', 'blocked-address']);
    for (const e of failures) {
      const text = e.describe();
      expect(text).toMatch(/^[A-Z"0-9].*\.$/);
      expect(text).not.toMatch(/UND_ERR|undici|Error:|\n|at .*\(/);
    }
    expect(failures[1].describe()).toBe(`${server.host} answered HTTP 404 (Not Found).`);
  });

  it('describes unexpected errors too', () => {
    expect(describeFetchFailure(new TypeError('boom\nstack'))).toBe('The download failed unexpectedly (boom).');
  });

  it('a connection refused is a transient connect error', async () => {
    const other = await startFixtureServer();
    const port = other.port;
    await other.close();
    const e = await failure(fetcherWith({ allowList: [`127.0.0.1:${port}`] }).fetch(`http://127.0.0.1:${port}/feed`));
    expect(e).toMatchObject({ kind: 'connect', transient: true, message: `127.0.0.1:${port} refused the connection` });
  });

  it('an unknown host name is a permanent connect error', async () => {
    const nxdomain: LookupFunction = (hostname, _opts, cb) => {
      const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      (cb as (e: Error) => void)(err);
    };
    const e = await failure(fetcherWith({ lookup: nxdomain }).fetch('https://no-such-host.example/feed'));
    expect(e).toMatchObject({ kind: 'connect', transient: false, message: 'the host name no-such-host.example does not exist (DNS)' });
  });
});

describe('lifecycle', () => {
  it('refuses to fetch after close()', async () => {
    const f = new HttpFetcher(options());
    await f.close();
    await expect(f.fetch(`${server.url}/plain.xml`)).rejects.toThrow('after close()');
  });

  it('refuses nonsensical limits', () => {
    expect(() => new HttpFetcher(options({ timeoutMs: 0 }))).toThrow(RangeError);
    expect(() => new HttpFetcher(options({ allowList: ['not valid'] }))).toThrow('"not valid"');
  });
});
