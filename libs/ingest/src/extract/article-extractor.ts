import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Document, Element } from 'domhandler';
import { blockParagraphs, looksLikeArticle } from './block-text';
import { findContentRoot, findDeclaredBody } from './content-root';
import { plainArticle } from './plain-article';
import { flattenDeepNesting } from './dom-walk';
import { limitNesting } from './nesting-limit';
import { removeNoise } from './noise-filter';
import { readPageMetadata } from './page-metadata';
import { runReadability } from './readability-runner';

export type ExtractionMethod = 'selector' | 'plain' | 'readability' | 'fallback';

export interface ExtractedPage {
  /** The headline; '' when the page has none. */
  title: string;
  /** The article's prose as paragraphs separated by blank lines; '' when the page holds no article. */
  text: string;
  byline?: string;
  /** As the page declares it; null when absent, unparseable or in the future. */
  publishedAt?: Date | null;
  /** The language the page declares (ISO 639-1): a hint for detectLanguage, not a verdict. */
  lang?: string | null;
  method: ExtractionMethod;
}

export interface ExtractOptions {
  /** The page's URL (after redirects): links resolve against it; it is never fetched. */
  url: string;
  /** The source's CSS selector for the article body, when it has one. */
  selector?: string | null;
  /** The clock publication dates are checked against; tests pin it. */
  now?: Date;
}

/**
 * Input beyond this is cut off before parsing. The fetcher caps bodies
 * already; this keeps the parser's time bounded (about 50 ms per MB) if a
 * caller does not.
 */
export const MAX_HTML_CHARS = 5_000_000;
/**
 * Cleaned HTML handed to jsdom and Readability is at most this long. Both
 * run at roughly 1-2 MB/s, so this keeps them near 200 ms; a longer page is
 * first cut down to the content root's surroundings by the cheerio scorer.
 */
export const READABILITY_MAX_HTML_CHARS = 300_000;

/**
 * htmlparser2 rather than parse5 under cheerio: two to three times faster on
 * big pages, and as forgiving of broken markup. encodeEntities 'utf8' keeps
 * Korean and Chinese text as characters when re-serialised for jsdom, rather
 * than eightfold as &#x...; references.
 */
const PARSE_OPTIONS = { xml: { xmlMode: false, decodeEntities: true, encodeEntities: 'utf8' as const } };

/** Attributes Readability and the noise rules look at; the rest (data-*, style, on*) is dead weight for jsdom. */
const KEPT_ATTRIBUTES = new Set(['class', 'id', 'href', 'lang', 'dir', 'itemprop', 'role']);

/**
 * The article in an HTML page: with the source's CSS selector when it has one
 * and it still matches, else read directly when the markup is plain enough to
 * leave no doubt (plain-article.ts), else Mozilla Readability, else a cheerio
 * scorer of the same kind. Never throws on bad markup; a page with no article (an index,
 * an error page) gives empty text and method 'fallback'.
 */
export function extractArticle(html: string, opts: ExtractOptions): ExtractedPage {
  const now = opts.now ?? new Date();
  const source = limitNesting((html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html).replace(/\u0000/g, ''));
  const $ = cheerio.load(source, PARSE_OPTIONS);
  flattenDeepNesting($.root()[0]!, (el, text) => $(el).text(text));
  const meta = readPageMetadata($, now);
  const page = (title: string | null | undefined, text: string, method: ExtractionMethod, byline?: string | null): ExtractedPage => ({
    title: title?.replace(/\s+/g, ' ').trim() ?? '',
    text,
    byline: byline?.trim() || undefined,
    publishedAt: meta.publishedAt,
    lang: meta.lang,
    method,
  });

  const bodies = opts.selector ? select($, opts.selector) : [];
  const declared = findDeclaredBody($);
  removeNoise($, declared ? [...bodies, declared] : bodies);
  if (bodies.length) {
    const paragraphs = bodies.flatMap((el) => blockParagraphs(el, meta.title));
    // A selector that matches but holds no text (a redesign left the class on
    // an empty wrapper) falls through to the generic extractors.
    if (paragraphs.length) return page(meta.title, paragraphs.join('\n\n'), 'selector', meta.byline);
  }

  const root = findContentRoot($, declared);
  // Plain markup (paragraphs and headings in one element that holds the
  // page's prose) reads the same with or without Readability, at a small
  // fraction of its cost; anything less certain still goes to Readability.
  const plain = plainArticle($, declared ?? root, meta.title);
  if (plain) return page(meta.title, plain.join('\n\n'), 'plain', meta.byline);

  stripAttributes($);
  const input = readabilityInput($, declared, root);
  if (input) {
    const result = runReadability(input, opts.url);
    if (result) {
      const paragraphs = blockParagraphs(cheerio.load(result.content, PARSE_OPTIONS).root()[0]!, meta.title ?? result.title);
      if (looksLikeArticle(paragraphs)) {
        return page(meta.title ?? result.title, paragraphs.join('\n\n'), 'readability', meta.byline ?? result.byline);
      }
    }
  }

  const paragraphs = root ? blockParagraphs(root, meta.title) : [];
  if (looksLikeArticle(paragraphs)) return page(meta.title, paragraphs.join('\n\n'), 'fallback', meta.byline);
  // Last resort: a page that declares its article body (<article>, <main>,
  // articleBody) is taken at its word even when the article is short (a
  // brief, a wire item), rather than losing it to the feed summary.
  const short = declared ?? findDeclaredBody($, 1);
  const brief = short ? blockParagraphs(short, meta.title) : [];
  return page(meta.title, brief.join('\n\n'), 'fallback', meta.byline);
}

/** The outermost elements the selector matches; none when it matches nothing or is not valid CSS. */
function select($: CheerioAPI, selector: string): Element[] {
  let matches: Element[];
  try {
    matches = $(selector).toArray().filter((n): n is Element => n.type === 'tag');
  } catch {
    // A broken selector in a source's config must not lose the article: the generic extractors still run.
    return [];
  }
  const set = new Set<AnyNode>(matches);
  return matches.filter((el) => {
    for (let p = el.parent; p; p = p.parent) if (set.has(p)) return false;
    return true;
  });
}

function stripAttributes($: CheerioAPI): void {
  const stack: AnyNode[] = [$.root()[0]!];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'tag') {
      for (const name of Object.keys(node.attribs)) if (!KEPT_ATTRIBUTES.has(name)) delete node.attribs[name];
    }
    if ('children' in node) for (const c of node.children) stack.push(c);
  }
}

/**
 * The HTML Readability gets: the page's declared body when it has one, else
 * the cleaned document; for a page too big even then, the content root's
 * parent (its siblings are where Readability looks for the rest of a split
 * article) or the root alone. Null when even that is too big, or there is no
 * root: the cheerio fallback takes over.
 */
function readabilityInput($: CheerioAPI, declared: Element | null, root: Element | Document | null): string | null {
  const title = $('title').first().text();
  const lang = $('html').attr('lang');
  const wrap = (fragment: string) =>
    `<!doctype html><html${lang ? ` lang="${escapeText(lang)}"` : ''}><head><title>${escapeText(title)}</title></head><body>${fragment}</body></html>`;
  const candidates: Array<() => string | null> = [
    () => (declared ? wrap($.html(declared)) : $.html()),
    () => (root?.parent?.type === 'tag' ? wrap($.html(root.parent)) : null),
    () => (root?.type === 'tag' ? wrap($.html(root)) : null),
  ];
  for (const html of candidates) {
    const h = html();
    if (h && h.length <= READABILITY_MAX_HTML_CHARS) return h;
  }
  return null;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
