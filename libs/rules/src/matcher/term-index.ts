import type { TextPart } from '../query/query.types';
import { AsciiSliceCache } from './ascii-slice-cache';
import { FieldTokens, TokenKind } from './field-tokenizer';

/**
 * A match of one unit: token range [t0, t1] (inclusive), char range [c0, c1) in the field,
 * and the sentence `s` it lies in (a hit never spans two sentences).
 */
export interface Hit {
  t0: number;
  t1: number;
  c0: number;
  c1: number;
  s: number;
}

/**
 * Hits of every unit that occurs in the article, per field: [title, body]. Backed by a
 * table indexed by unit that the term index lends for one article (no hashing per
 * lookup); release() hands it back empty.
 */
export class ArticleHits {
  private readonly present: number[] = [];

  constructor(private readonly slots: Array<[Hit[], Hit[]] | undefined>) {}

  get(unit: number): [Hit[], Hit[]] | undefined {
    return this.slots[unit];
  }

  has(unit: number): boolean {
    return this.slots[unit] !== undefined;
  }

  set(unit: number, entry: [Hit[], Hit[]]): void {
    if (this.slots[unit] === undefined) this.present.push(unit);
    this.slots[unit] = entry;
  }

  /** The units that occur, in the order they were first found. */
  keys(): readonly number[] {
    return this.present;
  }

  release(): void {
    for (const unit of this.present) this.slots[unit] = undefined;
    this.present.length = 0;
  }
}

const NO_UNITS: readonly number[] = [];
const WORD: number = TokenKind.Word;
const TOKEN_CACHE_LIMIT = 200_000;

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
  /**
   * Word token -> the units it matches (exact word and every wildcard prefix), kept across
   * articles: news vocabulary repeats, so most tokens are resolved by one lookup.
   */
  private readonly tokenUnits = new Map<string, readonly number[]>();
  /** The same for plain ASCII tokens, looked up by their place in the text (no string is made). */
  private readonly slices = new AsciiSliceCache<readonly number[]>(TOKEN_CACHE_LIMIT);
  private count = 0;
  /** One entry per unit, lent to the article being matched (see ArticleHits). */
  private slots: Array<[Hit[], Hit[]] | undefined> = [];
  private lent: ArticleHits | null = null;

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
    this.tokenUnits.clear();
    this.slices.clear();
    register(unit);
    return unit;
  }

  /**
   * The hits of one article. The result borrows a table of the index: call release() on
   * it before matching the next article (classification is synchronous, one at a time).
   */
  match(fields: readonly [FieldTokens, FieldTokens]): ArticleHits {
    if (this.slots.length !== this.count) this.slots = new Array<[Hit[], Hit[]] | undefined>(this.count).fill(undefined);
    // Never two articles in one table, even if a caller forgot release() or threw before it.
    this.lent?.release();
    const hits = new ArticleHits(this.slots);
    this.lent = hits;
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
      // Tokens are visited in order, so every unit's hits come out sorted by position.
      const { count, kinds, text, starts, ends, hashes, foldedIndex, foldedTexts } = ft;
      for (let i = 0; i < count; i++) {
        if (kinds[i] !== WORD) continue;
        const at = foldedIndex[i];
        const units = at >= 0 ? this.unitsOfToken(foldedTexts[at]) : this.slices.get(text, starts[i], ends[i], hashes[i], this.resolveToken);
        if (units.length === 0) continue;
        for (const unit of units) add(unit, f, { t0: i, t1: i, c0: ft.starts[i], c1: ft.ends[i], s: ft.sentences[i] });
      }
      if (this.cjkByFirst.size > 0) this.scanCjk(ft, f, add);
    }

    this.matchPhrases(hits);
    return hits;
  }

  private unitsOfToken(token: string): readonly number[] {
    const known = this.tokenUnits.get(token);
    if (known !== undefined) return known;
    // Bounded: a stream of unique tokens (ids, numbers) must not grow it for ever.
    if (this.tokenUnits.size >= TOKEN_CACHE_LIMIT) this.tokenUnits.clear();
    const result = this.resolveToken(token);
    this.tokenUnits.set(token, result);
    return result;
  }

  /** The exact-word unit and every wildcard prefix unit a folded token matches. */
  private readonly resolveToken = (token: string): readonly number[] => {
    const units: number[] = [];
    const unit = this.exact.get(token);
    if (unit !== undefined) units.push(unit);
    const longest = Math.min(this.maxPrefix, token.length);
    for (let k = this.minPrefix; k <= longest; k++) {
      const prefixUnit = this.prefixes.get(token.slice(0, k));
      if (prefixUnit !== undefined) units.push(prefixUnit);
    }
    return units.length === 0 ? NO_UNITS : units;
  };

  private scanCjk(ft: FieldTokens, f: 0 | 1, add: (unit: number, field: 0 | 1, hit: Hit) => void): void {
    const s = ft.cjk;
    for (let i = 0; i < s.length; i++) {
      const candidates = this.cjkByFirst.get(s[i]);
      if (!candidates) continue;
      for (const c of candidates) {
        if (!s.startsWith(c.text, i)) continue;
        const last = i + c.text.length - 1;
        const t0 = ft.cjkToken[i];
        const t1 = ft.cjkToken[last];
        // Only white space separates CJK runs in the stream; a paragraph break there still ends the sentence.
        if (ft.sentences[t0] !== ft.sentences[t1]) continue;
        add(c.unit, f, { t0, t1, c0: ft.cjkStart[i], c1: ft.cjkEnd[last], s: ft.sentences[t0] });
      }
    }
  }

  /**
   * A phrase is its parts on consecutive tokens of one sentence ("...North. Korea's..." is
   * not "north korea"); only phrases whose first part occurs are tried.
   */
  private matchPhrases(hits: ArticleHits): void {
    const present = [...hits.keys()]; // a copy: phrases found below are added to it
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
            let cur: Hit | undefined = h;
            for (let j = 1; j < parts.length && cur; j++) {
              const next: Hit | undefined = startsOf(parts[j], f).get(cur.t1 + 1);
              cur = next && next.s === h.s ? next : undefined;
            }
            if (cur) found.push({ t0: h.t0, t1: cur.t1, c0: h.c0, c1: cur.c1, s: h.s });
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
