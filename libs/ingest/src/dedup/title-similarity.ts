import { isCjkScript, scriptOf } from '../language';

/**
 * Headline words that say nothing about which story it is. Kept short and
 * English-only on purpose: a bigger list starts removing content words, and
 * CJK titles are compared by character pairs where particles weigh little.
 */
const STOPWORDS = new Set([
  'a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'is', 'are', 'of', 'on', 'or', 'the', 'to', 'with',
  'after', 'over', 'says', 'say', 'said', 'report', 'reports', 'reportedly', 'despite',
]);

/**
 * The title's comparable tokens: lower-cased words of alphabetic scripts, and
 * overlapping character pairs of CJK runs (Korean headlines drop and add
 * particles and spaces freely; Chinese ones have no spaces at all).
 */
export function titleTokens(title: string): Set<string> {
  const out = new Set<string>();
  let word = '';
  let run: string[] = [];
  const flush = () => {
    if (word && !STOPWORDS.has(word)) out.add(word);
    word = '';
    // A one-character run (北 in "北 노동자") is a token of its own.
    if (run.length === 1) out.add(run[0]!);
    for (let i = 0; i + 1 < run.length; i++) out.add(run[i]! + run[i + 1]!);
    run = [];
  };
  for (const ch of title.normalize('NFKC').toLowerCase()) {
    const script = scriptOf(ch.codePointAt(0)!);
    if (isCjkScript(script)) {
      if (word) flush();
      run.push(ch);
    } else if (script !== null || (ch >= '0' && ch <= '9')) {
      if (run.length) flush();
      word += ch;
    } else if (ch.trim() === '' && run.length) {
      // Spaces inside a Korean headline are not word breaks to rely on.
    } else {
      flush();
    }
  }
  flush();
  return out;
}

/** Token Jaccard of two titles, 0 to 1; 0 when either has no tokens. */
export function titleSimilarity(a: string, b: string): number {
  const ta = titleTokens(a);
  const tb = titleTokens(b);
  if (ta.size === 0 || tb.size === 0) return 0;
  let inter = 0;
  for (const t of ta) if (tb.has(t)) inter++;
  return inter / (ta.size + tb.size - inter);
}
