/**
 * Small look-around helpers shared by the extractors.
 *
 * The extractors find a cheap anchor first (a number, a month name, a keyword) and
 * then look at the few characters around it. Looking *after* the anchor is a sticky
 * regex run at one position; looking *before* it is an end-anchored regex run on a
 * short slice, which costs a handful of characters instead of a scan of the article.
 */

export interface Hit {
  /** Absolute [start, end) of the match in the text. */
  start: number;
  end: number;
  m: RegExpExecArray;
}

/** Runs a sticky (`y`) regex at `pos`. */
export function matchAt(text: string, pos: number, sticky: RegExp): Hit | null {
  sticky.lastIndex = pos;
  const m = sticky.exec(text);
  if (!m) return null;
  return { start: pos, end: pos + m[0].length, m };
}

/**
 * Runs an end-anchored regex (`...$`, not global) on the `size` characters before
 * `pos`. Because regexes match leftmost-first, optional leading parts ("U.N.
 * Security Council" before "Resolution") are included whenever they are present.
 */
export function matchBefore(text: string, pos: number, endAnchored: RegExp, size: number): Hit | null {
  const from = pos > size ? pos - size : 0;
  const m = endAnchored.exec(text.slice(from, pos));
  if (!m) return null;
  return { start: from + m.index, end: pos, m };
}
