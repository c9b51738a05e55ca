import type { Facts, Span } from '../facts/facts.types';
import type { FactCondition } from '../query/query.types';
import { foldString } from './text-normalizer';

/** A fact that satisfied a condition, as extracted: its text and span in the facts' source text. */
export interface FactHit {
  text: string;
  span: Span;
}

const fold = (s: string | undefined) => foldString(s ?? '').replace(/\s+/g, ' ').trim();

function compare(a: number, op: '>=' | '>' | '<=' | '<' | '=', b: number): boolean {
  switch (op) {
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '<':
      return a < b;
    case '=':
      return a === b;
  }
}

/**
 * The facts satisfying a condition (empty: the condition is false). Facts may come back
 * from the database as JSON written by an older extractor, so missing lists are empty.
 */
export function evaluateFact(condition: FactCondition, facts: Facts): FactHit[] {
  const places = facts.places ?? [];
  switch (condition.fact) {
    case 'has':
      switch (condition.value) {
        case 'amount':
          return facts.amounts ?? [];
        case 'place':
          return places;
        case 'workers':
          return facts.workerCounts ?? [];
        case 'resolution':
          return facts.resolutions ?? [];
        case 'visa':
          return facts.visas ?? [];
        case 'date':
          return facts.dates ?? [];
        case 'deadline':
          return (facts.dates ?? []).filter((d) => d.kind === 'deadline');
      }
      return [];
    case 'place': {
      // "place:Jilin" should find Yanji (region Jilin) as well as Jilin city.
      const want = condition.value;
      return places.filter((p) => fold(p.name) === want || fold(p.region) === want || fold(p.text) === want);
    }
    case 'place.country':
      return places.filter((p) => (p.country ?? '').toUpperCase() === condition.value);
    case 'place.region':
      return places.filter((p) => fold(p.region) === condition.value);
    case 'resolution':
      return (facts.resolutions ?? []).filter((r) => String(Number(r.number)) === condition.value);
    case 'visa':
      return (facts.visas ?? []).filter((v) => v.type === condition.value);
    case 'amount.currency':
      return (facts.amounts ?? []).filter((a) => (a.currency ?? '').toUpperCase() === condition.value);
    case 'workers':
      return (facts.workerCounts ?? []).filter((w) => compare(w.value, condition.op, condition.value));
  }
}
