/**
 * Open elements beyond which further opening tags are dropped (their text is
 * kept). htmlparser2 keeps its open-element stack with Array#unshift, so its
 * time grows with the square of the nesting: a 1 MB page of never-closed
 * <div><font><b> tags (180,000 deep) took 18 s to parse. Real article markup
 * nests a few dozen deep.
 */
export const MAX_OPEN_ELEMENTS = 200;

/** Elements that never have content, or close themselves when a sibling opens: they do not deepen the tree. */
const NOT_NESTING = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'rp', 'rt', '!doctype',
]);

/** A comment, a script or style with its raw content, or a tag. */
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)|<(\/?)([a-zA-Z][\w:-]*)\b[^>]*?(\/?)>/gi;

/**
 * The HTML with opening tags past MAX_OPEN_ELEMENTS deep removed, tracking
 * nesting roughly as a parser would (close tags pop back to their match,
 * unmatched ones are ignored). Returns the input itself when nothing is that
 * deep, which is every ordinary page: one regex pass, about 20 ms per MB.
 */
export function limitNesting(html: string): string {
  const open: string[] = [];
  let out: string[] | null = null;
  let copied = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    const [, raw, closing, tag, selfClosing] = m;
    if (raw || !tag) continue; // comments, scripts and styles do not nest
    const name = tag.toLowerCase();
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
      continue;
    }
    if (selfClosing || NOT_NESTING.has(name)) continue;
    if (open.length < MAX_OPEN_ELEMENTS) {
      open.push(name);
      continue;
    }
    out ??= [];
    out.push(html.slice(copied, m.index));
    copied = m.index + m[0].length;
  }
  if (!out) return html;
  out.push(html.slice(copied));
  return out.join('');
}
