import { FetchError } from './fetch.error';

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  accept?: string;
}

export interface FetchedDocument {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: string;
}

/** Fetches a feed or page as text, within a time and size limit. */
export async function fetchDocument(url: string, opts: FetchOptions): Promise<FetchedDocument> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(url, {
        redirect: 'follow',
        signal: controller.signal,
        headers: { 'user-agent': opts.userAgent, accept: opts.accept ?? '*/*' },
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
      if (controller.signal.aborted) throw new FetchError(`no answer within ${opts.timeoutMs} ms`, url, true);
      throw new FetchError(`could not connect (${cause})`, url, true);
    }
    if (res.status >= 400) {
      await res.body?.cancel();
      throw new FetchError(`the server answered HTTP ${res.status}`, url, res.status >= 500 || res.status === 429, res.status);
    }
    const bytes = await readLimited(res, opts.maxBytes, url);
    const contentType = res.headers.get('content-type') ?? '';
    return {
      url,
      finalUrl: res.url || url,
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      contentType,
      body: decode(bytes, contentType),
    };
  } catch (e) {
    if (e instanceof FetchError) throw e;
    if (controller.signal.aborted) throw new FetchError(`no answer within ${opts.timeoutMs} ms`, url, true);
    throw new FetchError(`the download failed (${(e as Error).message})`, url, true);
  } finally {
    clearTimeout(timer);
  }
}

async function readLimited(res: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new FetchError(`the document is larger than the ${maxBytes}-byte limit`, url, false, res.status);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!res.body) return new Uint8Array();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new FetchError(`the document is larger than the ${maxBytes}-byte limit`, url, false, res.status);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
