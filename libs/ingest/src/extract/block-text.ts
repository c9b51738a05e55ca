import type { AnyNode, Element } from 'domhandler';
import { isBoilerplate } from './noise-filter';

/** Elements that start and end a paragraph; everything else is inline and flows into the current one. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul', 'br',
]);
/** Table cells run on within their row, separated by a space. */
const CELL_TAGS = new Set(['td', 'th']);
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'title', 'textarea', 'select', 'button']);

/** A paragraph mostly made of link text is a list of links (related stories, tags), not prose... */
const MAX_LINK_DENSITY = 0.5;
/** ...unless it is long enough to be prose that links a lot. */
const LINK_DENSITY_MAX_CHARS = 300;
/** "By Kim Min-ji" or "By Kim Min-ji and Oleg Petrov, Seoul": capitalised names, no sentence. */
const BY_NAMES = /^by\s+\p{Lu}[\p{L}.'-]*(\s+(\p{Lu}[\p{L}.'-]*|and|&|,))*(,\s*\p{Lu}[\p{L} ]*)?$/u;
/** Time stamps and source lines the templates print above or below the text. */
const STAMP = /^(published|updated|posted|last (updated|modified)|입력|수정|발행|发布时间|更新时间|来源|опубликовано|обновлено)\s*[:：]?/iu;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;
/** Only lines this short are judged as bylines or stamps. */
const BYLINE_MAX_CHARS = 80;

function isBylineOrStamp(text: string): boolean {
  if (text.length > BYLINE_MAX_CHARS) return false;
  return BY_NAMES.test(text) || STAMP.test(text) || EMAIL.test(text);
}

interface Block {
  text: string;
  linkChars: number;
}

/**
 * The prose under `root` as paragraphs: text is gathered in document order,
 * block elements and <br> break paragraphs, and the results are cleaned of
 * link lists, bylines and furniture lines ("Read more", "All rights
 * reserved"). Walks with an explicit stack: malformed pages (thousands of
 * unclosed <div>s or <font>s) nest deeper than recursion allows.
 */
export function blockParagraphs(root: AnyNode, title?: string | null): string[] {
  const blocks: Block[] = [];
  let parts: string[] = [];
  let linkChars = 0;
  let linkDepth = 0;
  const flush = () => {
    const text = parts.join('').replace(/[\s\u00a0\u200b\u3000]+/g, ' ').trim();
    if (text) blocks.push({ text, linkChars: Math.min(linkChars, text.length) });
    parts = [];
    linkChars = 0;
  };

  // Entries are nodes to visit, or markers to run when leaving an element.
  type Exit = { exit: Element };
  const stack: Array<AnyNode | Exit> = [root];
  while (stack.length) {
    const item = stack.pop()!;
    if ('exit' in item) {
      const name = item.exit.name;
      if (name === 'a') linkDepth--;
      if (BLOCK_TAGS.has(name)) flush();
      else if (CELL_TAGS.has(name)) parts.push(' ');
      continue;
    }
    const node = item;
    if (node.type === 'text') {
      parts.push(node.data);
      if (linkDepth > 0) linkChars += node.data.trim().length;
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'root') continue;
    if (node.type === 'tag') {
      if (SKIP_TAGS.has(node.name)) continue;
      if (BLOCK_TAGS.has(node.name)) flush();
      if (node.name === 'a') linkDepth++;
      stack.push({ exit: node });
    }
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  flush();
  return cleanBlocks(blocks, title);
}

function cleanBlocks(blocks: Block[], title?: string | null): string[] {
  const foldedTitle = fold(title ?? '');
  const out: string[] = [];
  for (const { text, linkChars } of blocks) {
    if (text.length < LINK_DENSITY_MAX_CHARS && linkChars / text.length > MAX_LINK_DENSITY) continue;
    if (isBoilerplate(text)) continue;
    if (isBylineOrStamp(text)) continue;
    if (foldedTitle && foldsTo(text, foldedTitle)) continue;
    if (out[out.length - 1] === text) continue;
    out.push(text);
  }
  return out;
}

const ASCII = /^[\x00-\x7f]*$/;
/** ASCII punctuation, symbols and white space: all that \p{P}, \p{S} and \s match below 0x80. */
const ASCII_FOLDED_AWAY = /[!-/:-@[-`{-~\s]+/g;

/** Case, width, spacing and punctuation folded away; ASCII text (most paragraphs) the cheap way to the same result. */
function fold(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase().replace(ASCII_FOLDED_AWAY, '');
  return s.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '');
}

/**
 * fold(s) === folded, without folding `s` when it is ASCII: compared as it is
 * read, so a paragraph that is not the headline (nearly all) is usually told
 * apart within its first few letters.
 */
function foldsTo(s: string, folded: string): boolean {
  if (!ASCII.test(s)) return fold(s) === folded;
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    // What ASCII_FOLDED_AWAY drops: punctuation, symbols and white space.
    if ((c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e) || isAsciiSpace(c)) continue;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (k >= folded.length || folded.charCodeAt(k) !== c) return false;
    k++;
  }
  return k === folded.length;
}

/** The ASCII characters \s matches. */
function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * Length that counts CJK characters twice: one carries about what two or three
 * Latin letters do, so "enough text to be an article" means the same in
 * Korean, Chinese and English.
 */
export function weightedLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af)) n++;
  }
  return n;
}

/** Total weighted text below which a page has no article (an index page, a 404, a consent wall). */
export const MIN_ARTICLE_CHARS = 200;
/** ...and the longest paragraph must be at least a real sentence or two. */
export const MIN_LONGEST_PARAGRAPH = 80;

export function looksLikeArticle(paragraphs: string[]): boolean {
  let total = 0;
  let longest = 0;
  for (const p of paragraphs) {
    const n = weightedLength(p);
    total += n;
    longest = Math.max(longest, n);
  }
  return total >= MIN_ARTICLE_CHARS && longest >= MIN_LONGEST_PARAGRAPH;
}
