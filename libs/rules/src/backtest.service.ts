import { Prisma, PrismaService } from '@app/database';
import { Injectable } from '@nestjs/common';
import { CompiledRuleSet, Evidence, RuleMatch, compileRules, parseQuery, ruleDefinitionSchema, runRuleTests } from './core';
import { RuleValidationError } from './editing/rule-editing.errors';
import { extractFacts } from './facts';
import type { Facts } from './facts/facts.types';
import { RuleTestFailure } from './pack/rule-tests';
import { requiredTermsQuery } from './prefilter/search-prefilter';
import { RulesService } from './rules.service';

export interface BacktestOptions {
  /** Articles stored from this time on (inclusive). */
  from?: Date;
  /** Articles stored before this time. */
  to?: Date;
  /** How many sample hits to return (default 10, at most 100). */
  samples?: number;
  onProgress?: (scanned: number, total: number) => void;
}

export interface BacktestSample {
  articleId: string;
  title: string;
  url: string;
  publishedAt: Date | null;
  score: number;
  evidence: Evidence[];
}

export interface BacktestResult {
  ruleId: string;
  /** Articles stored in the period. */
  articlesScanned: number;
  /** Of those, the ones that hold the draft's required words and went through the matcher. */
  candidatesChecked: number;
  hits: number;
  /** Hit articles per category the current rules already gave them ("none" when no live rule matched). */
  overlapByCategory: Record<string, number>;
  samples: BacktestSample[];
  /** The draft's own test cases that fail (a draft may still be tried before they pass). */
  testFailures: RuleTestFailure[];
  /** How the draft fares against analysts' past decisions. */
  decisions: DecisionsBacktest;
  elapsedMs: number;
}

export interface DecidedItemRef {
  reviewItemId: string;
  title: string;
}

/**
 * Past decisions on the review items the saved rule (same id) matched: the
 * confirmed ones the draft still catches, the dismissed ones it now drops;
 * and confirmed items of other rules the draft would add.
 */
export interface DecisionsBacktest {
  confirmed: { total: number; stillCaught: number; lost: DecidedItemRef[] };
  dismissed: { total: number; nowDropped: number; stillCaught: DecidedItemRef[] };
  newlyCaughtConfirmed: { count: number; samples: DecidedItemRef[] };
}

const BATCH = 1000;
const DECISION_SAMPLES = 10;
/** Confirmed items of other rules tried against a draft: the newest, so a large history stays quick. */
const OTHER_CONFIRMED_CAP = 5000;

interface CandidateRow {
  id: string;
  title: string;
  text: string;
  facts: unknown;
  url: string;
  publishedAt: Date | null;
}

/** Parses a draft rule: shape and query must be right; its test cases are reported, not enforced. */
function compileDraft(input: unknown): { set: CompiledRuleSet; ruleId: string; testFailures: RuleTestFailure[]; prefilter: string | null } {
  const withDefaults = { id: 'draft', name: 'Draft rule', category: 'worker-overstay', severity: 'medium', ...(input as object) };
  const parsed = ruleDefinitionSchema.safeParse(withDefaults);
  if (!parsed.success) throw new RuleValidationError(parsed.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`));
  const def = { ...parsed.data, enabled: true };
  try {
    const set = compileRules([def]);
    return { set, ruleId: def.id, testFailures: runRuleTests(def), prefilter: requiredTermsQuery(parseQuery(def.query)) };
  } catch (e) {
    throw new RuleValidationError([`query: ${(e as Error).message.replace(/^rule [^:]+: /, '')}`]);
  }
}

@Injectable()
export class BacktestService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly rules: RulesService,
  ) {}

  /** "Test on this text": the live rules, or one draft, over a text given by hand. */
  async testText(article: { title?: string; text: string }, draft?: unknown): Promise<{ facts: Facts; matches: RuleMatch[] }> {
    const title = article.title ?? '';
    const facts = extractFacts(`${title}\n\n${article.text}`);
    const set = draft === undefined ? await this.rules.compiled() : compileDraft(draft).set;
    return { facts, matches: set.classify({ title, text: article.text }, facts) };
  }

  /**
   * Runs a draft rule (not saved) over stored articles, in id order and in
   * batches so memory stays flat however many articles there are. Only the
   * articles that hold the draft's required words are read (a GIN index, see
   * prefilter/search-prefilter.ts); the matcher decides on those. Facts come
   * from what classification stored, or are extracted here when missing.
   */
  async backtest(draft: unknown, opts: BacktestOptions = {}): Promise<BacktestResult> {
    const started = Date.now();
    const { set, ruleId, testFailures, prefilter } = compileDraft(draft);
    const sampleCap = Math.min(100, Math.max(0, opts.samples ?? 10));
    const period = Prisma.sql`${opts.from ? Prisma.sql`AND "createdAt" >= ${opts.from}` : Prisma.empty} ${opts.to ? Prisma.sql`AND "createdAt" < ${opts.to}` : Prisma.empty}`;
    // Articles classified before search terms existed have none: they are always candidates.
    const words = prefilter ? Prisma.sql`AND ("searchTerms" IS NULL OR "searchTerms" @@ to_tsquery('simple', ${prefilter}))` : Prisma.empty;
    const [{ total }] = await this.prisma.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM "Article" WHERE true ${period}`;
    // Candidate ids first, in one pass over the GIN index (a bitmap scan); then
    // their rows in batches. Filtering the rows in id order instead makes
    // PostgreSQL test every article's words one by one.
    const ids = (await this.prisma.$queryRaw<{ id: string }[]>`SELECT id FROM "Article" WHERE true ${period} ${words} ORDER BY id`).map((r) => r.id);
    const result: BacktestResult = {
      ruleId,
      articlesScanned: Number(total),
      candidatesChecked: 0,
      hits: 0,
      overlapByCategory: {},
      samples: [],
      testFailures,
      decisions: await this.againstDecisions(set, ruleId),
      elapsedMs: 0,
    };
    for (let i = 0; i < ids.length; i += BATCH) {
      const batchIds = ids.slice(i, i + BATCH);
      const batch = await this.prisma.$queryRaw<CandidateRow[]>`
        SELECT id, title, text, facts, url, "publishedAt" FROM "Article" WHERE id = ANY(${batchIds}::uuid[]) ORDER BY id`;
      const hitIds: string[] = [];
      for (const a of batch) {
        const facts = (a.facts as unknown as Facts | null) ?? extractFacts(`${a.title}\n\n${a.text}`);
        const [match] = set.classify({ title: a.title, text: a.text }, facts);
        if (!match) continue;
        hitIds.push(a.id);
        if (result.samples.length < sampleCap) {
          result.samples.push({ articleId: a.id, title: a.title, url: a.url, publishedAt: a.publishedAt, score: match.score, evidence: match.evidence });
        }
      }
      result.candidatesChecked += batch.length;
      result.hits += hitIds.length;
      if (hitIds.length) {
        const live = await this.prisma.match.groupBy({ by: ['articleId', 'category'], where: { articleId: { in: hitIds } } });
        const seen = new Set(live.map((m) => m.articleId));
        for (const m of live) result.overlapByCategory[m.category] = (result.overlapByCategory[m.category] ?? 0) + 1;
        const none = hitIds.filter((id) => !seen.has(id)).length;
        if (none) result.overlapByCategory.none = (result.overlapByCategory.none ?? 0) + none;
      }
      opts.onProgress?.(result.candidatesChecked, ids.length);
    }
    result.elapsedMs = Date.now() - started;
    return result;
  }

  /** Runs the draft over the articles of decided review items (an item is caught when any of its articles is). */
  private async againstDecisions(set: CompiledRuleSet, ruleId: string): Promise<DecisionsBacktest> {
    const rows = await this.prisma.$queryRaw<{ itemId: string; state: string; own: boolean; title: string; text: string; facts: unknown; lead: boolean }[]>`
      WITH items AS (
        (SELECT id, state, true AS own, "articleId" FROM "ReviewItem"
          WHERE "ruleIds" @> ARRAY[${ruleId}]::text[] AND state IN ('confirmed', 'dismissed'))
        UNION ALL
        (SELECT id, state, false, "articleId" FROM "ReviewItem"
          WHERE NOT ("ruleIds" @> ARRAY[${ruleId}]::text[]) AND state = 'confirmed'
          ORDER BY "decidedAt" DESC NULLS LAST LIMIT ${OTHER_CONFIRMED_CAP}))
      SELECT i.id AS "itemId", i.state::text AS state, i.own, a.title, a.text, a.facts, a.id = i."articleId" AS lead
      FROM items i JOIN "ReviewItemArticle" ria ON ria."reviewItemId" = i.id JOIN "Article" a ON a.id = ria."articleId"`;
    const items = new Map<string, { state: string; own: boolean; title: string; caught: boolean }>();
    for (const r of rows) {
      const item = items.get(r.itemId) ?? { state: r.state, own: r.own, title: r.title, caught: false };
      if (r.lead) item.title = r.title;
      if (!item.caught) {
        const facts = (r.facts as Facts | null) ?? extractFacts(`${r.title}\n\n${r.text}`);
        item.caught = set.classify({ title: r.title, text: r.text }, facts).length > 0;
      }
      items.set(r.itemId, item);
    }
    const out: DecisionsBacktest = {
      confirmed: { total: 0, stillCaught: 0, lost: [] },
      dismissed: { total: 0, nowDropped: 0, stillCaught: [] },
      newlyCaughtConfirmed: { count: 0, samples: [] },
    };
    const sample = (list: DecidedItemRef[], id: string, title: string) => {
      if (list.length < DECISION_SAMPLES) list.push({ reviewItemId: id, title });
    };
    for (const [id, i] of items) {
      if (!i.own) {
        if (i.caught) {
          out.newlyCaughtConfirmed.count++;
          sample(out.newlyCaughtConfirmed.samples, id, i.title);
        }
      } else if (i.state === 'confirmed') {
        out.confirmed.total++;
        if (i.caught) out.confirmed.stillCaught++;
        else sample(out.confirmed.lost, id, i.title);
      } else {
        out.dismissed.total++;
        if (i.caught) sample(out.dismissed.stillCaught, id, i.title);
        else out.dismissed.nowDropped++;
      }
    }
    return out;
  }
}
