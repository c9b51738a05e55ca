import type { AnyNode, Element } from 'domhandler';

/*
 * Tree walks over cheerio's (domhandler's) nodes with an explicit stack.
 * Two reasons not to use cheerio's own methods here: `.find()` within an
 * element costs seconds on a big subtree (750 ms for 13,000 paragraphs), and
 * `.text()` recurses, which overflows the stack on the tens of thousands of
 * unclosed tags a broken page can nest.
 */

/** Calls `visit` on every element under `root` (and root itself), in document order; false skips the element's subtree. */
export function walkElements(root: AnyNode, visit: (el: Element) => boolean | void): void {
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'tag' && visit(node) === false) continue;
    if ('children' in node) {
      const children = node.children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
}

/** All text under `root`, concatenated (scripts' and styles' included, as textContent does). */
export function textOf(root: AnyNode): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') parts.push(node.data);
    else if ('children' in node) {
      const children = node.children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return parts.join('');
}

/** Share of the text under `root` that sits inside links: near 1 for menus and link lists. */
export function linkDensity(root: AnyNode): number {
  let total = 0;
  let linked = 0;
  const stack: Array<[AnyNode, boolean]> = [[root, false]];
  while (stack.length) {
    const [node, inLink] = stack.pop()!;
    if (node.type === 'text') {
      const n = node.data.trim().length;
      total += n;
      if (inLink) linked += n;
    } else if ('children' in node) {
      const link = inLink || (node.type === 'tag' && node.name === 'a');
      for (const c of node.children) stack.push([c, link]);
    }
  }
  return total === 0 ? 1 : linked / total;
}

/**
 * Depth beyond which elements are flattened into their text. Real article
 * markup nests a few dozen deep; a broken page (a <font> never closed, in a
 * loop) nests as deep as it has tags, and every recursive consumer
 * (serialisation for jsdom, cheerio's text) would overflow the stack.
 */
export const MAX_DEPTH = 256;

/** Replaces what lies deeper than MAX_DEPTH under `root` with its text; returns how many elements were flattened. */
export function flattenDeepNesting(root: AnyNode, replaceWithText: (el: Element, text: string) => void): number {
  let flattened = 0;
  const stack: Array<[AnyNode, number]> = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'root') continue;
    if (node.type === 'tag' && depth >= MAX_DEPTH && node.children.some((c) => c.type === 'tag')) {
      replaceWithText(node, textOf(node));
      flattened++;
      continue;
    }
    for (const c of node.children) stack.push([c, depth + 1]);
  }
  return flattened;
}
