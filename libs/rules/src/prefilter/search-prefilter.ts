import { foldString } from '../matcher/text-normalizer';
import type { QueryNode, TextNode } from '../query/query.types';

/**
 * Backtests run a draft rule over every stored article; reading and matching
 * them all is what costs. PostgreSQL can instead hand over only the articles
 * that hold the words the rule cannot match without, from a GIN index over
 * each article's folded words. The exact matcher then decides, so the
 * prefilter only has to be a superset: every article the rule can match must
 * pass it.
 *
 * Superset rules: a term needs its words (as prefixes, which also covers
 * wildcards and plural or possessive forms); AND and NEAR need both sides; OR
 * needs one of its branches, but only when every branch can be expressed;
 * NOT, fact conditions and CJK or Hangul pieces (matched inside words, which a
 * word index cannot see) require nothing.
 */

/** At most this many characters are indexed; a longer article is always a candidate. */
export const MAX_SEARCH_DOCUMENT = 300_000;

const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** The text PostgreSQL indexes for an article (`to_tsvector('simple', ...)`), or null when it is too long to index. */
export function searchDocument(title: string, text: string): string | null {
  const folded = foldString(`${title} ${text}`).replace(NON_WORD, ' ').trim();
  return folded.length > MAX_SEARCH_DOCUMENT ? null : folded;
}

function textQuery(node: TextNode): string | null {
  const words = node.parts
    .filter((p) => p.kind === 'word')
    .flatMap((p) => p.text.split(NON_WORD))
    .filter((w) => w.length > 0)
    .map((w) => `${w}:*`);
  return words.length ? words.join(' & ') : null;
}

function all(parts: (string | null)[]): string | null {
  const kept = parts.filter((p): p is string => p !== null);
  return kept.length ? kept.map((p) => `(${p})`).join(' & ') : null;
}

/**
 * A tsquery (PostgreSQL, 'simple' configuration) that every article the query
 * can match satisfies, or null when nothing can be required.
 */
export function requiredTermsQuery(node: QueryNode): string | null {
  switch (node.type) {
    case 'text':
      return textQuery(node);
    case 'and':
      return all(node.children.map(requiredTermsQuery));
    case 'or': {
      const branches = node.children.map(requiredTermsQuery);
      return branches.some((b) => b === null) ? null : branches.map((b) => `(${b})`).join(' | ');
    }
    case 'near':
      return all([requiredTermsQuery(node.left), requiredTermsQuery(node.right)]);
    case 'field':
    case 'boost':
      return requiredTermsQuery(node.child);
    case 'not':
    case 'fact':
      return null;
  }
}
