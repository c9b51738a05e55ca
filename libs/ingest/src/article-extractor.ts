import * as cheerio from 'cheerio';
import { cleanText } from './normalise';

export interface ExtractedArticle {
  title: string;
  text: string;
}

const NOISE = 'script, style, noscript, nav, header, footer, aside, form, iframe, svg, figure figcaption, .advert, .ad, .share, .related';

/**
 * The readable body of an article page: the source's own selector when it has
 * one, else the first of <article>, <main> or the page body, as paragraphs.
 */
export function extractArticle(html: string, selector?: string | null): ExtractedArticle {
  const $ = cheerio.load(html);
  $(NOISE).remove();
  const title = cleanText($('meta[property="og:title"]').attr('content') ?? $('h1').first().text() ?? $('title').text());
  const root = [selector, 'article', 'main', '[role=main]', 'body']
    .filter((s): s is string => !!s)
    .map((s) => $(s).first())
    .find((el) => el.length > 0 && el.text().trim().length > 0);
  if (!root) return { title, text: '' };
  const blocks = root
    .find('p, h2, h3, li, blockquote')
    .toArray()
    .map((el) => $(el).text())
    .filter((t) => t.trim().length > 0);
  const text = blocks.length ? blocks.join('\n\n') : root.text();
  return { title, text: cleanText(text) };
}
