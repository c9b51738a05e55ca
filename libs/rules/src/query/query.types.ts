import type { VisaType } from '../facts/facts.types';

/** [start, end) offsets of a node in the query text; `clause` in evidence is that slice. */
export interface QuerySpan {
  start: number;
  end: number;
}

/**
 * One piece of a text leaf. Alphabetic words match whole tokens (or, with `prefix`,
 * any token starting with `text`); CJK pieces match as substrings of the CJK stream.
 */
export type TextPart =
  | { kind: 'word'; text: string; prefix: boolean }
  | { kind: 'cjk'; text: string };

/**
 * A term, wildcard or phrase. A bare word that folds into several pieces
 * (`north-korean`, `朝鲜IT`) is a phrase too: its pieces must be adjacent.
 */
export interface TextNode extends QuerySpan {
  type: 'text';
  parts: TextPart[];
  quoted: boolean;
}

export interface AndNode extends QuerySpan {
  type: 'and';
  children: QueryNode[];
}

export interface OrNode extends QuerySpan {
  type: 'or';
  children: QueryNode[];
}

export interface NotNode extends QuerySpan {
  type: 'not';
  child: QueryNode;
}

/** `left NEAR/n right` (any order) or `left ONEAR/n right` (left first). */
export interface NearNode extends QuerySpan {
  type: 'near';
  left: QueryNode;
  right: QueryNode;
  distance: number;
  ordered: boolean;
}

export type FieldName = 'title' | 'body';

export interface FieldNode extends QuerySpan {
  type: 'field';
  field: FieldName;
  child: QueryNode;
}

/** `clause^w`: multiplies the score weight of every clause inside by w. */
export interface BoostNode extends QuerySpan {
  type: 'boost';
  weight: number;
  child: QueryNode;
}

export const HAS_VALUES = ['amount', 'place', 'workers', 'resolution', 'visa', 'deadline', 'date'] as const;
export type HasValue = (typeof HAS_VALUES)[number];

export const VISA_TYPES: readonly VisaType[] = ['student', 'trainee', 'visitor', 'tourist', 'work', 'none'];

export type Comparison = '>=' | '>' | '<=' | '<' | '=';

export type FactCondition =
  | { fact: 'has'; value: HasValue }
  | { fact: 'place'; value: string }
  | { fact: 'place.country'; value: string }
  | { fact: 'place.region'; value: string }
  | { fact: 'resolution'; value: string }
  | { fact: 'visa'; value: VisaType }
  | { fact: 'amount.currency'; value: string }
  | { fact: 'workers'; op: Comparison; value: number };

export interface FactNode extends QuerySpan {
  type: 'fact';
  condition: FactCondition;
}

export type QueryNode = TextNode | AndNode | OrNode | NotNode | NearNode | FieldNode | BoostNode | FactNode;
