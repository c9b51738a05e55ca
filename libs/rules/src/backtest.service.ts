import { PrismaService } from '@app/database';
import { Injectable } from '@nestjs/common';
import { CompiledRuleSet, Evidence, RuleMatch, compileRules, ruleDefinitionSchema, runRuleTests } from './core';
import { RuleValidationError } from './editing/rule-editing.errors';
import { extractFacts } from './facts';
import type { Facts } from './facts/facts.types';
import { RuleTestFailure } from './pack/rule-tests';
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
  articlesScanned: number;
  hits: number;
  /** Hit articles per category the current rules already gave them ("none" when no live rule matched). */
  overlapByCategory: Record<string, number>;
  samples: BacktestSample[];
  /** The draft's own test cases that fail (a draft may still be tried before they pass). */
  testFailures: RuleTestFailure[];
  elapsedMs: number;
}

const BATCH = 1000;

/** Parses a draft rule: shape and query must be right; its test cases are reported, not enforced. */
function compileDraft(input: unknown): { set: CompiledRuleSet; ruleId: string; testFailures: RuleTestFailure[] } {
  const withDefaults = { id: 'draft', name: 'Draft rule', category: 'worker-overstay', severity: 'medium', ...(input as object) };
  const parsed = ruleDefinitionSchema.safeParse(withDefaults);
  if (!parsed.success) throw new RuleValidationError(parsed.error.issues.map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`));
  const def = { ...parsed.data, enabled: true };
  try {
    return { set: compileRules([def]), ruleId: def.id, testFailures: runRuleTests(def) };
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
   * batches so memory stays flat however many articles there are. Facts come
   * from what classification stored; an article classified before facts
   * existed gets them extracted here.
   */
  async backtest(draft: unknown, opts: BacktestOptions = {}): Promise<BacktestResult> {
    const started = Date.now();
    const { set, ruleId, testFailures } = compileDraft(draft);
    const sampleCap = Math.min(100, Math.max(0, opts.samples ?? 10));
    const where = { createdAt: { ...(opts.from ? { gte: opts.from } : {}), ...(opts.to ? { lt: opts.to } : {}) } };
    const total = await this.prisma.article.count({ where });
    const result: BacktestResult = { ruleId, articlesScanned: 0, hits: 0, overlapByCategory: {}, samples: [], testFailures, elapsedMs: 0 };
    let cursor: string | undefined;
    for (;;) {
      const batch = await this.prisma.article.findMany({
        where,
        orderBy: { id: 'asc' },
        take: BATCH,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: { id: true, title: true, text: true, facts: true, url: true, publishedAt: true },
      });
      if (batch.length === 0) break;
      cursor = batch[batch.length - 1].id;
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
      result.articlesScanned += batch.length;
      result.hits += hitIds.length;
      if (hitIds.length) {
        const live = await this.prisma.match.groupBy({ by: ['articleId', 'category'], where: { articleId: { in: hitIds } } });
        const seen = new Set(live.map((m) => m.articleId));
        for (const m of live) result.overlapByCategory[m.category] = (result.overlapByCategory[m.category] ?? 0) + 1;
        const none = hitIds.filter((id) => !seen.has(id)).length;
        if (none) result.overlapByCategory.none = (result.overlapByCategory.none ?? 0) + none;
      }
      opts.onProgress?.(result.articlesScanned, total);
    }
    result.elapsedMs = Date.now() - started;
    return result;
  }
}
