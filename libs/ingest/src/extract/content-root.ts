import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Document, Element } from 'domhandler';
import { BLOCK_TAGS, MIN_ARTICLE_CHARS, weightedLength } from './block-text';
import { linkDensity, textOf, walkElements } from './dom-walk';

/** Where pages declare their article body. */
const DECLARED_BODIES = '[itemprop="articleBody"], article, main, [role="main"]';

/**
 * The element the page itself declares as the article, when one holds an
 * article's worth of prose: of several (teaser cards are <article>s too, and
 * <main> wraps the article), the one with the most paragraph text. Extraction
 * then looks only inside it, so that a page whose comments or "next story"
 * dwarf the article still yields the article.
 */
export function findDeclaredBody($: CheerioAPI, minChars = MIN_ARTICLE_CHARS): Element | null {
  let best: Element | null = null;
  let bestChars = 0;
  $(DECLARED_BODIES).each((_, el) => {
    let chars = 0;
    walkElements(el, (p) => {
      if (p.name !== 'p') return true;
      chars += weightedTextLength(p);
      return false;
    });
    if (chars > bestChars) [best, bestChars] = [el, chars];
  });
  return bestChars >= Math.max(1, minChars) ? best : null;
}

/** weightedLength(textOf(root)), without joining the text: the measure adds up over the text's pieces. */
function weightedTextLength(root: AnyNode): number {
  let n = 0;
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') n += weightedLength(node.data);
    else if ('children' in node) for (const c of node.children) stack.push(c);
  }
  return n;
}

/** Paragraphs shorter than this are captions, labels or link text, and do not vote. */
const MIN_PARAGRAPH_CHARS = 25;
/** Containers that vote with the text directly in them; <body> too, for a page that is bare text. */
const INLINE_VOTERS = new Set(['div', 'td', 'blockquote', 'section', 'article', 'main', 'body']);
/** Candidates whose link density is weighed, as Readability's nbTopCandidates. */
const TOP_CANDIDATES = 5;

/**
 * The element holding the article's prose, found the way Readability finds
 * it, in a single cheap pass over the fast cheerio tree: every paragraph votes
 * for its parent (fully), grandparent (half) and great-grandparent (a third)
 * with a score that grows with its length and commas, and the winner's score is
 * discounted by its share of link text. <p> and <pre> vote with their text;
 * <div>, <td>, <blockquote> (and other containers) only with the text directly in them (bodies
 * written as text and <br>s), or every wrapper and layout cell would vote for
 * itself. Used as the fallback extractor and to cut a huge page down to the
 * part worth handing to Readability.
 */
export function findContentRoot($: CheerioAPI, scope?: Element | null): Element | Document | null {
  // The document itself can win: a fragment's paragraphs have no <body> around them.
  const scores = new Map<Element | Document, number>();
  const vote = (node: AnyNode | null, score: number) => {
    if (node && (node.type === 'tag' || node.type === 'root')) scores.set(node, (scores.get(node) ?? 0) + score);
  };
  const ballot = (node: Element | Document, text: string, votesFor: AnyNode | null) => {
    const len = text.trim().length;
    if (len < MIN_PARAGRAPH_CHARS) return;
    const commas = (text.match(/[,，、]/g) ?? []).length;
    const score = 1 + commas + Math.min(Math.floor(len / 100), 3);
    vote(votesFor, score);
    vote(votesFor?.parent ?? null, score / 2);
    vote(votesFor?.parent?.parent ?? null, score / 3);
  };
  const top = scope ?? ($.root()[0]! as Document);
  if (top.type === 'root') ballot(top, inlineText(top), top); // bare text, no markup
  walkElements(top, (el) => {
    const whole = el.name === 'p' || el.name === 'pre';
    if (!whole && !INLINE_VOTERS.has(el.name)) return true;
    // A paragraph votes for its container; a text-bearing div is the container.
    ballot(el, whole ? textOf(el) : inlineText(el), whole ? el.parent : el);
    return !whole;
  });
  // Link density costs a walk of the subtree: only for the leaders.
  let best: Element | Document | null = null;
  let bestScore = 0;
  const leaders = [...scores].sort((a, b) => b[1] - a[1]).slice(0, TOP_CANDIDATES);
  for (const [el, score] of leaders) {
    const adjusted = score * (1 - linkDensity(el));
    if (adjusted > bestScore) [best, bestScore] = [el, adjusted];
  }
  return best;
}

/** The element's own text: text nodes and inline children, not nested blocks. */
function inlineText(el: Element | Document): string {
  let s = '';
  for (const c of el.children) {
    if (c.type === 'text') s += c.data;
    else if (c.type === 'tag' && !BLOCK_TAGS.has(c.name)) s += textOf(c);
  }
  return s;
}
