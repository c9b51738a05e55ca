import { Fingerprint, fingerprint } from '../dedup';
import { ExtractionMethod, extractArticle } from '../extract';
import { detectLanguage } from '../language';
import { cleanText, contentHash } from '../normalise';

/** What readArticle needs: a feed entry and its page as fetched. */
export interface ArticleInput {
  /** The article page's HTML; null when it could not be had, and the feed's summary stands in. */
  html: string | null;
  /** The page's final URL (links resolve against it; it is never fetched). */
  url: string;
  /** The source's CSS selector for the article body, when it has one. */
  selector?: string | null;
  feedTitle: string;
  feedSummary: string;
  /** The source's language hint. */
  sourceLanguage: string | null;
}

/** An entry read: its article text cleaned and fingerprinted, ready for the duplicate and story checks. */
export interface ReadArticle extends Fingerprint {
  title: string;
  text: string;
  /** contentHash(title, text): the same text stored twice is a duplicate. */
  hash: string;
  language: string | null;
  /** As the page declares it; null when it does not (the feed's date comes first). */
  pagePublishedAt: Date | null;
  /** How the page's text was found; null when there was no page. */
  method: ExtractionMethod | null;
}

/**
 * Reads a fetched entry: the article body from the page (the feed's summary
 * when the page gives less), headline, language, content hash and the
 * fingerprints the story search uses (SimHash and MinHash keys, from one
 * shingling). Pure CPU work, no I/O.
 */
export function readArticle(input: ArticleInput): ReadArticle {
  const page = input.html === null ? null : extractArticle(input.html, { url: input.url, selector: input.selector });
  const title = cleanText(page?.title || input.feedTitle) || '(untitled)';
  const pageText = page?.text ?? '';
  const text = pageText.length >= input.feedSummary.length ? pageText : input.feedSummary;
  return {
    title,
    text,
    hash: contentHash(title, text),
    language: detectLanguage(`${title}\n${text}`, page?.lang ?? input.sourceLanguage),
    pagePublishedAt: page?.publishedAt ?? null,
    method: page?.method ?? null,
    ...fingerprint(text),
  };
}

/**
 * readArticle, resolved once the event loop has turned after a page read
 * with Readability: its jsdom window, though closed, is only let go then,
 * and a feed of such pages must not pile them up.
 */
export async function readSettled(input: ArticleInput): Promise<ReadArticle> {
  const article = readArticle(input);
  if (article.method === 'readability') await new Promise((r) => setImmediate(r));
  return article;
}

/** What each of ArticleReader's threads runs (read-thread.js): a batch of pages, in order. */
export async function readBatch(inputs: ArticleInput[]): Promise<ReadArticle[]> {
  const out: ReadArticle[] = [];
  for (const input of inputs) out.push(await readSettled(input));
  return out;
}
