import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Agent, Dispatcher, request } from 'undici';
import { AddressGuard } from './address-guard';
import { AllowList } from './allow-list';
import { decodeText } from './charset-decoder';
import { decompressBody } from './content-decoder';
import { FetcherOptions, FetchRequest, FetchResult, OkResult, RedirectHop } from './fetch-result';
import { FetchError, humanBytes, humanDuration } from './fetch.error';
import { guardedConnector } from './guarded-connector';
import { parseRetryAfter } from './retry-after';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const TRANSIENT_STATUSES = new Set([408, 425, 429]);
const DEFAULT_ACCEPT = '*/*';

type Body = Dispatcher.ResponseData['body'];

/**
 * Fetches feeds and article pages over HTTP(S) for a poller: conditional GET,
 * manual redirects, time and size limits, decompression with a bomb guard,
 * charset decoding, and an SSRF guard applied to every connection. Every
 * failure is a FetchError with a kind and a message for the source's owner.
 * One instance holds a connection pool; close() it on shutdown.
 */
export class HttpFetcher {
  private readonly agent: Agent;
  private closed = false;

  constructor(private readonly opts: FetcherOptions) {
    for (const k of ['timeoutMs', 'connectTimeoutMs', 'maxBytes', 'maxInflatedBytes'] as const) {
      if (!(opts[k] > 0)) throw new RangeError(`HttpFetcher: ${k} must be a positive number`);
    }
    if (!(opts.maxRedirects >= 0)) throw new RangeError('HttpFetcher: maxRedirects must be 0 or more');
    const allowList = opts.allowList instanceof AllowList ? opts.allowList : AllowList.parse(opts.allowList ?? []);
    this.agent = new Agent({
      connect: guardedConnector(new AddressGuard(allowList), opts.connectTimeoutMs, opts.lookup),
      // The total deadline in fetch() is what bounds a fetch. undici's own
      // timers tick coarsely (they can fire ~0.5 s early), so they are only a
      // backstop set past the deadline.
      headersTimeout: opts.timeoutMs + 1000,
      bodyTimeout: opts.timeoutMs + 1000,
    });
  }

  async fetch(url: string, req: FetchRequest = {}): Promise<FetchResult> {
    if (this.closed) throw new Error('HttpFetcher.fetch() after close()');
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.opts.timeoutMs);
    const signal = req.signal ? AbortSignal.any([deadline.signal, req.signal]) : deadline.signal;
    let current = url;
    try {
      let target = httpUrl(url, url);
      current = target.href;
      const visited = new Set([current]);
      const redirects: RedirectHop[] = [];
      for (;;) {
        const res = await request(target, { method: 'GET', dispatcher: this.agent, signal, headers: this.requestHeaders(req) });
        const headers = flatHeaders(res.headers);
        const status = res.statusCode;
        const common = {
          finalUrl: current,
          headers,
          redirects,
          permanentRedirect: redirects.length > 0 && redirects.every((r) => r.status === 301 || r.status === 308),
          etag: headers.etag,
          lastModified: headers['last-modified'],
        };

        if (REDIRECT_STATUSES.has(status)) {
          await discard(res.body);
          const next = this.nextHop(status, headers.location, current, redirects, visited);
          redirects.push({ url: current, status });
          target = next;
          current = next.href;
          visited.add(current);
          continue;
        }
        if (status === 304) {
          // Nothing to read or parse: the caller keeps what it has.
          await discard(res.body);
          return { kind: 'not-modified', status: 304, ...common };
        }
        if (status < 200 || status > 299) {
          await discard(res.body);
          throw statusError(status, headers, current);
        }
        return { kind: 'ok', status, ...common, ...(await this.readBody(res.body, headers, current)) };
      }
    } catch (e) {
      throw this.failure(e, current, deadline.signal.aborted, !!req.signal?.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection pool; fetches still running fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.agent.destroy();
  }

  private requestHeaders(req: FetchRequest): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.opts.userAgent,
      accept: req.accept ?? this.opts.accept ?? DEFAULT_ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (req.etag) headers['if-none-match'] = req.etag;
    if (req.lastModified) headers['if-modified-since'] = req.lastModified instanceof Date ? req.lastModified.toUTCString() : req.lastModified;
    return headers;
  }

  private nextHop(status: number, location: string | undefined, current: string, redirects: RedirectHop[], visited: Set<string>): URL {
    const host = hostOf(current);
    if (!location) throw new FetchError('redirects', `${host} answered HTTP ${status} (a redirect) without saying where to`, current, { status });
    const next = httpUrl(location, current);
    if (visited.has(next.href)) {
      const loop = [...redirects.map((r) => r.url), current, next.href];
      throw new FetchError('redirects', `the redirects go round in a loop (${loop.slice(loop.indexOf(next.href)).join(' -> ')})`, current, { status });
    }
    if (redirects.length >= this.opts.maxRedirects) {
      throw new FetchError('redirects', `more than ${this.opts.maxRedirects} redirects in a row (the last one to ${next.href})`, current, { status });
    }
    return next;
  }

  private async readBody(body: Body, headers: Record<string, string>, url: string): Promise<Pick<OkResult, 'contentType' | 'bytes' | 'text' | 'charset' | 'charsetSource' | 'rawHash'>> {
    const max = this.opts.maxBytes;
    const declared = Number(headers['content-length']);
    if (declared > max) {
      body.destroy();
      throw new FetchError('too-large', `the document is larger than the ${humanBytes(max)} limit (${hostOf(url)} announced ${humanBytes(declared)})`, url);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > max) {
        body.destroy();
        throw new FetchError('too-large', `the document is larger than the ${humanBytes(max)} limit`, url);
      }
      chunks.push(chunk);
    }
    const bytes = await decompressBody(Buffer.concat(chunks, total), headers['content-encoding'], this.opts.maxInflatedBytes, url);
    const contentType = headers['content-type'] ?? '';
    const { text, charset, charsetSource } = decodeText(bytes, contentType);
    return { contentType, bytes, text, charset, charsetSource, rawHash: createHash('sha256').update(bytes).digest('hex') };
  }

  /** Any error thrown while fetching, as a FetchError in plain words. */
  private failure(e: unknown, url: string, timedOut: boolean, cancelled: boolean): FetchError {
    if (e instanceof FetchError) return e.at(url);
    const host = hostOf(url);
    if (timedOut) return new FetchError('timeout', `no complete answer from ${host} within ${humanDuration(this.opts.timeoutMs)}`, url, { cause: e });
    if (cancelled) return new FetchError('aborted', `the download from ${host} was cancelled`, url, { cause: e });
    const err = e as NodeJS.ErrnoException;
    const cause = err?.cause;
    if (cause instanceof FetchError) return cause.at(url);
    const code = String(err?.code ?? (cause as NodeJS.ErrnoException | undefined)?.code ?? '');
    switch (code) {
      case 'UND_ERR_CONNECT_TIMEOUT':
        return new FetchError('timeout', `could not connect to ${host} within ${humanDuration(this.opts.connectTimeoutMs)}`, url, { cause: e });
      case 'UND_ERR_HEADERS_TIMEOUT':
      case 'UND_ERR_BODY_TIMEOUT':
        return new FetchError('timeout', `no complete answer from ${host} within ${humanDuration(this.opts.timeoutMs)}`, url, { cause: e });
      case 'ENOTFOUND':
        return new FetchError('connect', `the host name ${host} does not exist (DNS)`, url, { cause: e, transient: false });
      case 'EAI_AGAIN':
        return new FetchError('connect', `the host name ${host} could not be looked up just now (DNS)`, url, { cause: e });
      case 'ECONNREFUSED':
        return new FetchError('connect', `${host} refused the connection`, url, { cause: e });
      case 'ECONNRESET':
      case 'EPIPE':
      case 'UND_ERR_SOCKET':
        return new FetchError('connect', `the connection to ${host} was cut off before the document was complete`, url, { cause: e });
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return new FetchError('connect', `${host} cannot be reached from here (no network route)`, url, { cause: e });
    }
    if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/.test(code)) {
      return new FetchError('connect', `the secure connection to ${host} failed (${err.message})`, url, { cause: e, transient: false });
    }
    return new FetchError('connect', `the download from ${host} failed (${err?.message ?? String(e)})`, url, { cause: e });
  }
}

/** An absolute http(s) URL without its fragment, or an 'invalid-url' FetchError. */
function httpUrl(input: string, base: string): URL {
  let u: URL;
  try {
    u = new URL(input, base);
  } catch {
    throw new FetchError('invalid-url', `"${input}" is not a valid web address`, base);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new FetchError('invalid-url', `"${u.href}" is not an http or https address`, base);
  }
  u.hash = '';
  return u;
}

function statusError(status: number, headers: Record<string, string>, url: string): FetchError {
  const reason = STATUS_CODES[status] ?? 'unknown status';
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  return new FetchError('http-status', `${hostOf(url)} answered HTTP ${status} (${reason})`, url, {
    status,
    retryAfterMs,
    transient: status >= 500 || TRANSIENT_STATUSES.has(status),
  });
}

/** Reads and drops a body we will not use, so the connection can be reused; a large one just closes it. */
async function discard(body: Body): Promise<void> {
  await body.dump({ limit: 64 * 1024 }).catch(() => undefined);
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
