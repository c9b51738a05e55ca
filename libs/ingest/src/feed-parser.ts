import * as cheerio from 'cheerio';
import Parser from 'rss-parser';
import { FeedItem } from './feed-item';
import { FeedParseError } from './feed-parse.error';
import { cleanText, parseDate, stripTags } from './normalise';

export type FeedKind = 'rss' | 'atom' | 'rdf' | 'json' | 'html';

/** CSS selectors for sources with no feed: each `item` element yields one entry. */
export interface ListingSelectors {
  item: string;
  link: string;
  title?: string;
  date?: string;
  summary?: string;
}

/** Parses an RSS 2.0, RSS 1.0 (RDF), Atom or JSON feed, or an HTML listing page, into items. */
export async function parseFeed(body: string, kind: FeedKind, baseUrl: string, selectors?: ListingSelectors | null): Promise<FeedItem[]> {
  switch (kind) {
    case 'rss':
    case 'atom':
    case 'rdf':
      return parseXmlFeed(body, baseUrl);
    case 'json':
      return parseJsonFeed(body, baseUrl);
    case 'html':
      if (!selectors?.item || !selectors.link) throw new FeedParseError('an html source needs selectors.item and selectors.link');
      return parseListing(body, baseUrl, selectors);
  }
}

async function parseXmlFeed(body: string, baseUrl: string): Promise<FeedItem[]> {
  if (!/^\s*(<\?xml|<rss|<feed|<rdf:RDF|<!--)/i.test(body)) {
    throw new FeedParseError(/<html/i.test(body.slice(0, 2000)) ? 'the address returned an HTML page, not a feed' : 'the document is not XML');
  }
  let feed: Parser.Output<Record<string, unknown>>;
  try {
    // A parser per document: a shared one keeps state after a failed parse.
    feed = await new Parser().parseString(body);
  } catch (e) {
    throw new FeedParseError(`the feed is not valid XML (${(e as Error).message.split('\n')[0]})`);
  }
  return feed.items.flatMap((item) => {
    const link = absolute(item.link, baseUrl);
    if (!link) return [];
    return [
      {
        guid: String(item.guid ?? (item as { id?: string }).id ?? link),
        link,
        title: cleanText(stripTags(item.title ?? '')),
        summary: cleanText(stripTags(item.content ?? item.contentSnippet ?? item.summary ?? '')),
        published: parseDate(item.isoDate ?? item.pubDate),
      },
    ];
  });
}

interface JsonFeedItem {
  id?: unknown;
  url?: unknown;
  external_url?: unknown;
  title?: unknown;
  summary?: unknown;
  content_text?: unknown;
  content_html?: unknown;
  date_published?: unknown;
}

function parseJsonFeed(body: string, baseUrl: string): FeedItem[] {
  let doc: { version?: unknown; items?: unknown };
  try {
    doc = JSON.parse(body);
  } catch {
    throw new FeedParseError('the JSON feed is not valid JSON');
  }
  if (typeof doc?.version !== 'string' || !doc.version.startsWith('https://jsonfeed.org/version/') || !Array.isArray(doc.items)) {
    throw new FeedParseError('the document is not a JSON Feed (no "version" or "items")');
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return (doc.items as JsonFeedItem[]).flatMap((item) => {
    const link = absolute(str(item.url) ?? str(item.external_url), baseUrl);
    if (!link) return [];
    return [
      {
        guid: String(item.id ?? link),
        link,
        title: cleanText(stripTags(str(item.title) ?? '')),
        summary: cleanText(str(item.summary) ?? str(item.content_text) ?? stripTags(str(item.content_html) ?? '')),
        published: parseDate(str(item.date_published)),
      },
    ];
  });
}

function parseListing(body: string, baseUrl: string, sel: ListingSelectors): FeedItem[] {
  const $ = cheerio.load(body);
  return $(sel.item)
    .toArray()
    .flatMap((el) => {
      const node = $(el);
      const linkEl = node.is(sel.link) ? node : node.find(sel.link).first();
      const link = absolute(linkEl.attr('href'), baseUrl);
      if (!link) return [];
      const title = sel.title ? node.find(sel.title).first().text() : linkEl.text();
      const dateEl = sel.date ? node.find(sel.date).first() : null;
      return [
        {
          guid: link,
          link,
          title: cleanText(title),
          summary: sel.summary ? cleanText(node.find(sel.summary).first().text()) : '',
          published: parseDate(dateEl?.attr('datetime') ?? dateEl?.text()),
        },
      ];
    });
}

function absolute(href: string | undefined, baseUrl: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href.trim(), baseUrl);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}
