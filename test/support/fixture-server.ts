import * as iconv from 'iconv-lite';
import { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';

/**
 * A local HTTP server for tests that fetch: feeds, pages, and servers that
 * misbehave on purpose (slow, hanging, huge, bombs, redirect loops...). It
 * listens on 127.0.0.1 with a free port, so a fetcher with an SSRF guard
 * needs `server.host` ("127.0.0.1:<port>") on its allow-list.
 *
 *   const server = await startFixtureServer();
 *   const url = server.route('/feed.xml', reply.text(rss, { contentType: 'application/rss+xml' }));
 *   ...
 *   await server.close();
 */
export type FixtureHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface FixtureRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FixtureServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** 127.0.0.1:<port>, the allow-list entry for this server */
  readonly host: string;
  readonly port: number;
  /** Every request received, oldest first. */
  readonly requests: FixtureRequest[];
  /** Serves `path` (query ignored) with `handler`, replacing any earlier one; returns the full URL. */
  route(path: string, handler: FixtureHandler): string;
  /** The requests made to one path. */
  requestsTo(path: string): FixtureRequest[];
  /** Forgets routes and recorded requests. */
  reset(): void;
  /** Stops listening and cuts every open connection, hanging ones included. */
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, FixtureHandler>();
  const requests: FixtureRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no fixture route for ${path}`);
      return;
    }
    Promise.resolve(handler(req, res)).catch((e: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fixture handler failed: ${e.message}`);
    });
  });
  // A hung keep-alive socket must not hold the test process open.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    host: `127.0.0.1:${port}`,
    port,
    requests,
    route(path, handler) {
      routes.set(path, handler);
      return url + path;
    },
    requestsTo: (path) => requests.filter((r) => r.path === path),
    reset() {
      routes.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface ReplyOptions {
  status?: number;
  contentType?: string;
  headers?: OutgoingHttpHeaders;
}

/** Waits `ms`, or less if the client goes away first (so no timer outlives a test). */
export function pause(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    res.once('close', done);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
  });
}

const cache = new Map<string, Buffer>();
function memo(key: string, make: () => Buffer): Buffer {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key)!;
}

export type Compression = 'gzip' | 'deflate' | 'deflate-raw' | 'br';

export function compress(body: Buffer | string, how: Compression): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  switch (how) {
    case 'gzip':
      return gzipSync(b);
    case 'deflate':
      return deflateSync(b);
    case 'deflate-raw':
      return deflateRawSync(b);
    case 'br':
      return brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
  }
}

/**
 * `inflatedBytes` of zeros, compressed: a few kilobytes on the wire that
 * unpack to megabytes. Big gzip bombs are built as many gzip members (a valid
 * gzip stream), so making one costs the test little memory.
 */
export function compressionBomb(inflatedBytes: number, how: Compression = 'gzip'): Buffer {
  return memo(`bomb:${how}:${inflatedBytes}`, () => {
    const piece = 16 * 1024 * 1024;
    if (how !== 'gzip' || inflatedBytes <= piece) return compress(Buffer.alloc(inflatedBytes), how);
    const member = gzipSync(Buffer.alloc(piece), { level: 9 });
    return Buffer.concat(Array(Math.ceil(inflatedBytes / piece)).fill(member));
  });
}

/** Canned misbehaviours and ordinary answers, each a FixtureHandler. */
export const reply = {
  /** A body as-is (string as UTF-8, or exact bytes). */
  body(body: string | Buffer, opts: ReplyOptions = {}): FixtureHandler {
    return (_req, res) => {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      res.writeHead(opts.status ?? 200, { 'content-type': opts.contentType ?? 'text/plain; charset=utf-8', 'content-length': bytes.length, ...opts.headers });
      res.end(bytes);
    };
  },

  /** A status with an optional Retry-After (seconds or an HTTP-date). */
  status(status: number, opts: { retryAfter?: string | number; body?: string } = {}): FixtureHandler {
    return (_req, res) => {
      const headers: OutgoingHttpHeaders = { 'content-type': 'text/plain' };
      if (opts.retryAfter !== undefined) headers['retry-after'] = String(opts.retryAfter);
      res.writeHead(status, headers).end(opts.body ?? `status ${status}`);
    };
  },

  redirect(location: string, status = 302): FixtureHandler {
    return (_req, res) => {
      res.writeHead(status, { location, 'content-type': 'text/plain' }).end(`see ${location}`);
    };
  },

  /** Answers only after `delayMs` (headers and all). */
  slow(delayMs: number, then: FixtureHandler): FixtureHandler {
    return async (req, res) => {
      await pause(delayMs, res);
      if (!res.destroyed) await then(req, res);
    };
  },

  /** Sends the headers and the start of a body, then never another byte. */
  hangAfterHeaders(start = '<?xml version="1.0"?><rss><channel>', opts: ReplyOptions = {}): FixtureHandler {
    return (_req, res) => {
      res.writeHead(opts.status ?? 200, { 'content-type': opts.contentType ?? 'application/rss+xml', ...opts.headers });
      res.write(start);
    };
  },

  /** Accepts the request and never answers at all. */
  neverAnswer(): FixtureHandler {
    return () => undefined;
  },

  /**
   * Streams `size` bytes of filler. With `declareLength` the Content-Length
   * says so up front; without, it is chunked and only counting tells.
   */
  huge(size: number, opts: { declareLength?: boolean; contentType?: string } = {}): FixtureHandler {
    return async (_req, res) => {
      const headers: OutgoingHttpHeaders = { 'content-type': opts.contentType ?? 'application/rss+xml' };
      if (opts.declareLength) headers['content-length'] = size;
      res.writeHead(200, headers);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      while (sent < size && !res.destroyed) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          await new Promise<void>((resolve) => {
            const done = () => {
              res.off('drain', done);
              res.off('close', done);
              resolve();
            };
            res.on('drain', done);
            res.on('close', done);
          });
        }
      }
      res.end();
    };
  },

  /** The body compressed with `how`, labelled with the matching Content-Encoding. */
  compressed(body: string | Buffer, how: Compression, opts: ReplyOptions = {}): FixtureHandler {
    const encoding = how === 'deflate-raw' ? 'deflate' : how;
    return reply.body(compress(body, how), { ...opts, headers: { 'content-encoding': encoding, ...opts.headers } });
  },

  /** A compression bomb: `inflatedBytes` of zeros, sent compressed with `how`. */
  bomb(inflatedBytes: number, how: Compression = 'gzip'): FixtureHandler {
    const encoding = how === 'deflate-raw' ? 'deflate' : how;
    return (_req, res) => {
      const bytes = compressionBomb(inflatedBytes, how);
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': encoding, 'content-length': bytes.length });
      res.end(bytes);
    };
  },

  /**
   * A resource with validators: answers 304 with no body when the request's
   * If-None-Match or If-Modified-Since shows the client has this version.
   */
  conditional(body: string | Buffer, validators: { etag?: string; lastModified?: string }, opts: ReplyOptions = {}): FixtureHandler {
    return (req, res) => {
      const headers: OutgoingHttpHeaders = {};
      if (validators.etag) headers.etag = validators.etag;
      if (validators.lastModified) headers['last-modified'] = validators.lastModified;
      const inm = req.headers['if-none-match'];
      const ims = req.headers['if-modified-since'];
      const fresh = inm !== undefined ? !!validators.etag && inm.split(',').some((t) => t.trim() === validators.etag) : ims !== undefined && !!validators.lastModified && Date.parse(ims) >= Date.parse(validators.lastModified);
      if (fresh) {
        res.writeHead(304, headers).end();
        return;
      }
      reply.body(body, { ...opts, headers: { ...headers, ...opts.headers } })(req, res);
    };
  },
};

/** Short sentences of our own, each with letters only its encoding family has, for charset tests. */
export const SENTENCES = {
  korean: '북한 노동자들이 러시아 건설 현장에서 일하고 있다',
  // 똠 and 뷁 are outside KS X 1001 (plain EUC-KR): only CP949 encodes them.
  koreanCp949: '똠방각하가 뷁 소리를 냈다',
  chinese: '朝鲜工人在中国的工厂里工作',
  // 镕 is in GBK, not GB2312; 𠮷 needs GB18030's four-byte form.
  chineseGbk: '朱镕基视察了工厂',
  chineseGb18030: '𠮷野家的工人',
  chineseTraditional: '北韓勞工在海外工地工作',
  russian: 'Северокорейские рабочие на стройках в России',
  // ’ œ € — are windows-1252's own bytes (0x80-0x9F), not ISO-8859-1's.
  french: 'L’œuvre coûte 5 € — « déjà vu » à Noël',
};

/** A one-item RSS feed whose title and description are `sentence`, optionally with an XML encoding declaration. */
export function rssFeed(sentence: string, opts: { encodingDecl?: string; link?: string } = {}): string {
  const decl = opts.encodingDecl ? ` encoding="${opts.encodingDecl}"` : '';
  const link = opts.link ?? 'https://news.example.org/a/1';
  return `<?xml version="1.0"${decl}?>
<rss version="2.0"><channel><title>Fixture feed</title><link>https://news.example.org/</link><description>fixture</description>
<item><title>${sentence}</title><link>${link}</link><guid>${link}</guid><description>${sentence}</description><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate></item>
</channel></rss>`;
}

/** `text` as bytes in `codec` (any iconv-lite name: euc-kr, cp949, gbk, gb18030, big5, windows-1251, koi8-r, windows-1252...). */
export function encode(text: string, codec: string): Buffer {
  return iconv.encode(text, codec);
}
