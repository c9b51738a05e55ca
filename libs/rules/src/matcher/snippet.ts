/** Marks around the hit in plain-text snippets; HTML highlighting uses start/end instead. */
export const HIT_OPEN = '[[';
export const HIT_CLOSE = ']]';

const ELLIPSIS = '\u2026';

const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/** Runs of white space as one space; the string itself when it has none to change (the usual case). */
function squash(s: string): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c) && (c !== 0x20 || isSpace(s.charCodeAt(i + 1)))) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  let inSpace = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      if (!inSpace) out += ' ';
      inSpace = true;
    } else {
      out += s[i];
      inSpace = false;
    }
  }
  return out;
}

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
    for (let i = from; i < start; i++) {
      if (isSpace(text.charCodeAt(i))) {
        from = i + 1;
        break;
      }
    }
  }
  if (to < text.length) {
    for (let i = to - 1; i >= end; i--) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a) {
        to = i;
        break;
      }
    }
  }
  let hit = squash(text.slice(start, end));
  if (hit.length > width) hit = `${hit.slice(0, width / 2 - 1)} ${ELLIPSIS} ${hit.slice(-(width / 2 - 1))}`;
  const before = squash(text.slice(from, start)).trimStart();
  const after = squash(text.slice(end, to)).trimEnd();
  return `${from > 0 ? ELLIPSIS : ''}${before}${HIT_OPEN}${hit}${HIT_CLOSE}${after}${to < text.length ? ELLIPSIS : ''}`;
}
