/** Marks around the hit in plain-text snippets; HTML highlighting uses start/end instead. */
export const HIT_OPEN = '[[';
export const HIT_CLOSE = ']]';

const ELLIPSIS = '\u2026';

const squash = (s: string) => s.replace(/\s+/g, ' ');

/**
 * About `width` characters of context around text[start, end) on one line, cut at word
 * boundaries, with the hit wrapped in [[ ]]. Whitespace is collapsed, so the snippet is
 * for reading only: its offsets do not correspond to the field's.
 */
export function buildSnippet(text: string, start: number, end: number, width = 160): string {
  const room = Math.max(20, Math.floor((width - (end - start)) / 2));
  let from = Math.max(0, start - room);
  let to = Math.min(text.length, end + room);
  if (from > 0) {
    const space = text.slice(from, start).search(/\s/);
    if (space >= 0) from += space + 1;
  }
  if (to < text.length) {
    const tail = text.slice(end, to);
    const space = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'));
    if (space >= 0) to = end + space;
  }
  let hit = squash(text.slice(start, end));
  if (hit.length > width) hit = `${hit.slice(0, width / 2 - 1)} ${ELLIPSIS} ${hit.slice(-(width / 2 - 1))}`;
  const before = squash(text.slice(from, start)).trimStart();
  const after = squash(text.slice(end, to)).trimEnd();
  return `${from > 0 ? ELLIPSIS : ''}${before}${HIT_OPEN}${hit}${HIT_CLOSE}${after}${to < text.length ? ELLIPSIS : ''}`;
}
