import * as cheerio from 'cheerio';

/** Page furniture that is never the article. */
const NOISE = 'script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, figure figcaption';
const BLOCKS = 'h1, h2, h3, h4, p, li, blockquote, pre, td';

/**
 * Title and body text of an article page, for classifying a saved page from the command
 * line: the headline from og:title, the first h1 or <title>; the body as the text of the
 * paragraphs, headings and list items of <article> (or <main>, or the page body), one
 * per paragraph, separated by blank lines so that sentence and paragraph breaks survive.
 */
export function extractHtmlArticle(html: string): { title: string; text: string } {
  const $ = cheerio.load(html);
  $(NOISE).remove();
  const clean = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const title = clean($('meta[property="og:title"]').attr('content')) || clean($('h1').first().text()) || clean($('title').first().text());
  const root = ['article', 'main', '[role=main]', 'body'].map((s) => $(s).first()).find((el) => el.length > 0 && el.text().trim() !== '');
  if (!root) return { title, text: '' };
  // The headline is the title; it is not repeated as the first paragraph.
  const blocks = root
    .find(BLOCKS)
    .filter((_, el) => $(el).parents(BLOCKS).length === 0)
    .toArray()
    .map((el) => clean($(el).text()))
    .filter((t, i) => t !== '' && !(i === 0 && t === title));
  return { title, text: blocks.length ? blocks.join('\n\n') : clean(root.text()) };
}
