import type { FactCondition, QueryNode } from '../query/query.types';
import { TermIndex } from './term-index';

export const FieldMask = { Title: 1, Body: 2, Both: 3 } as const;
export type FieldMask = (typeof FieldMask)[keyof typeof FieldMask];

/**
 * A scoring clause: a term, phrase, wildcard, NEAR expression or fact condition. `key`
 * is structural, so the same clause written twice (or in two rules) is one clause.
 */
export interface Clause {
  key: string;
  /** The clause as written in the query, quoted in evidence. */
  text: string;
  weight: number;
}

/**
 * Things with word positions: units, OR-groups of them, proximity. A proximity node with
 * `exclude` is local negation (`a ONEAR/2 NOT b`): its hits are those of the other side
 * that have no hit of the excluded side near them.
 */
export type PosNode =
  | { k: 'unit'; unit: number; key: string }
  | { k: 'union'; children: PosNode[]; key: string }
  | { k: 'near'; left: PosNode; right: PosNode; distance: number; ordered: boolean; exclude: 'left' | 'right' | null; key: string };

export type BoolNode =
  | { k: 'pos'; node: PosNode; clause: Clause }
  | { k: 'and'; children: BoolNode[] }
  | { k: 'or'; children: BoolNode[] }
  | { k: 'not'; child: BoolNode }
  | { k: 'field'; mask: FieldMask; child: BoolNode }
  | { k: 'fact'; condition: FactCondition; clause: Clause };

/** Turns a parsed query into evaluable nodes, registering its terms in the shared index. */
export function compileQuery(ast: QueryNode, query: string, index: TermIndex): BoolNode {
  const compile = (node: QueryNode, weight: number): BoolNode => {
    // Pack queries are multi-line YAML; evidence quotes the clause on one line.
    const text = query.slice(node.start, node.end).replace(/\s+/g, ' ');
    switch (node.type) {
      case 'text':
      case 'near': {
        const pos = compilePos(node, index);
        return { k: 'pos', node: pos, clause: { key: pos.key, text, weight } };
      }
      case 'and':
        return { k: 'and', children: node.children.map((c) => compile(c, weight)) };
      case 'or':
        return { k: 'or', children: node.children.map((c) => compile(c, weight)) };
      case 'not':
        return { k: 'not', child: compile(node.child, weight) };
      case 'field':
        return { k: 'field', mask: node.field === 'title' ? FieldMask.Title : FieldMask.Body, child: compile(node.child, weight) };
      case 'boost':
        return compile(node.child, weight * node.weight);
      case 'fact':
        return { k: 'fact', condition: node.condition, clause: { key: `f:${JSON.stringify(node.condition)}`, text, weight } };
    }
  };
  return compile(ast, 1);
}

function compilePos(node: QueryNode, index: TermIndex): PosNode {
  switch (node.type) {
    case 'text': {
      const unit = index.unitFor(node.parts);
      return { k: 'unit', unit, key: `u${unit}` };
    }
    case 'or': {
      const children = node.children.map((c) => compilePos(c, index));
      return { k: 'union', children, key: `(${children.map((c) => c.key).sort().join('|')})` };
    }
    case 'near': {
      const exclude = node.left.type === 'not' ? 'left' : node.right.type === 'not' ? 'right' : null;
      const left = compilePos(node.left.type === 'not' ? node.left.child : node.left, index);
      const right = compilePos(node.right.type === 'not' ? node.right.child : node.right, index);
      const op = `${node.ordered ? 'o' : ''}${node.distance}`;
      const leftKey = exclude === 'left' ? `!${left.key}` : left.key;
      const rightKey = exclude === 'right' ? `!${right.key}` : right.key;
      // NEAR is symmetric, so "a NEAR/3 b" and "b NEAR/3 a" are one clause.
      const [a, b] = node.ordered || leftKey <= rightKey ? [leftKey, rightKey] : [rightKey, leftKey];
      return { k: 'near', left, right, distance: node.distance, ordered: node.ordered, exclude, key: `[${a}~${op}~${b}]` };
    }
    default:
      // The parser only lets text, OR and NEAR into proximity operands.
      throw new Error(`not a positional clause: ${node.type}`);
  }
}

/** Every unit a compiled query refers to (negated ones included). */
export function unitsOf(node: BoolNode, into = new Set<number>()): Set<number> {
  switch (node.k) {
    case 'pos':
      posTriggers(node.node, true).forEach((u) => into.add(u));
      break;
    case 'and':
    case 'or':
      node.children.forEach((c) => unitsOf(c, into));
      break;
    case 'not':
    case 'field':
      unitsOf(node.child, into);
      break;
    case 'fact':
      break;
  }
  return into;
}

/**
 * Units of which at least one must occur for the query to be true, or null when the
 * query can be true without any (facts, NOT). Rules are indexed under these, so an
 * article only evaluates rules one of whose trigger units it contains. Of the children
 * of an AND, the cheapest set wins; `cost` estimates how often a set of units occurs.
 */
export function triggersOf(node: BoolNode, cost: (units: number[]) => number): number[] | null {
  switch (node.k) {
    case 'pos':
      return posTriggers(node.node, false);
    case 'and': {
      let best: number[] | null = null;
      let bestCost = Number.POSITIVE_INFINITY;
      for (const c of node.children) {
        const t = triggersOf(c, cost);
        if (!t) continue;
        const tCost = cost(t);
        if (tCost < bestCost) {
          best = t;
          bestCost = tCost;
        }
      }
      return best;
    }
    case 'or': {
      const all: number[] = [];
      for (const c of node.children) {
        const t = triggersOf(c, cost);
        if (!t) return null;
        all.push(...t);
      }
      return [...new Set(all)];
    }
    case 'field':
      return triggersOf(node.child, cost);
    case 'not':
    case 'fact':
      return null;
  }
}

/** Units that must occur for a positional node (`all`: every unit it mentions). */
function posTriggers(node: PosNode, all: boolean): number[] {
  switch (node.k) {
    case 'unit':
      return [node.unit];
    case 'union':
      return [...new Set(node.children.flatMap((c) => posTriggers(c, all)))];
    case 'near': {
      const l = posTriggers(node.left, all);
      const r = posTriggers(node.right, all);
      if (all) return [...l, ...r];
      // An excluded side need not occur: only the present side can trigger.
      if (node.exclude === 'left') return r;
      if (node.exclude === 'right') return l;
      return l.length <= r.length ? l : r;
    }
  }
}
