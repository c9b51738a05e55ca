import { LexToken, lexQuery } from './query-lexer';
import { QuerySyntaxError } from './query-syntax.error';
import { QueryNode } from './query.types';

/**
 * Parses a rule query into an AST. Precedence, tightest first:
 *   field scope (title:) > weight (^n) > NEAR/ONEAR > NOT > AND (also plain adjacency) > OR
 * so `a b OR c` is `(a AND b) OR c` and `NOT a b` is `(NOT a) AND b`. Adjacency means AND
 * because that is what admins expect from search boxes; lower-case and/or/not are
 * rejected by the lexer so they cannot silently become search words.
 */
export function parseQuery(query: string): QueryNode {
  if (query.trim() === '') throw new QuerySyntaxError('empty query', 0, false);
  const parser = new Parser(query, lexQuery(query));
  const root = parser.parseRoot();
  const absent = absenceOnly(root);
  if (absent) {
    throw new QuerySyntaxError('this part only matches when words are absent; add a word, phrase or fact that must be present', absent.start);
  }
  return root;
}

class Parser {
  private index = 0;

  constructor(
    private readonly query: string,
    private readonly tokens: LexToken[],
  ) {}

  parseRoot(): QueryNode {
    const node = this.parseOr();
    const rest = this.peek();
    if (rest) {
      if (rest.t === 'rparen') throw new QuerySyntaxError('unbalanced parenthesis', rest.pos);
      throw new QuerySyntaxError('unexpected text', rest.pos);
    }
    return node;
  }

  private peek(): LexToken | undefined {
    return this.tokens[this.index];
  }

  private next(): LexToken | undefined {
    return this.tokens[this.index++];
  }

  private startsClause(tok: LexToken | undefined): boolean {
    return !!tok && (tok.t === 'text' || tok.t === 'fact' || tok.t === 'field' || tok.t === 'lparen' || tok.t === 'not');
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peek()?.t === 'or') {
      const op = this.next()!;
      if (!this.startsClause(this.peek())) throw new QuerySyntaxError('OR needs something on its right', op.pos);
      children.push(this.parseAnd());
    }
    if (children.length === 1) return children[0];
    return { type: 'or', children, start: children[0].start, end: children[children.length - 1].end };
  }

  private parseAnd(): QueryNode {
    const children = [this.parseUnary()];
    for (;;) {
      const tok = this.peek();
      if (tok?.t === 'and') {
        this.next();
        if (!this.startsClause(this.peek())) throw new QuerySyntaxError('AND needs something on its right', tok.pos);
        children.push(this.parseUnary());
      } else if (this.startsClause(tok)) {
        children.push(this.parseUnary());
      } else {
        break;
      }
    }
    if (children.length === 1) return children[0];
    return { type: 'and', children, start: children[0].start, end: children[children.length - 1].end };
  }

  private parseUnary(): QueryNode {
    const tok = this.peek();
    if (tok?.t === 'not') {
      this.next();
      if (!this.startsClause(this.peek())) throw new QuerySyntaxError('NOT needs something on its right', tok.pos);
      const child = this.parseUnary();
      return { type: 'not', child, start: tok.pos, end: child.end };
    }
    return this.parseNear();
  }

  private parseNear(): QueryNode {
    let left = this.parseWeighted();
    for (let tok = this.peek(); tok?.t === 'near'; tok = this.peek()) {
      this.next();
      const name = tok.ordered ? 'ONEAR' : 'NEAR';
      const after = this.peek();
      if (!after || !(after.t === 'text' || after.t === 'lparen' || after.t === 'field' || after.t === 'fact' || after.t === 'not')) {
        throw new QuerySyntaxError(`${name} needs a word, phrase or (group) on its right`, tok.pos);
      }
      const right = after.t === 'not' ? this.parseLocalNot() : this.parseWeighted();
      checkNearOperand(left, true);
      checkNearOperand(right, true);
      if (left.type === 'not' && right.type === 'not') {
        throw new QuerySyntaxError(`${name} needs one side that must be present; only one side can be NOT`, left.start);
      }
      left = { type: 'near', left, right, distance: tok.distance, ordered: tok.ordered, start: left.start, end: right.end };
    }
    return left;
  }

  /** `a ONEAR/2 NOT b`: the NOT belongs to the right-hand side only (local negation). */
  private parseLocalNot(): QueryNode {
    const tok = this.next()!;
    if (!this.startsClause(this.peek()) || this.peek()?.t === 'not') throw new QuerySyntaxError('NOT needs a word, phrase or (group) on its right', tok.pos);
    const child = this.parseWeighted();
    return { type: 'not', child, start: tok.pos, end: child.end };
  }

  private parseWeighted(): QueryNode {
    let node = this.parsePrimary();
    for (let tok = this.peek(); tok?.t === 'boost'; tok = this.peek()) {
      this.next();
      node = { type: 'boost', weight: tok.weight, child: node, start: node.start, end: tok.end };
    }
    return node;
  }

  private parsePrimary(): QueryNode {
    const tok = this.next();
    if (!tok) throw new QuerySyntaxError('the query ends too early', this.query.length);
    switch (tok.t) {
      case 'lparen': {
        const first = this.peek();
        if (!first) throw new QuerySyntaxError('unbalanced parenthesis', tok.pos);
        if (first.t === 'rparen') throw new QuerySyntaxError('empty parentheses', tok.pos);
        const inner = this.parseOr();
        const close = this.next();
        if (close?.t !== 'rparen') throw new QuerySyntaxError('unbalanced parenthesis', tok.pos);
        // Groups show with their parentheses when quoted as an evidence clause.
        if (inner.type === 'and' || inner.type === 'or' || inner.type === 'not' || inner.type === 'near') {
          inner.start = tok.pos;
          inner.end = close.end;
        }
        return inner;
      }
      case 'field': {
        const next = this.peek();
        if (!next || !(next.t === 'text' || next.t === 'lparen')) {
          throw new QuerySyntaxError(`${tok.field}: needs a word, "phrase" or (group) right after the colon`, tok.pos);
        }
        const child = this.parsePrimary();
        checkFieldContent(child);
        return { type: 'field', field: tok.field, child, start: tok.pos, end: child.end };
      }
      case 'text':
        return { type: 'text', parts: tok.parts, quoted: tok.quoted, start: tok.pos, end: tok.end };
      case 'fact':
        return { type: 'fact', condition: tok.condition, start: tok.pos, end: tok.end };
      case 'rparen':
        throw new QuerySyntaxError('unbalanced parenthesis', tok.pos);
      case 'and':
      case 'or':
        throw new QuerySyntaxError(`${tok.t.toUpperCase()} needs something on its left`, tok.pos);
      case 'near':
        throw new QuerySyntaxError(`${tok.ordered ? 'ONEAR' : 'NEAR'} needs something on its left`, tok.pos);
      case 'boost':
        throw new QuerySyntaxError('^ needs a clause on its left', tok.pos);
      case 'not':
        throw new QuerySyntaxError('NOT cannot be used here; put it before the whole clause', tok.pos);
    }
  }
}

/**
 * NEAR compares word positions, so both sides must be things that have positions. A whole
 * side may be negated (`a ONEAR/2 NOT b`, `(NOT b) ONEAR/2 a`): local negation.
 */
function checkNearOperand(node: QueryNode, side: boolean): void {
  switch (node.type) {
    case 'text':
      return;
    case 'near':
      return;
    case 'or':
      node.children.forEach((c) => checkNearOperand(c, false));
      return;
    case 'not':
      if (!side) throw new QuerySyntaxError('NOT inside NEAR must be a whole side, e.g. a NEAR/3 NOT (b OR c)', node.start);
      checkNearOperand(node.child, false);
      return;
    case 'field':
      throw new QuerySyntaxError('put the field before the whole NEAR, e.g. title:(a NEAR/3 b)', node.start);
    case 'boost':
      throw new QuerySyntaxError('^ weights cannot be used inside NEAR', node.end - 1);
    default:
      throw new QuerySyntaxError('NEAR works on words, phrases and OR-groups of them, not on AND or facts', node.start);
  }
}

function checkFieldContent(node: QueryNode): void {
  switch (node.type) {
    case 'field':
      throw new QuerySyntaxError('a field scope cannot contain another one', node.start);
    case 'fact':
      throw new QuerySyntaxError('facts belong to the whole article; put them outside title:/body:', node.start);
    case 'and':
    case 'or':
      node.children.forEach(checkFieldContent);
      return;
    case 'not':
    case 'boost':
      checkFieldContent(node.child);
      return;
    case 'near':
      checkFieldContent(node.left);
      checkFieldContent(node.right);
      return;
    case 'text':
      return;
  }
}

/**
 * The part of the query that can be true with nothing present (`NOT x`, `a OR NOT b`),
 * or null. Such a rule would match every unrelated article.
 */
function absenceOnly(node: QueryNode): QueryNode | null {
  switch (node.type) {
    case 'not':
      return node;
    case 'and':
      return node.children.every((c) => absenceOnly(c) !== null) ? node : null;
    case 'or':
      for (const c of node.children) {
        const bad = absenceOnly(c);
        if (bad) return bad;
      }
      return null;
    case 'field':
    case 'boost':
      return absenceOnly(node.child) ? node : null;
    default:
      return null;
  }
}
