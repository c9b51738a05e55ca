import * as cheerio from 'cheerio';
import type { FeedKind } from './feed-parser';

export type KindDetection = { kind: FeedKind } | { kind: null; reason: string; feedLinks: string[] };

/**
 * What kind of source a document is, from its content (Content-Type headers
 * are too often wrong to decide). An HTML page is not taken as a listing
 * source by itself: that needs selectors, so the caller is told, with the
 * feeds the page advertises.
 */
export function detectFeedKind(body: string, baseUrl: string): KindDetection {
  const head = body.replace(/^\uFEFF/, '').trimStart().slice(0, 4000);
  if (head.startsWith('{')) {
    try {
      const doc = JSON.parse(body) as { version?: unknown };
      if (typeof doc.version === 'string' && doc.version.startsWith('https://jsonfeed.org/version/')) return { kind: 'json' };
    } catch {
      // Not JSON after all: falls through to the answer below.
    }
    return { kind: null, reason: 'the address returned JSON that is not a JSON Feed', feedLinks: [] };
  }
  const root = /<(rss|feed|rdf:RDF|html)\b/i.exec(head.replace(/<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, ''))?.[1]?.toLowerCase();
  if (root === 'rss') return { kind: 'rss' };
  if (root === 'feed') return { kind: 'atom' };
  if (root === 'rdf:rdf') return { kind: 'rdf' };
  if (root === 'html' || /<(head|body)\b/i.test(head)) {
    const $ = cheerio.load(body);
    const feedLinks = $('link[rel~="alternate"]')
      .toArray()
      .filter((el) => /(rss|atom|feed)\+(xml|json)|application\/feed\+json/i.test($(el).attr('type') ?? ''))
      .flatMap((el) => {
        try {
          return [new URL($(el).attr('href') ?? '', baseUrl).toString()];
        } catch {
          return [];
        }
      });
    return { kind: null, reason: 'the address is an HTML page, not a feed', feedLinks };
  }
  return { kind: null, reason: 'the address returned neither a feed nor an HTML page', feedLinks: [] };
}
