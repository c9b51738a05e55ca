import { LookupFunction } from 'node:net';
import { AllowList } from './allow-list';
import { CharsetSource } from './charset-decoder';

export interface FetcherOptions {
  userAgent: string;
  /** Accept header for fetches that name none. */
  accept?: string;
  /** The whole fetch, every redirect hop and the body included. */
  timeoutMs: number;
  /** DNS plus TCP (plus TLS) for one connection. */
  connectTimeoutMs: number;
  /** Body bytes as sent on the wire (compressed, when the server compresses). */
  maxBytes: number;
  /** Body bytes once decompressed: the guard against compression bombs. */
  maxInflatedBytes: number;
  maxRedirects: number;
  /** Internal targets permitted despite the SSRF guard (see AllowList). */
  allowList?: AllowList | string | readonly string[];
  /** Name resolution; tests replace it. Whatever it returns passes the SSRF guard before use. */
  lookup?: LookupFunction;
}

export interface FetchRequest {
  /** The ETag from the last 200, sent back as If-None-Match. */
  etag?: string;
  /** The Last-Modified from the last 200, sent back verbatim as If-Modified-Since. */
  lastModified?: string | Date;
  accept?: string;
  /** Cancels the fetch (e.g. on shutdown); it then fails with kind 'aborted'. */
  signal?: AbortSignal;
}

export interface RedirectHop {
  url: string;
  status: number;
}

interface FetchResultBase {
  /** The URL of the last hop, after redirects. */
  finalUrl: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Each redirect followed, in order (empty when there was none). */
  redirects: RedirectHop[];
  /**
   * True when at least one redirect was followed and all were permanent
   * (301/308): the source's stored URL may be updated to finalUrl.
   */
  permanentRedirect: boolean;
  etag?: string;
  lastModified?: string;
}

export interface NotModifiedResult extends FetchResultBase {
  kind: 'not-modified';
  status: 304;
}

export interface OkResult extends FetchResultBase {
  kind: 'ok';
  status: number;
  contentType: string;
  /** The body after Content-Encoding is undone, before charset decoding. */
  bytes: Buffer;
  text: string;
  charset: string;
  charsetSource: CharsetSource;
  /** sha256 (hex) of `bytes`: an unchanged feed from a server with no ETag is recognised by it. */
  rawHash: string;
}

export type FetchResult = NotModifiedResult | OkResult;
