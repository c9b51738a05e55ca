import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixtureServer, reply, startFixtureServer } from '../../../../test/support/fixture-server';
import { FeedItem } from '../feed-item';
import { FeedParseError } from '../feed-parse.error';
import { parseFeed } from '../feed-parser';
import { OkResult } from './fetch-result';
import { HttpFetcher } from './http-fetcher';

// Feeds are parsed by rss-parser (xml2js over sax), which neither resolves
// external entities nor expands DTD-declared ones. These tests pin that down,
// through the real parseFeed, so that swapping the parser cannot quietly
// reopen XXE (local file read, SSRF) or entity-expansion bombs.

const SECRET = `secret-${randomBytes(8).toString('hex')}`;
let dir: string;
let secretFile: string;
let server: FixtureServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sm-xxe-'));
  secretFile = join(dir, 'secret.txt');
  writeFileSync(secretFile, SECRET);
  server = await startFixtureServer();
  server.route('/evil.dtd', reply.body(`<!ENTITY leak "${SECRET}">`, { contentType: 'application/xml-dtd' }));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await server.close();
});

const rss = (doctype: string, title: string, description = 'd') => `<?xml version="1.0"?>
${doctype}
<rss version="2.0"><channel><title>t</title><link>https://news.example.org/</link><description>c</description>
<item><title>${title}</title><link>https://news.example.org/a/1</link><description>${description}</description></item>
</channel></rss>`;

const ATTACKS = ['external entity to a local file', 'external entity over HTTP', 'parameter entity', 'external DTD', 'billion laughs', 'quadratic blowup'] as const;
const attacks = (): Record<(typeof ATTACKS)[number], string> => ({
  'external entity to a local file': rss(`<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${secretFile}">]>`, 'a &xxe; b', '&xxe;'),
  'external entity over HTTP': rss(`<!DOCTYPE rss [<!ENTITY xxe SYSTEM "${server.url}/evil.dtd">]>`, '&xxe;'),
  'parameter entity': rss(`<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://${secretFile}"> %p;]>`, 'x'),
  'external DTD': rss(`<!DOCTYPE rss SYSTEM "${server.url}/evil.dtd">`, '&leak;'),
  'billion laughs': rss(
    `<!DOCTYPE lolz [
 <!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}
]>`,
    '&lol9;',
    '&lol9;&lol9;',
  ),
  'quadratic blowup': rss(`<!DOCTYPE rss [<!ENTITY big "${'x'.repeat(50_000)}">]>`, 'ok', '&big;'.repeat(5_000)),
});

/** Resolves to the items, or null when parseFeed refused the feed (a FeedParseError is an acceptable outcome). */
async function parseOrRefuse(body: string): Promise<FeedItem[] | null> {
  try {
    return await parseFeed(body, 'rss', 'https://news.example.org/');
  } catch (e) {
    expect(e).toBeInstanceOf(FeedParseError);
    return null;
  }
}

describe('parseFeed against hostile XML', () => {
  // The parser instance is shared, and after a failed parse it behaves
  // differently (xml2js keeps state), so every attack runs fresh and again
  // right after a parse error.
  const states: [string, () => Promise<unknown>][] = [
    ['fresh', async () => undefined],
    ['after a parse error', () => parseOrRefuse('<?xml version="1.0"?><rss><channel><item>&undefined;</item></channel></rss>')],
  ];

  for (const [state, before] of states) {
    describe(state, () => {
      it.each(ATTACKS)('%s: no file read, no request, no expansion, no hang', async (name) => {
        await before();
        const body = attacks()[name];
        server.requests.length = 0;
        const heapBefore = process.memoryUsage().heapUsed;
        // A hang would fail by the suite's time limit.
        const items = await parseOrRefuse(body);
        expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
        const text = JSON.stringify(items ?? []);
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain('lollollol');
        expect(text.length).toBeLessThan(body.length + 1000);
        expect(server.requests).toHaveLength(0);
      });
    });
  }

  it('a hostile feed fetched over HTTP goes the same way', async () => {
    const fetcher = new HttpFetcher({ userAgent: 't', timeoutMs: 2000, connectTimeoutMs: 500, maxBytes: 1 << 20, maxInflatedBytes: 1 << 20, maxRedirects: 0, allowList: [server.host] });
    try {
      const url = server.route('/xxe.xml', reply.body(attacks()['external entity to a local file'], { contentType: 'application/rss+xml' }));
      const doc = (await fetcher.fetch(url)) as OkResult;
      const items = await parseOrRefuse(doc.text);
      expect(JSON.stringify(items ?? [])).not.toContain(SECRET);
    } finally {
      await fetcher.close();
    }
  });
});
