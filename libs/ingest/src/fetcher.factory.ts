import { AppConfig } from '@app/config';
import { HttpFetcher } from './fetch';

/** The fetcher with the configured limits and allow-list: the poller and the CLI fetch alike. */
export function createFetcher(c: AppConfig): HttpFetcher {
  return new HttpFetcher({
    userAgent: c.fetchUserAgent,
    timeoutMs: c.fetchTimeoutMs,
    connectTimeoutMs: c.fetchConnectTimeoutMs,
    maxBytes: c.fetchMaxBytes,
    maxInflatedBytes: c.fetchMaxInflatedBytes,
    maxRedirects: c.fetchMaxRedirects,
    allowList: c.fetchAllowList,
  });
}
