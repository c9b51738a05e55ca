import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Document, Element } from 'domhandler';
import { blockParagraphs, looksLikeArticle } from './block-text';
import { linkDensity } from './dom-walk';

/**
 * Elements a plain article body is made of: paragraphs, headings, quotes and
 * lists, and inline markup. A <div>, <section>, <table>, <figure> or <form>
 * left inside the body after noise removal is a sign of a template (teasers,
 * embedded widgets, a layout table) that Readability's cleaning is for.
 */
const PLAIN_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'br', 'hr',
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd', 'mark', 'q', 's',
  'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'font',
]);
/** Share of the page's text the body must hold: no second column of prose Readability might merge or drop. */
const MIN_SHARE_OF_PAGE = 0.9;
/** Link text share above which the body may be a list of links dressed as paragraphs. */
const MAX_LINK_DENSITY = 0.2;

/**
 * The article's paragraphs when the page leaves no doubt where and what it
 * is, else null (the caller runs Readability). No doubt means: `body` (the
 * declared article body, or the scored content root) is an element made only
 * of plain prose markup, it holds nearly all the text left on the page after
 * noise removal, little of it is link text, and it reads as an article. On
 * such a page Readability keeps the same paragraphs, at ten times the cost
 * (a jsdom window per page); a headline matching the page title is dropped
 * as Readability drops it.
 *
 * Expects removeNoise to have run: navigation, footers, scripts and the like
 * are gone, so what is left outside the body is prose that would make the
 * choice uncertain.
 */
export function plainArticle($: CheerioAPI, body: Element | Document | null, title: string | null): string[] | null {
  if (!body || body.type !== 'tag') return null;
  if (!isPlain(body)) return null;
  const bodyChars = visibleChars(body);
  const pageChars = visibleChars(documentBody($.root()[0]!));
  if (bodyChars < MIN_SHARE_OF_PAGE * pageChars) return null;
  if (linkDensity(body) > MAX_LINK_DENSITY) return null;
  const paragraphs = blockParagraphs(body, title);
  return looksLikeArticle(paragraphs) ? paragraphs : null;
}

/** The <body> element (where htmlparser2 put it: under <html>, or at the top of a fragment), else the document. */
function documentBody(root: Document): AnyNode {
  for (const top of root.children) {
    if (top.type !== 'tag') continue;
    if (top.name === 'body') return top;
    if (top.name === 'html') for (const c of top.children) if (c.type === 'tag' && c.name === 'body') return c;
  }
  return root;
}

/** Whether everything under `root` is plain prose markup (an explicit stack: broken pages nest deep). */
function isPlain(root: Element): boolean {
  const stack: AnyNode[] = [...root.children];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    if (!PLAIN_TAGS.has(node.name)) return false;
    for (const c of node.children) stack.push(c);
  }
  return true;
}

/** Characters of text under `root`, not counting white space. */
function visibleChars(root: AnyNode): number {
  let n = 0;
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      const t = node.data;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c > 0x20 && c !== 0xa0 && c !== 0x3000) n++;
      }
    } else if (node.type === 'tag' && (node.name === 'title' || node.name === 'head')) {
      continue;
    } else if ('children' in node) {
      for (const c of node.children) stack.push(c);
    }
  }
  return n;
}
