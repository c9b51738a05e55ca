import type { TextPart } from '../query/query.types';
import { FieldTokens, TokenKind } from './field-tokenizer';

/** A match of one unit: token range [t0, t1] (inclusive) and char range [c0, c1) in the field. */
export interface Hit {
  t0: number;
  t1: number;
  c0: number;
  c1: number;
}

/** Hits of every unit that occurs in the article, per field: [title, body]. */
export type ArticleHits = Map<number, [Hit[], Hit[]]>;

interface CjkEntry {
  text: string;
  unit: number;
}

/**
 * Every distinct word, wildcard prefix, CJK string and phrase of all compiled rules,
 * each numbered once ("unit"). Matching an article costs one lookup per distinct token
 * (plus one per prefix length for wildcards) and one scan of its CJK characters,
 * whatever the number of rules.
 */
export class TermIndex {
  private readonly ids = new Map<string, number>();
  private readonly exact = new Map<string, number>();
  private readonly prefixes = new Map<string, number>();
  private readonly prefixUnits = new Set<number>();
  private minPrefix = Number.POSITIVE_INFINITY;
  private maxPrefix = 0;
  private readonly cjkByFirst = new Map<string, CjkEntry[]>();
  private readonly phraseParts = new Map<number, number[]>();
  private readonly phrasesByFirst = new Map<number, number[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The unit of a term, wildcard or phrase; equal texts share one unit. */
  unitFor(parts: TextPart[]): number {
    if (parts.length === 1) return this.partUnit(parts[0]);
    const ids = parts.map((p) => this.partUnit(p));
    return this.intern(`ph:${ids.join(',')}`, (unit) => {
      this.phraseParts.set(unit, ids);
      const list = this.phrasesByFirst.get(ids[0]) ?? [];
      list.push(unit);
      this.phrasesByFirst.set(ids[0], list);
    });
  }

  /** True for units that only exist as phrases (rarer than their words, so better triggers). */
  isPhrase(unit: number): boolean {
    return this.phraseParts.has(unit);
  }

  private partUnit(part: TextPart): number {
    if (part.kind === 'cjk') {
      return this.intern(`c:${part.text}`, (unit) => {
        const first = part.text[0];
        const list = this.cjkByFirst.get(first) ?? [];
        list.push({ text: part.text, unit });
        this.cjkByFirst.set(first, list);
      });
    }
    if (part.prefix) {
      return this.intern(`p:${part.text}`, (unit) => {
        this.prefixes.set(part.text, unit);
        this.prefixUnits.add(unit);
        this.minPrefix = Math.min(this.minPrefix, part.text.length);
        this.maxPrefix = Math.max(this.maxPrefix, part.text.length);
      });
    }
    return this.intern(`w:${part.text}`, (unit) => this.exact.set(part.text, unit));
  }

  private intern(key: string, register: (unit: number) => void): number {
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const unit = this.count++;
    this.ids.set(key, unit);
    register(unit);
    return unit;
  }

  match(fields: readonly [FieldTokens, FieldTokens]): ArticleHits {
    const hits: ArticleHits = new Map();
    const add = (unit: number, field: 0 | 1, hit: Hit) => {
      let entry = hits.get(unit);
      if (!entry) {
        entry = [[], []];
        hits.set(unit, entry);
      }
      entry[field].push(hit);
    };

    for (const f of [0, 1] as const) {
      const ft = fields[f];
      const positions = new Map<string, number[]>();
      for (let i = 0; i < ft.tokens.length; i++) {
        if (ft.kinds[i] !== TokenKind.Word) continue;
        const list = positions.get(ft.tokens[i]);
        if (list) list.push(i);
        else positions.set(ft.tokens[i], [i]);
      }
      for (const [token, at] of positions) {
        const unit = this.exact.get(token);
        if (unit !== undefined) for (const p of at) add(unit, f, { t0: p, t1: p, c0: ft.starts[p], c1: ft.ends[p] });
        const longest = Math.min(this.maxPrefix, token.length);
        for (let k = this.minPrefix; k <= longest; k++) {
          const prefixUnit = this.prefixes.get(token.slice(0, k));
          if (prefixUnit !== undefined) for (const p of at) add(prefixUnit, f, { t0: p, t1: p, c0: ft.starts[p], c1: ft.ends[p] });
        }
      }
      if (this.cjkByFirst.size > 0) this.scanCjk(ft, f, add);
    }

    for (const [unit, entry] of hits) {
      if (!this.prefixUnits.has(unit)) continue;
      for (const list of entry) list.sort((a, b) => a.t0 - b.t0);
    }
    this.matchPhrases(hits);
    return hits;
  }

  private scanCjk(ft: FieldTokens, f: 0 | 1, add: (unit: number, field: 0 | 1, hit: Hit) => void): void {
    const s = ft.cjk;
    for (let i = 0; i < s.length; i++) {
      const candidates = this.cjkByFirst.get(s[i]);
      if (!candidates) continue;
      for (const c of candidates) {
        if (!s.startsWith(c.text, i)) continue;
        const last = i + c.text.length - 1;
        add(c.unit, f, { t0: ft.cjkToken[i], t1: ft.cjkToken[last], c0: ft.cjkStart[i], c1: ft.cjkEnd[last] });
      }
    }
  }

  /** A phrase is its parts on consecutive tokens; only phrases whose first part occurs are tried. */
  private matchPhrases(hits: ArticleHits): void {
    const present = [...hits.keys()];
    const byStart = new Map<number, Map<number, Hit>>();
    const startsOf = (unit: number, f: 0 | 1): Map<number, Hit> => {
      const key = unit * 2 + f;
      let map = byStart.get(key);
      if (!map) {
        map = new Map();
        for (const h of hits.get(unit)?.[f] ?? []) if (!map.has(h.t0)) map.set(h.t0, h);
        byStart.set(key, map);
      }
      return map;
    };
    for (const first of present) {
      const phrases = this.phrasesByFirst.get(first);
      if (!phrases) continue;
      for (const phrase of phrases) {
        const parts = this.phraseParts.get(phrase)!;
        if (!parts.every((p) => hits.has(p))) continue;
        for (const f of [0, 1] as const) {
          const found: Hit[] = [];
          for (const h of hits.get(first)![f]) {
            let cur = h;
            for (let j = 1; j < parts.length && cur; j++) cur = startsOf(parts[j], f).get(cur.t1 + 1)!;
            if (cur) found.push({ t0: h.t0, t1: cur.t1, c0: h.c0, c1: cur.c1 });
          }
          if (found.length === 0) continue;
          let entry = hits.get(phrase);
          if (!entry) {
            entry = [[], []];
            hits.set(phrase, entry);
          }
          entry[f] = found;
        }
      }
    }
  }
}
