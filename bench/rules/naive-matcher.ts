import type { BenchArticle } from './corpus';
import type { QueryNode, RuleDefinition, TextPart } from '../../libs/rules/src/core';
import { parseQuery } from '../../libs/rules/src/core';

/**
 * The baseline the matcher is compared with: what one would write without an index. Each
 * rule keeps its own RegExps, one per term alternative (word, wildcard, phrase, CJK
 * string); classifying an article tries every rule in turn, and each rule tests its
 * RegExps over the title and the text as its query asks, short-circuiting AND and OR.
 * It is generous to the baseline: NEAR is read as plain AND (no positions are computed)
 * and no evidence is collected.
 */
type NaiveNode =
  | { k: 're'; re: RegExp }
  | { k: 'and' | 'or'; children: NaiveNode[] }
  | { k: 'not'; child: NaiveNode }
  | { k: 'field'; field: 'title' | 'body'; child: NaiveNode };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EDGE_BEFORE = '(?<![\\p{L}\\p{N}])';
const EDGE_AFTER = '(?![\\p{L}\\p{N}])';

function partPattern(part: TextPart): string {
  if (part.kind === 'cjk') return escape(part.text);
  return `${escape(part.text)}${part.prefix ? '[\\p{L}\\p{N}]*' : ''}`;
}

function termRegExp(parts: TextPart[]): RegExp {
  const body = parts.map(partPattern).join('[^\\p{L}\\p{N}]+');
  const cjk = parts.every((p) => p.kind === 'cjk');
  return new RegExp(cjk ? body : `${EDGE_BEFORE}${body}${EDGE_AFTER}`, 'iu');
}

function compile(node: QueryNode): NaiveNode {
  switch (node.type) {
    case 'text':
      return { k: 're', re: termRegExp(node.parts) };
    case 'and':
    case 'or':
      return { k: node.type, children: node.children.map(compile) };
    case 'not':
      return { k: 'not', child: compile(node.child) };
    case 'near':
      // Local negation (one side NOT) is read as "the other side is present".
      if (node.left.type === 'not') return compile(node.right);
      if (node.right.type === 'not') return compile(node.left);
      return { k: 'and', children: [compile(node.left), compile(node.right)] };
    case 'field':
      return { k: 'field', field: node.field, child: compile(node.child) };
    case 'boost':
      return compile(node.child);
    case 'fact':
      throw new Error('the naive baseline does not evaluate facts');
  }
}

function test(node: NaiveNode, article: BenchArticle, field: 'title' | 'body' | 'both'): boolean {
  switch (node.k) {
    case 're':
      return (field !== 'body' && node.re.test(article.title)) || (field !== 'title' && node.re.test(article.text));
    case 'and':
      return node.children.every((c) => test(c, article, field));
    case 'or':
      return node.children.some((c) => test(c, article, field));
    case 'not':
      return !test(node.child, article, field);
    case 'field':
      return test(node.child, article, node.field);
  }
}

export class NaiveMatcher {
  private readonly rules: Array<{ id: string; root: NaiveNode }>;

  constructor(defs: readonly RuleDefinition[]) {
    this.rules = defs.map((d) => ({ id: d.id, root: compile(parseQuery(d.query)) }));
  }

  get regExpCount(): number {
    const count = (n: NaiveNode): number => {
      if (n.k === 're') return 1;
      if (n.k === 'not' || n.k === 'field') return count(n.child);
      return n.children.reduce((s, c) => s + count(c), 0);
    };
    return this.rules.reduce((s, r) => s + count(r.root), 0);
  }

  classify(article: BenchArticle): string[] {
    return this.rules.filter((r) => test(r.root, article, 'both')).map((r) => r.id);
  }
}
