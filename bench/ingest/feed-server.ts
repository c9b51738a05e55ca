import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { generateCorpus } from '../rules/corpus';

/**
 * The ingest case's feeds and article pages, served from their own process
 * (see support/child-run.ts startChild), so that the measured process's CPU
 * time and memory are the ingestion's alone. Every feed and page is rendered
 * before the server says it is ready: it stands in for other people's
 * servers, so what it spends answering (on the same two cores) should be
 * little more than the HTTP itself. Prints {"port": N} when listening; ends
 * on SIGTERM.
 */
export interface FeedServerInput {
  items: number;
  /** Feeds rendered ahead (feed/0 .. feed/N-1); anything else is rendered on request. */
  feeds: number;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function main({ items, feeds }: FeedServerInput): void {
  const corpus = generateCorpus(8 * 1024 * 1024, 2019);
  const feed = (f: number) => {
    const entries = Array.from({ length: items }, (_, i) => {
      const n = f * items + i;
      const a = corpus[n % corpus.length];
      return `<item><title>${escape(a.title)} ${n}</title><link>/a/${n}.html</link><guid isPermaLink="false">bench-${n}</guid><pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate><description>${escape(a.text.slice(0, 200))}</description></item>`;
    }).join('');
    return Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${f}</title>${entries}</channel></rss>`);
  };
  const page = (n: number) => {
    const a = corpus[n % corpus.length];
    const paragraphs = `${a.text} (Report number ${n}.)`.split(/(?<=\.)\s+/).map((s) => `<p>${escape(s)}</p>`).join('');
    return Buffer.from(
      `<!DOCTYPE html><html><head><title>${escape(a.title)}</title></head><body><nav>Home | World | Asia</nav><article><h1>${escape(a.title)} ${n}</h1>${paragraphs}</article><footer>Bench outlet</footer></body></html>`,
    );
  };
  const feedBodies = Array.from({ length: feeds }, (_, f) => feed(f));
  const pageBodies = Array.from({ length: feeds * items }, (_, n) => page(n));

  const server = createServer((req, res) => {
    const m = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
    if (m) {
      const f = Number(m[1]);
      const etag = `"feed-${f}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      return void res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(feedBodies[f] ?? feed(f));
    }
    const p = /^\/a\/(\d+)\.html$/.exec(req.url ?? '');
    if (!p) return void res.writeHead(404).end();
    const n = Number(p[1]);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageBodies[n] ?? page(n));
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

main(JSON.parse(process.argv[2]) as FeedServerInput);
