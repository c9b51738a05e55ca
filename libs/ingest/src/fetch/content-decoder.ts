import { Transform } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { FetchError, humanBytes } from './fetch.error';

/**
 * Undoes the Content-Encoding of a body, streaming so that no more than
 * `maxInflatedBytes` of output is ever held: a gzip bomb (megabytes of zeros
 * in a few kilobytes) is stopped at the limit, not allocated and then
 * measured. Several encodings ("gzip, br") are undone last-applied first.
 */
export async function decompressBody(raw: Buffer, contentEncoding: string | undefined, maxInflatedBytes: number, url: string): Promise<Buffer> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  let body = raw;
  for (const coding of codings.reverse()) {
    if (!body.length) break;
    body = await inflate(body, coding, maxInflatedBytes, url);
  }
  if (body.length > maxInflatedBytes) throw tooLarge(maxInflatedBytes, raw.length, url);
  return body;
}

async function inflate(input: Buffer, coding: string, limit: number, url: string): Promise<Buffer> {
  const stream = decoderFor(coding, input, url);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        stream.destroy();
        reject(tooLarge(limit, input.length, url));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks, total)));
    stream.on('error', (e) => reject(new FetchError('decode', `the ${coding}-compressed body could not be unpacked (${(e as Error).message})`, url, { cause: e })));
    stream.end(input);
  });
}

function decoderFor(coding: string, input: Buffer, url: string): Transform {
  // Z_SYNC_FLUSH: accept a stream cut short at the end, as browsers do; what
  // arrived is still usable, and the parser will say if it is not.
  const lenient = { finishFlush: constants.Z_SYNC_FLUSH };
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip(lenient);
    case 'deflate':
      // "deflate" should be zlib-wrapped, but many servers send raw deflate.
      return looksZlibWrapped(input) ? createInflate(lenient) : createInflateRaw(lenient);
    case 'br':
      return createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH });
    default:
      throw new FetchError('decode', `the server used a compression this fetcher does not know ("${coding}")`, url);
  }
}

function looksZlibWrapped(b: Buffer): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && ((b[0] << 8) | b[1]) % 31 === 0;
}

function tooLarge(limit: number, compressed: number, url: string): FetchError {
  return new FetchError('too-large', `the document unpacks to more than the ${humanBytes(limit)} limit (from ${humanBytes(compressed)} compressed)`, url);
}
