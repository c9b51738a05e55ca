import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { normaliseLanguageTag } from '../language';
import { textOf as textOfNode } from './dom-walk';
import { parsePublishedDate } from './published-date';

export interface PageMetadata {
  /** The headline the page declares (og:title, JSON-LD headline, first h1), without a " | Site" suffix. */
  title: string | null;
  byline: string | null;
  publishedAt: Date | null;
  /** ISO 639-1 code the page declares; a hint only, pages often keep their template's lang. */
  lang: string | null;
  siteName: string | null;
}

type JsonObject = Record<string, unknown>;

/** JSON-LD types that describe the article itself rather than the site, a breadcrumb or a video. */
const ARTICLE_TYPE = /(Article|BlogPosting|Report|LiveBlogPosting)$/i;
/** A JSON-LD block bigger than this is not article metadata; skip it rather than parse it. */
const MAX_JSON_LD_CHARS = 200_000;
const MAX_BYLINE_CHARS = 200;

/** <meta> keys (attribute:value, lower-cased) for the publication date, in order of trust. */
const DATE_META = [
  'property:article:published_time',
  'property:og:article:published_time',
  'name:article:published_time',
  'itemprop:datepublished',
  'name:pubdate',
  'name:publishdate',
  'name:publish-date',
  'name:parsely-pub-date',
  'name:sailthru.date',
  'name:dc.date.issued',
  'name:dcterms.created',
  'name:date',
];

/** Where templates print the author when no metadata names one, in order of trust. */
type BylineKind = 'rel' | 'itemprop' | 'byline' | 'author';
const BYLINE_ORDER: BylineKind[] = ['rel', 'itemprop', 'byline', 'author'];

/** What one pass over the document finds (see indexPage). */
interface PageIndex {
  metas: Map<string, string>;
  htmlLang: string | null;
  title: Element | null;
  h1: Element | null;
  articleH1: Element | null;
  times: Array<{ el: Element; pubdate: boolean; inArticle: boolean; inMain: boolean }>;
  datePublished: Element | null;
  bylines: Map<BylineKind, Element>;
  jsonLd: string[];
}

const text1 = (s: string | undefined | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/**
 * What the page says about itself: headline, author, publication date,
 * language. Read from the untouched document, before noise removal takes the
 * <head>, the JSON-LD scripts and the article header away.
 */
export function readPageMetadata($: CheerioAPI, now: Date): PageMetadata {
  const page = indexPage($.root()[0]!);
  const ld = articleJsonLd(page.jsonLd);
  const meta = (key: string) => text1(page.metas.get(key)) || null;
  const textOf = (el: Element | null) => (el ? text1(textOfNode(el)) || null : null);
  const siteName = meta('property:og:site_name') ?? (text1(stringOf(objectOf(ld?.publisher)?.name)) || null);

  const headline =
    meta('property:og:title') ??
    meta('name:twitter:title') ??
    (text1(stringOf(ld?.headline)) || null) ??
    textOf(page.articleH1) ??
    textOf(page.h1) ??
    textOf(page.title);

  return {
    title: headline ? stripSiteName(headline, siteName) : null,
    byline: readByline(page, ld, meta, textOf),
    publishedAt: readPublished(page, ld, meta, now),
    lang:
      normaliseLanguageTag(page.htmlLang) ??
      normaliseLanguageTag(meta('http-equiv:content-language')) ??
      normaliseLanguageTag(meta('property:og:locale')) ??
      normaliseLanguageTag(stringOf(ld?.inLanguage)),
    siteName,
  };
}

/**
 * One walk of the document collecting everything metadata is read from: a
 * dozen separate selector queries each walked a big page again (70 ms on a
 * 2 MB page; this takes a few).
 */
function indexPage(root: AnyNode): PageIndex {
  const index: PageIndex = {
    metas: new Map(),
    htmlLang: null,
    title: null,
    h1: null,
    articleH1: null,
    times: [],
    datePublished: null,
    bylines: new Map(),
    jsonLd: [],
  };
  const stack: Array<{ node: AnyNode; inArticle: boolean; inMain: boolean }> = [{ node: root, inArticle: false, inMain: false }];
  while (stack.length) {
    const { node, inArticle, inMain } = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'root' && node.type !== 'script') continue;
    if (node.type !== 'root') {
      const el = node;
      const a = el.attribs;
      switch (el.name) {
        case 'html':
          index.htmlLang ??= a.lang ?? a['xml:lang'] ?? null;
          break;
        case 'meta': {
          const content = a.content;
          if (content === undefined) break;
          for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
            const key = a[attr] && `${attr}:${a[attr].toLowerCase()}`;
            if (key && !index.metas.has(key)) index.metas.set(key, content);
          }
          break;
        }
        case 'title':
          index.title ??= el;
          break;
        case 'h1':
          index.h1 ??= el;
          if (inArticle) index.articleH1 ??= el;
          break;
        case 'time':
          if (a.datetime) index.times.push({ el, pubdate: 'pubdate' in a, inArticle, inMain });
          break;
        case 'script':
          if (a.type?.toLowerCase() === 'application/ld+json') index.jsonLd.push(scriptText(el));
          continue; // nothing else lives inside a script
      }
      if (a.itemprop === 'datePublished' && el.name !== 'meta') index.datePublished ??= el;
      if (a.rel === 'author') setOnce(index.bylines, 'rel', el);
      if (a.itemprop === 'author') setOnce(index.bylines, 'itemprop', el);
      if (a.class) {
        const classes = ` ${a.class.toLowerCase()} `;
        if (classes.includes(' byline ')) setOnce(index.bylines, 'byline', el);
        if (classes.includes(' author ')) setOnce(index.bylines, 'author', el);
      }
    }
    const inA = inArticle || (node.type === 'tag' && node.name === 'article');
    const inM = inMain || (node.type === 'tag' && (node.name === 'main' || node.attribs.role === 'main'));
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, inArticle: inA, inMain: inM });
  }
  return index;
}

function setOnce<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (!map.has(key)) map.set(key, value);
}

function scriptText(el: Element): string {
  let s = '';
  for (const c of el.children) if (c.type === 'text') s += c.data;
  return s;
}

/** "Headline | Site", "Headline - Site", "Site :: Headline" -> "Headline", when the site's name is known. */
function stripSiteName(title: string, siteName: string | null): string {
  if (!siteName) return title;
  const esc = siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const stripped = title
    .replace(new RegExp(`\\s*[|\\-–—:·»_]+\\s*${esc}\\s*$`, 'i'), '')
    .replace(new RegExp(`^\\s*${esc}\\s*[|\\-–—:·»_]+\\s*`, 'i'), '');
  return stripped || title;
}

function readPublished(page: PageIndex, ld: JsonObject | null, meta: (key: string) => string | null, now: Date): Date | null {
  const attr = (el: Element | null | undefined, name: string) => el?.attribs[name];
  // Each candidate is checked on its own: a template's bogus meta date does
  // not hide a good JSON-LD one.
  const candidates: Array<string | null | undefined> = [
    ...DATE_META.map(meta),
    stringOf(ld?.datePublished),
    attr(page.times.find((t) => t.pubdate)?.el, 'datetime'),
    attr(page.datePublished, 'datetime') ?? attr(page.datePublished, 'content'),
    attr(page.times.find((t) => t.inArticle)?.el, 'datetime'),
    attr(page.times.find((t) => t.inMain)?.el, 'datetime'),
  ];
  // A lone <time> anywhere is the article's; with several, the others are
  // related links' and comments' dates, and none can be trusted.
  if (page.times.length === 1) candidates.push(attr(page.times[0]!.el, 'datetime'));
  for (const c of candidates) {
    const d = parsePublishedDate(c, now);
    if (d) return d;
  }
  return null;
}

function readByline(
  page: PageIndex,
  ld: JsonObject | null,
  meta: (key: string) => string | null,
  textOf: (el: Element | null) => string | null,
): string | null {
  const authors = (Array.isArray(ld?.author) ? ld.author : [ld?.author])
    .map((a) => text1(stringOf(a) ?? stringOf(objectOf(a)?.name)))
    .filter((a) => a && !/^https?:/i.test(a));
  const articleAuthor = meta('property:article:author');
  const fromPage =
    BYLINE_ORDER.map((kind) => (textOf(page.bylines.get(kind) ?? null) ?? '').replace(/^by\s+/i, '')).find(
      (t) => t && t.length <= MAX_BYLINE_CHARS / 2,
    ) ?? '';
  const byline =
    authors.join(', ') || meta('name:author') || (articleAuthor && !/^https?:/i.test(articleAuthor) ? articleAuthor : '') || fromPage;
  return byline ? byline.slice(0, MAX_BYLINE_CHARS) : null;
}

function stringOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return null;
}

function objectOf(v: unknown): JsonObject | null {
  if (Array.isArray(v)) v = v[0];
  return v && typeof v === 'object' ? (v as JsonObject) : null;
}

/**
 * The JSON-LD object describing the article: the first whose @type is an
 * article type, looking inside arrays and @graph; failing that the first that
 * has a datePublished. Broken JSON (trailing commas, HTML comments) is common
 * and skipped, never fatal.
 */
function articleJsonLd(scripts: string[]): JsonObject | null {
  const items: JsonObject[] = [];
  for (const raw of scripts) {
    if (raw.length > MAX_JSON_LD_CHARS) continue;
    try {
      collect(JSON.parse(raw.replace(/^\s*<!--|-->\s*$/g, '')), items, 0);
    } catch {
      // Not JSON: nothing to learn from it.
    }
  }
  const isArticle = (o: JsonObject) => [o['@type']].flat().some((t) => typeof t === 'string' && ARTICLE_TYPE.test(t));
  return items.find(isArticle) ?? items.find((o) => typeof o.datePublished === 'string') ?? null;
}

function collect(v: unknown, out: JsonObject[], depth: number): void {
  if (depth > 4 || out.length > 100) return;
  if (Array.isArray(v)) for (const x of v) collect(x, out, depth + 1);
  else if (v && typeof v === 'object') {
    out.push(v as JsonObject);
    const graph = (v as JsonObject)['@graph'];
    if (graph) collect(graph, out, depth + 1);
  }
}
