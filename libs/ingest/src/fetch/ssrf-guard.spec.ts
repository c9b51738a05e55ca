import { LookupAddress } from 'node:dns';
import { LookupFunction } from 'node:net';
import { FixtureServer, reply, startFixtureServer } from '../../../../test/support/fixture-server';
import { FetcherOptions, OkResult } from './fetch-result';
import { FetchError } from './fetch.error';
import { HttpFetcher } from './http-fetcher';

// The fixture servers live on 127.0.0.1, which the guard refuses: each test
// says exactly which of them its fetcher may reach.
let feeds: FixtureServer;
let other: FixtureServer;
const fetchers: HttpFetcher[] = [];

beforeAll(async () => {
  [feeds, other] = await Promise.all([startFixtureServer(), startFixtureServer()]);
  feeds.route('/feed.xml', reply.body('<rss/>', { contentType: 'application/rss+xml' }));
  other.route('/feed.xml', reply.body('<rss>other</rss>', { contentType: 'application/rss+xml' }));
});
afterAll(async () => {
  await Promise.all(fetchers.map((f) => f.close()));
  await Promise.all([feeds.close(), other.close()]);
});
beforeEach(() => {
  feeds.requests.length = 0;
  other.requests.length = 0;
});

function fetcher(over: Partial<FetcherOptions> = {}): HttpFetcher {
  const f = new HttpFetcher({ userAgent: 'test', timeoutMs: 1000, connectTimeoutMs: 500, maxBytes: 65536, maxInflatedBytes: 65536, maxRedirects: 5, ...over });
  fetchers.push(f);
  return f;
}

async function blocked(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FetchError);
    expect((e as FetchError).kind).toBe('blocked-address');
    expect((e as FetchError).transient).toBe(false);
    return e as FetchError;
  }
  throw new Error('expected the fetch to be refused');
}

/** A resolver answering `addresses` for every name, as a hostile or rebinding DNS would. */
function resolvingTo(...addresses: string[]): LookupFunction {
  return ((_host: string, opts: { all?: boolean }, cb: (e: null, a: LookupAddress[] | string, f?: number) => void) => {
    const list = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (opts.all) cb(null, list);
    else cb(null, list[0].address, list[0].family);
  }) as LookupFunction;
}

describe('without an allow-list', () => {
  it('refuses a loopback IP literal before connecting', async () => {
    const e = await blocked(fetcher().fetch(`${feeds.url}/feed.xml`));
    expect(e.message).toBe(`refused to connect to 127.0.0.1 port ${feeds.port}: it is a loopback address; add it to FETCH_ALLOWLIST if this source is meant to be internal`);
    expect(e.url).toBe(`${feeds.url}/feed.xml`);
    expect(feeds.requests).toHaveLength(0);
  });

  it('refuses a name that resolves to loopback (checked after DNS)', async () => {
    const e = await blocked(fetcher().fetch(`http://localhost:${feeds.port}/feed.xml`));
    expect(e.message).toContain(`localhost (127.0.0.1) port ${feeds.port}`);
    expect(feeds.requests).toHaveLength(0);
  });

  it.each([
    ['http://10.0.0.1/', 'private'],
    ['http://172.16.5.4/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata'],
    ['http://100.64.1.1/', 'carrier-grade NAT'],
    ['http://0.0.0.0:PORT/feed.xml', 'this network'],
    ['http://[::1]:PORT/feed.xml', 'loopback'],
    ['http://[::ffff:127.0.0.1]:PORT/feed.xml', 'loopback'],
    ['http://[::ffff:a9fe:a9fe]/', 'cloud metadata'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://[fd00::1]/', 'unique-local'],
    ['http://2130706433:PORT/feed.xml', 'loopback'],
    ['http://0x7f.1:PORT/feed.xml', 'loopback'],
    ['http://224.0.0.1/', 'multicast'],
    ['https://127.0.0.1:PORT/feed.xml', 'loopback'],
  ])('refuses %s (%s)', async (url, words) => {
    const e = await blocked(fetcher().fetch(url.replace('PORT', String(feeds.port))));
    expect(e.message).toContain(words);
    expect(feeds.requests).toHaveLength(0);
  });

  it('refuses a public-looking name whose DNS answer is internal', async () => {
    const e = await blocked(fetcher({ lookup: resolvingTo('169.254.169.254') }).fetch('http://feeds.example.org/rss'));
    expect(e.message).toContain('feeds.example.org (169.254.169.254)');
  });

  it('refuses when every DNS answer is internal, in any IPv6 disguise', async () => {
    await blocked(fetcher({ lookup: resolvingTo('::ffff:10.0.0.1', '64:ff9b::7f00:1', 'fd00::1') }).fetch('http://feeds.example.org/rss'));
  });
});

describe('redirects are checked hop by hop', () => {
  const f = () => fetcher({ allowList: [feeds.host] });

  it.each([
    ['http://10.0.0.1/admin', 'private'],
    ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'cloud metadata'],
    ['http://[::ffff:169.254.169.254]/', 'cloud metadata'],
  ])('a redirect from an allowed feed to %s is refused', async (target, words) => {
    const url = feeds.route('/redirect-out', reply.redirect(target));
    const e = await blocked(f().fetch(url));
    expect(e.message).toContain(words);
    expect(e.url).toBe(new URL(target).href);
  });

  it('a redirect to another port of the allowed host is refused', async () => {
    const url = feeds.route('/to-other-port', reply.redirect(`${other.url}/feed.xml`));
    const e = await blocked(f().fetch(url));
    expect(e.message).toContain(`127.0.0.1 port ${other.port}`);
    expect(feeds.requestsTo('/to-other-port')).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
  });

  it('a redirect to localhost on another port is refused too (the name resolves to the same refused target)', async () => {
    const url = feeds.route('/to-localhost', reply.redirect(`http://localhost:${other.port}/feed.xml`));
    await blocked(f().fetch(url));
    expect(other.requests).toHaveLength(0);
  });
});

describe('with an allow-list', () => {
  it('exactly host:port permits that server and nothing else on the host', async () => {
    const f = fetcher({ allowList: [feeds.host] });
    expect(((await f.fetch(`${feeds.url}/feed.xml`)) as OkResult).text).toBe('<rss/>');
    await blocked(f.fetch(`${other.url}/feed.xml`));
    expect(other.requests).toHaveLength(0);
  });

  it('an IP:port entry also covers a name resolving to that IP and port', async () => {
    const f = fetcher({ allowList: `127.0.0.1:${feeds.port}` });
    expect((await f.fetch(`http://localhost:${feeds.port}/feed.xml`)).kind).toBe('ok');
  });

  it('a host name entry permits that name, not the bare IP behind it', async () => {
    const f = fetcher({ allowList: [`localhost:${feeds.port}`] });
    expect((await f.fetch(`http://localhost:${feeds.port}/feed.xml`)).kind).toBe('ok');
    await blocked(f.fetch(`${feeds.url}/feed.xml`));
  });

  it('a CIDR entry permits every port of every address in it', async () => {
    const f = fetcher({ allowList: ['127.0.0.0/8'] });
    expect((await f.fetch(`${feeds.url}/feed.xml`)).kind).toBe('ok');
    expect((await f.fetch(`${other.url}/feed.xml`)).kind).toBe('ok');
    await blocked(f.fetch('http://10.0.0.1/'));
  });

  it('connects to the address the guard checked: a name resolved by our lookup reaches the allowed server', async () => {
    // feed.internal is not in /etc/hosts: only the lookup handed to the guard
    // knows it, so reaching the fixture proves its (checked) answer was used.
    const f = fetcher({ lookup: resolvingTo('127.0.0.1'), allowList: ['127.0.0.0/8'] });
    const r = await f.fetch(`http://feed.internal:${feeds.port}/feed.xml`);
    expect(r.kind).toBe('ok');
    expect(feeds.requests[0].headers.host).toBe(`feed.internal:${feeds.port}`);
  });

  it('drops refused addresses from a mixed DNS answer and connects only to the permitted one', async () => {
    const f = fetcher({ lookup: resolvingTo('10.9.8.7', '169.254.169.254', '127.0.0.1'), allowList: [`127.0.0.1:${feeds.port}`] });
    expect((await f.fetch(`http://mixed.example:${feeds.port}/feed.xml`)).kind).toBe('ok');
    await blocked(f.fetch(`http://mixed.example:${other.port}/feed.xml`));
  });
});
