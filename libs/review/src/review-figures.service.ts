import { DismissReason, PrismaService } from '@app/database';
import { Injectable } from '@nestjs/common';
import { DISMISS_REASONS } from './review-state';

export interface RuleFigures {
  ruleId: string;
  /** Review items the rule matched. */
  hits: number;
  confirmed: number;
  dismissed: number;
  dismissedByReason: Record<DismissReason, number>;
  /** Items still open. */
  open: number;
  /** confirmed / (confirmed + dismissed); null before any decision. */
  precision: number | null;
  /** Median time from opening to a confirm or dismiss, in ms; null before any decision. */
  medianDecisionMs: number | null;
}

export interface SuggestedExclusion {
  kind: 'term' | 'source';
  /** The term, or the source id. */
  value: string;
  /** The source's name, for kind "source". */
  label: string;
  /** Dismissed items of this rule that named it. */
  count: number;
  lastAt: Date;
}

/**
 * What analysts' decisions say about each rule: which rules waste their time
 * and what misled them. Read from PostgreSQL on request; the tables are
 * indexed on the rule ids of items.
 */
@Injectable()
export class ReviewFiguresService {
  constructor(private readonly prisma: PrismaService) {}

  async ruleFigures(ruleId?: string): Promise<RuleFigures[]> {
    const rows = await this.prisma.$queryRaw<
      { ruleId: string; hits: number; confirmed: number; dismissed: number; open: number; median: number | null; reasons: Record<string, number> | null }[]
    >`
      SELECT r.id AS "ruleId",
        count(ri.id)::int AS hits,
        count(ri.id) FILTER (WHERE ri.state = 'confirmed')::int AS confirmed,
        count(ri.id) FILTER (WHERE ri.state = 'dismissed')::int AS dismissed,
        count(ri.id) FILTER (WHERE ri.state IN ('new', 'in_review', 'escalated'))::int AS open,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ri."decidedAt" - ri."createdAt") * 1000)
          FILTER (WHERE ri.state IN ('confirmed', 'dismissed') AND ri."decidedAt" IS NOT NULL) AS median,
        (SELECT jsonb_object_agg(reason, n) FROM (
           SELECT x."dismissReason"::text AS reason, count(*)::int AS n FROM "ReviewItem" x
           WHERE x."ruleIds" @> ARRAY[r.id]::text[] AND x.state = 'dismissed' AND x."dismissReason" IS NOT NULL
           GROUP BY x."dismissReason") d) AS reasons
      FROM "Rule" r
      LEFT JOIN "ReviewItem" ri ON ri."ruleIds" @> ARRAY[r.id]::text[]
      WHERE ${ruleId ?? null}::text IS NULL OR r.id = ${ruleId ?? null}
      GROUP BY r.id
      ORDER BY r.id`;
    return rows.map((r) => {
      const dismissedByReason = Object.fromEntries(DISMISS_REASONS.map((reason) => [reason, r.reasons?.[reason] ?? 0])) as Record<DismissReason, number>;
      const decided = r.confirmed + r.dismissed;
      return {
        ruleId: r.ruleId,
        hits: r.hits,
        confirmed: r.confirmed,
        dismissed: r.dismissed,
        dismissedByReason,
        open: r.open,
        precision: decided ? r.confirmed / decided : null,
        medianDecisionMs: r.median === null ? null : Math.round(Number(r.median)),
      };
    });
  }

  /** Terms and sources analysts named as misleading when they dismissed this rule's items, most named first. */
  async suggestedExclusions(ruleId: string): Promise<SuggestedExclusion[]> {
    const rows = await this.prisma.$queryRaw<{ kind: 'term' | 'source'; value: string; label: string; count: number; lastAt: Date }[]>`
      SELECT 'term' AS kind, lower(ri."misleadingTerm") AS value, lower(ri."misleadingTerm") AS label, count(*)::int AS count, max(ri."decidedAt") AS "lastAt"
      FROM "ReviewItem" ri
      WHERE ri."ruleIds" @> ARRAY[${ruleId}]::text[] AND ri.state = 'dismissed' AND ri."misleadingTerm" IS NOT NULL
      GROUP BY lower(ri."misleadingTerm")
      UNION ALL
      SELECT 'source', ri."misleadingSourceId"::text, coalesce(s.name, ri."misleadingSourceId"::text), count(*)::int, max(ri."decidedAt")
      FROM "ReviewItem" ri LEFT JOIN "Source" s ON s.id = ri."misleadingSourceId"
      WHERE ri."ruleIds" @> ARRAY[${ruleId}]::text[] AND ri.state = 'dismissed' AND ri."misleadingSourceId" IS NOT NULL
      GROUP BY ri."misleadingSourceId", s.name
      ORDER BY count DESC, value`;
    return rows;
  }
}
