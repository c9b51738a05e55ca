import { AppConfig } from '@app/config';
import { AuditEvent, Prisma, PrismaService, ReviewItem, ReviewState, Severity } from '@app/database';
import { MetricsService } from '@app/metrics';
import { QUEUE, QueueService, jobId } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ReviewClaimsService } from './review-claims.service';
import { ReviewConflictError, ReviewItemNotFoundError, ReviewValidationError } from './review.errors';
import { ReviewListQuery, encodeCursor, listSql } from './review-list.query';
import { maxSeverity, queuePriority, severityRank } from './review-priority';
import { DISMISS_REASONS, DISPOSITIONS, ReviewAction, auditAction, isOpen, transition } from './review-state';

export interface MatchSummary {
  ruleId: string;
  category: string;
  severity: Severity;
  score: number;
}

export const REVIEW_ENTITY = 'review-item';

export interface ReviewItemSummary extends ReviewItem {
  title: string | null;
  sourceNames: string[];
  articleCount: number;
  /** Whether someone holds the item right now (a lapsed claim is shown as none). */
  claimActive: boolean;
}

export interface ReviewListPage {
  items: ReviewItemSummary[];
  nextCursor: string | null;
}

export interface ReviewItemDetail extends ReviewItem {
  claimActive: boolean;
  title: string;
  articles: {
    id: string;
    title: string;
    url: string;
    text: string;
    language: string | null;
    publishedAt: Date | null;
    joinedAt: Date;
    version: number;
    facts: unknown;
    source: { id: string; name: string; url: string };
    matches: { ruleId: string; ruleVersion: number; articleVersion: number; category: string; severity: Severity; score: number; evidence: unknown }[];
  }[];
  history: AuditEvent[];
}

export interface ActionResult {
  item: ReviewItem;
  /** False when the item already was what the action asked for (a repeated request): nothing was written. */
  changed: boolean;
}

export interface ReviewStats {
  byState: Record<ReviewState, number>;
  /** Open items per category. */
  openByCategory: Record<string, number>;
  /** Open items per severity. */
  openBySeverity: Record<Severity, number>;
  overdue: number;
  oldestOpen: { id: string; createdAt: Date; ageMs: number } | null;
  /** Decisions (confirm, dismiss, escalate) per analyst, all time. */
  decisionsByAnalyst: { actor: string; confirmed: number; dismissed: number; escalated: number; total: number }[];
}

const ACTOR_RE = /^[\w.@:+-]{1,100}$/;
const NOTE_MAX = 4000;

function claimActive(item: Pick<ReviewItem, 'claimedBy' | 'claimExpiresAt'>, now = new Date()): boolean {
  return !!item.claimedBy && !!item.claimExpiresAt && item.claimExpiresAt > now;
}

function conflict(message: string, item: ReviewItem): ReviewConflictError {
  return new ReviewConflictError(message, { state: item.state, version: item.version, claimedBy: item.claimedBy, claimExpiresAt: item.claimExpiresAt });
}

/** The fields an audit event records of an item, before and after. */
function snapshot(item: ReviewItem): Prisma.InputJsonObject {
  return {
    state: item.state,
    version: item.version,
    assignee: item.assignee,
    disposition: item.disposition,
    dismissReason: item.dismissReason,
    claimedBy: item.claimedBy,
    severity: item.severity,
  };
}

/** The same snapshot built in SQL from the row `ri` an UPDATE ... RETURNING gave, for audit events written in that statement. */
const SNAPSHOT_SQL = Prisma.sql`jsonb_build_object('state', ri.state, 'version', ri.version, 'assignee', ri.assignee, 'disposition', ri.disposition,
  'dismissReason', ri."dismissReason", 'claimedBy', ri."claimedBy", 'severity', ri.severity)`;

const NO_CLAIM = { claimedBy: null, claimToken: null, claimExpiresAt: null } as const;

/** What a compare-and-set may change on an item; each field has its column's SQL type below. */
type ItemChanges = Partial<
  Pick<
    ReviewItem,
    | 'state'
    | 'disposition'
    | 'dismissReason'
    | 'misleadingTerm'
    | 'misleadingSourceId'
    | 'decidedBy'
    | 'decidedAt'
    | 'activityAt'
    | 'assignee'
    | 'claimedBy'
    | 'claimToken'
    | 'claimExpiresAt'
    | 'note'
    | 'overdue'
  >
>;

// Casts from the driver's parameter types to the columns' own (enums and uuid are not text to PostgreSQL).
const COLUMN_CASTS: Record<keyof ItemChanges, string> = {
  state: '::"ReviewState"',
  disposition: '::"Disposition"',
  dismissReason: '::"DismissReason"',
  misleadingTerm: '::text',
  misleadingSourceId: '::uuid',
  decidedBy: '::text',
  decidedAt: '::timestamp(3)',
  activityAt: '::timestamp(3)',
  assignee: '::text',
  claimedBy: '::text',
  claimToken: '::text',
  claimExpiresAt: '::timestamp(3)',
  note: '::text',
  overdue: '::boolean',
};

function setClauses(changes: ItemChanges): Prisma.Sql[] {
  return (Object.keys(changes) as (keyof ItemChanges)[])
    .filter((k) => changes[k] !== undefined)
    .map((k) => Prisma.sql`${Prisma.raw(`"${k}"`)} = ${changes[k]}${Prisma.raw(COLUMN_CASTS[k])}`);
}

let uuidMs = -Infinity;
let uuidSeq = 0;

/**
 * A UUID version 7 as Prisma's uuid(7) default makes them (the layout of the
 * uuid package's v7): a 32-bit counter after the milliseconds, started at a
 * random value each millisecond and counted up within it. Audit events are read
 * in (at, id) order, so two written in one millisecond (a claim and a quick
 * decision) must keep the order they were written in, which random bits would not.
 */
function auditId(now = Date.now()): string {
  const b = randomBytes(16);
  if (now > uuidMs) {
    uuidMs = now;
    uuidSeq = b.readUInt32BE(6) & 0x7fffffff;
  } else if ((uuidSeq = (uuidSeq + 1) | 0) === 0) uuidMs++;
  b.writeUIntBE(uuidMs, 0, 6);
  b[6] = 0x70 | ((uuidSeq >>> 28) & 0x0f);
  b[7] = (uuidSeq >>> 20) & 0xff;
  b[8] = 0x80 | ((uuidSeq >>> 14) & 0x3f);
  b[9] = (uuidSeq >>> 6) & 0xff;
  b[10] = ((uuidSeq << 2) & 0xff) | (b[10] & 0x03);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A timestamp(3) column as JSON with its zone (stored values are UTC), so it reads back as the same Date. */
const jsonTime = (col: string) => Prisma.raw(`to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * The detail of the one item in the CTE `item`: its row, its articles (with
 * source and matches) and its history as JSON, in one statement. `newEvents`
 * names a CTE of audit events inserted by the same statement, which its own
 * reads cannot see yet.
 */
function detailSql(newEvents: string | null): Prisma.Sql {
  const events = newEvents
    ? Prisma.raw(`SELECT * FROM "AuditEvent" e WHERE e."entityType" = '${REVIEW_ENTITY}' AND e."entityId" = ri.id::text UNION ALL SELECT * FROM ${newEvents}`)
    : Prisma.raw(`SELECT * FROM "AuditEvent" e WHERE e."entityType" = '${REVIEW_ENTITY}' AND e."entityId" = ri.id::text`);
  return Prisma.sql`
    SELECT ri.*,
      (SELECT coalesce(json_agg(json_build_object(
          'id', a.id, 'title', a.title, 'url', a.url, 'text', a.text, 'language', a.language, 'publishedAt', ${jsonTime('a."publishedAt"')},
          'version', a.version, 'facts', a.facts,
          'source', json_build_object('id', s.id, 'name', s.name, 'url', s.url),
          'matches', (SELECT coalesce(json_agg(json_build_object('ruleId', m."ruleId", 'ruleVersion', m."ruleVersion", 'articleVersion', m."articleVersion",
                        'category', m.category, 'severity', m.severity, 'score', m.score, 'evidence', m.evidence) ORDER BY m.score DESC, m."ruleId"), '[]')
                      FROM "Match" m WHERE m."articleId" = a.id),
          'joinedAt', ${jsonTime('ria."joinedAt"')}) ORDER BY ria."joinedAt", ria."articleId"), '[]')
       FROM "ReviewItemArticle" ria JOIN "Article" a ON a.id = ria."articleId" JOIN "Source" s ON s.id = a."sourceId"
       WHERE ria."reviewItemId" = ri.id) AS "detailArticles",
      (SELECT coalesce(json_agg(json_build_object('id', h.id, 'at', ${jsonTime('h.at')}, 'actor', h.actor, 'action', h.action, 'entityType', h."entityType",
          'entityId', h."entityId", 'before', h.before, 'after', h.after, 'note', h.note) ORDER BY h.at, h.id), '[]')
       FROM (${events}) h) AS "detailHistory"
    FROM item ri`;
}

type DetailRow = ReviewItem & { detailArticles: (Omit<ReviewItemDetail['articles'][number], 'publishedAt' | 'joinedAt'> & { publishedAt: string | null; joinedAt: string })[]; detailHistory: (Omit<AuditEvent, 'at'> & { at: string })[] };

function toDetail(row: DetailRow): ReviewItemDetail {
  const { detailArticles, detailHistory, claimToken: _token, ...rest } = row;
  const articles = detailArticles.map((a) => ({ ...a, publishedAt: a.publishedAt === null ? null : new Date(a.publishedAt), joinedAt: new Date(a.joinedAt) }));
  return {
    ...rest,
    claimToken: null,
    claimActive: claimActive(row),
    title: articles.find((a) => a.id === row.articleId)?.title ?? articles[0]?.title ?? '',
    articles,
    history: detailHistory.map((h) => ({ ...h, at: new Date(h.at) })),
  };
}

/**
 * Review items: one per story with a match. PostgreSQL holds the state and
 * the audit trail; the BullMQ `review` queue holds the open items in priority
 * order. Every write is a compare-and-set on the item's version inside a
 * transaction with its audit event, so two requests never both transition
 * an item, and the queue is brought in line after the commit (the
 * reconciliation repairs it if the process dies in between).
 */
@Injectable()
export class ReviewService {
  private readonly logger = new Logger(ReviewService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly queues: QueueService,
    private readonly claims: ReviewClaimsService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  // ---------------------------------------------------------------- opening

  /**
   * Opens (or updates) the review item of the article's story. Matches come
   * from the classifier, which keeps only those at or above their rule's
   * threshold. A later article of the story joins the item and brings it back
   * to attention (a decided item is reopened); a replayed classification of an
   * article already in the item changes nothing but the figures it carries.
   */
  async openForArticle(articleId: string, matches: MatchSummary[]): Promise<{ item: ReviewItem; created: boolean; joined: boolean } | null> {
    if (matches.length === 0) return null;
    const article = await this.prisma.article.findUnique({ where: { id: articleId }, select: { id: true, storyId: true, title: true, facts: true } });
    if (!article) return null;
    const storyId = article.storyId ?? (await this.storyOfItsOwn(article));
    const severity = maxSeverity(matches.map((m) => m.severity));
    const score = Math.max(...matches.map((m) => m.score));
    const categories = [...new Set(matches.map((m) => m.category))];
    const ruleIds = [...new Set(matches.map((m) => m.ruleId))];
    const countries = countriesOf(article.facts);
    const now = new Date();

    const result = await this.prisma.$transaction(async (tx) => {
      const inserted = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "ReviewItem" (id, "storyId", "articleId", severity, score, categories, "ruleIds", countries, "dueAt", "activityAt", "createdAt", "updatedAt")
        VALUES (gen_random_uuid(), ${storyId}::uuid, ${articleId}::uuid, ${severity}::"Severity", ${score}, ${categories}::text[], ${ruleIds}::text[],
                ${countries}::text[], ${this.dueAt(now, severity)}, ${now}, ${now}, ${now})
        ON CONFLICT ("storyId") DO NOTHING RETURNING id`;
      const created = inserted.length === 1;
      // Locks the row: concurrent articles of one story update it one after the other.
      const [before] = await tx.$queryRaw<ReviewItem[]>`SELECT * FROM "ReviewItem" WHERE "storyId" = ${storyId}::uuid FOR UPDATE`;
      const link = await tx.$executeRaw`
        INSERT INTO "ReviewItemArticle" ("reviewItemId", "articleId", "joinedAt") VALUES (${before.id}::uuid, ${articleId}::uuid, ${now})
        ON CONFLICT DO NOTHING`;
      const joined = link === 1 && !created;
      if (created) {
        await tx.auditEvent.create({
          // Ids from auditId as every review event's, so the item's history keeps write order within a millisecond.
          data: { id: auditId(), at: new Date(), actor: 'system', action: 'opened', entityType: REVIEW_ENTITY, entityId: before.id, after: snapshot(before), note: `article ${articleId}` },
        });
        return { before: null, item: before, created, joined };
      }
      const merged = {
        severity: severityRank(severity) < severityRank(before.severity) ? severity : before.severity,
        score: Math.max(score, before.score),
        categories: union(before.categories, categories),
        ruleIds: union(before.ruleIds, ruleIds),
        countries: union(before.countries, countries),
      };
      const reopen = joined && !isOpen(before.state);
      const changed =
        joined ||
        merged.severity !== before.severity ||
        merged.score !== before.score ||
        merged.categories.length !== before.categories.length ||
        merged.ruleIds.length !== before.ruleIds.length ||
        merged.countries.length !== before.countries.length;
      if (!changed) return { before, item: before, created, joined };
      const item = await tx.reviewItem.update({
        where: { id: before.id },
        data: {
          ...merged,
          dueAt: minDate(before.dueAt, this.dueAt(before.createdAt, merged.severity)),
          ...(joined ? { activityAt: now } : {}),
          ...(reopen ? { state: 'new', disposition: null, dismissReason: null, decidedAt: null, decidedBy: null, ...NO_CLAIM } : {}),
          version: { increment: 1 },
        },
      });
      await tx.auditEvent.create({
        data: {
          id: auditId(),
          at: new Date(),
          actor: 'system',
          action: joined ? 'article-joined' : 'rematched',
          entityType: REVIEW_ENTITY,
          entityId: item.id,
          before: snapshot(before),
          after: snapshot(item),
          note: reopen ? `article ${articleId} joined the story: reopened` : `article ${articleId}`,
        },
      });
      return { before, item, created, joined };
    });

    const { item, before, created, joined } = result;
    await this.syncQueue(item);
    if (created || (before && before.dueAt.getTime() !== item.dueAt.getTime())) await this.scheduleSla(item);
    if (item.severity === 'critical' && (created || before?.severity !== 'critical')) await this.alert(item.id, 'critical');
    if (created) this.logger.log(`review item ${item.id} opened (${item.severity}, ${item.categories.join(', ')})`);
    return { item, created, joined };
  }

  /** An article stored before stories existed: its own story, so the item has one. */
  private async storyOfItsOwn(article: { id: string; title: string }): Promise<string> {
    const story = await this.prisma.story.create({ data: { title: article.title } });
    const updated = await this.prisma.article.updateMany({ where: { id: article.id, storyId: null }, data: { storyId: story.id } });
    if (updated.count === 1) return story.id;
    await this.prisma.story.delete({ where: { id: story.id } });
    const again = await this.prisma.article.findUniqueOrThrow({ where: { id: article.id }, select: { storyId: true } });
    return again.storyId!;
  }

  private dueAt(from: Date, severity: Severity): Date {
    return new Date(from.getTime() + this.config.reviewSlaHours[severity] * 3_600_000);
  }

  // ---------------------------------------------------------------- queue

  /**
   * Brings the item's job in line with its state: an open item has exactly one
   * job (the item id as job id makes a second add a no-op) at its priority;
   * a closed one has none. An item someone holds waits, delayed, until the
   * claim would lapse.
   */
  async syncQueue(item: ReviewItem): Promise<void> {
    if (!isOpen(item.state)) {
      await this.claims.drop(item.id, item.claimToken);
      return;
    }
    const priority = queuePriority(item.severity, item.score, item.state);
    const queue = this.queues.queue(QUEUE.review);
    const existing = await queue.getJob(jobId.review(item.id));
    if (existing) {
      const state = await existing.getState();
      if ((state === 'waiting' || state === 'prioritized') && existing.opts.priority !== priority) {
        await existing.changePriority({ priority }).catch(() => undefined);
      }
      return;
    }
    const delay = claimActive(item) ? item.claimExpiresAt!.getTime() - Date.now() : 0;
    await this.queues.add(
      'review',
      'review-item',
      { reviewItemId: item.id },
      { jobId: jobId.review(item.id), priority, attempts: 1, removeOnComplete: true, removeOnFail: true, ...(delay > 0 ? { delay } : {}) },
    );
  }

  /** A delayed job at the deadline; the reconciliation's sweep covers a job Redis lost. */
  private async scheduleSla(item: ReviewItem): Promise<void> {
    await this.queues.add(
      'review-timers',
      'sla-check',
      { reviewItemId: item.id, dueAt: item.dueAt.toISOString() },
      { jobId: jobId.sla(item.id, item.dueAt), delay: Math.max(0, item.dueAt.getTime() - Date.now()) },
    );
  }

  private async alert(reviewItemId: string, reason: 'critical' | 'escalated'): Promise<void> {
    await this.queues.add('alert', 'item-alert', { reviewItemId, reason }, { jobId: jobId.itemAlert(reviewItemId, reason) });
  }

  // ---------------------------------------------------------------- reading

  async list(query: ReviewListQuery): Promise<ReviewListPage> {
    const { sql, limit, sort } = listSql(query);
    const rows = await this.prisma.$queryRaw<(ReviewItemSummary & Record<string, unknown>)[]>(sql);
    const page = rows.slice(0, limit);
    const now = new Date();
    const items = page.map((row) => {
      const item: Record<string, unknown> = { ...row, claimActive: claimActive(row, now) };
      for (const key of Object.keys(item)) if (key.startsWith('k_')) delete item[key];
      delete item.claimToken;
      return item as unknown as ReviewItemSummary;
    });
    return { items, nextCursor: rows.length > limit ? encodeCursor(sort, page[page.length - 1]) : null };
  }

  /** The item, its articles (text, facts, source, matches with evidence) and its history, read in one statement. */
  async get(id: string): Promise<ReviewItemDetail> {
    const [row] = await this.prisma.$queryRaw<DetailRow[]>`WITH item AS (SELECT * FROM "ReviewItem" WHERE id = ${id}::uuid) ${detailSql(null)}`;
    if (!row) throw new ReviewItemNotFoundError(id);
    return toDetail(row);
  }

  history(id: string): Promise<AuditEvent[]> {
    return this.prisma.auditEvent.findMany({ where: { entityType: REVIEW_ENTITY, entityId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  }

  // ---------------------------------------------------------------- claims

  /**
   * The analyst's next item. One claim per analyst: one who already holds
   * an item gets it back (renewed) rather than a second one, so nobody sits
   * on several items while others wait.
   */
  async takeNext(actor: string): Promise<ReviewItemDetail | null> {
    checkActor(actor);
    const [held] = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM "ReviewItem"
      WHERE "claimedBy" = ${actor} AND "claimExpiresAt" > ${new Date()} AND state IN ('new', 'in_review', 'escalated') LIMIT 1`;
    if (held) {
      await this.renew(held.id, actor);
      return this.get(held.id);
    }
    // Each pass either claims or takes a stale job off the queue, so this ends.
    for (;;) {
      const next = await this.claims.fetchNext();
      if (!next) return null;
      const { job, token } = next;
      const id = job.data.reviewItemId;
      const now = new Date();
      const expires = new Date(now.getTime() + this.config.reviewClaimIdleMs);
      // The claim, its audit event and the detail the analyst gets back in one statement (one round trip, no
      // transaction to open and commit): the detail reads the claimed row and the new event from the CTEs.
      const [claimed] = await this.prisma.$queryRaw<DetailRow[]>`
        WITH item AS (
          UPDATE "ReviewItem" SET
            state = CASE WHEN state = 'escalated' THEN state ELSE 'in_review'::"ReviewState" END,
            "claimedBy" = ${actor}, "claimToken" = ${token}, "claimExpiresAt" = ${expires},
            version = version + 1, "updatedAt" = now()
          WHERE id = ${id}::uuid AND state IN ('new', 'in_review', 'escalated')
            AND ("claimedBy" IS NULL OR "claimExpiresAt" IS NULL OR "claimExpiresAt" <= now())
          RETURNING *
        ), claim_event AS (
          INSERT INTO "AuditEvent" (id, at, actor, action, "entityType", "entityId", before, after, note)
          SELECT ${auditId(now.getTime())}::uuid, ${now}::timestamp(3), ${actor}, 'claimed', ${REVIEW_ENTITY}, ri.id::text, NULL, ${SNAPSHOT_SQL},
            ${`until ${expires.toISOString()}`}
          FROM item ri
          RETURNING *
        )
        ${detailSql('claim_event')}`;
      if (claimed) {
        this.claims.track(id, token);
        return toDetail(claimed);
      }
      const item = await this.findItem(id);
      if (item && isOpen(item.state) && claimActive(item)) await this.claims.postpone(job, token, item.claimExpiresAt!);
      else await job.moveToCompleted(null, token, false).catch(() => undefined);
    }
  }

  /** The analyst is still working: the claim lasts another idle period. */
  async renew(id: string, actor: string): Promise<ReviewItem> {
    checkActor(actor);
    const expires = new Date(Date.now() + this.config.reviewClaimIdleMs);
    const rows = await this.prisma.$queryRaw<ReviewItem[]>`
      UPDATE "ReviewItem" SET "claimExpiresAt" = ${expires}, "updatedAt" = now()
      WHERE id = ${id}::uuid AND "claimedBy" = ${actor} AND "claimExpiresAt" > now() RETURNING *`;
    if (rows.length === 0) {
      const item = await this.mustGet(id);
      throw conflict(claimActive(item) ? `the item is held by ${item.claimedBy}` : 'you do not hold this item (the claim lapsed or was never taken): take it again', item);
    }
    await this.claims.renew(id, rows[0].claimToken!);
    this.claims.track(id, rows[0].claimToken!);
    return rows[0];
  }

  /** Gives the item back to the queue, unchanged. */
  async release(id: string, actor: string): Promise<ActionResult> {
    checkActor(actor);
    const item = await this.mustGet(id);
    if (!item.claimedBy) return { item, changed: false };
    if (item.claimedBy !== actor && claimActive(item)) throw conflict(`the item is held by ${item.claimedBy}`, item);
    const updated = await this.compareAndSet(item, actor, 'released', {
      state: item.state === 'in_review' ? 'new' : item.state,
      ...NO_CLAIM,
    });
    if (!updated) return this.release(id, actor);
    await this.claims.giveBack(id, item.claimToken);
    await this.syncQueue(updated);
    return { item: updated, changed: true };
  }

  /**
   * For an api that stops (REVIEW_RELEASE_CLAIMS_ON_SHUTDOWN): the claims taken
   * or renewed through this process go back to the queue, unless another
   * process has served the analyst since (the token changed) or the item was
   * decided. Returns how many were released.
   */
  async releaseClaimsHeldHere(): Promise<number> {
    let released = 0;
    for (const [id, token] of this.claims.heldHere()) {
      const item = await this.findItem(id);
      if (!item || !item.claimedBy || item.claimToken !== token) continue;
      const updated = await this.compareAndSet(
        item,
        'system:shutdown',
        'released',
        { state: item.state === 'in_review' ? 'new' : item.state, ...NO_CLAIM },
        `the api process serving ${item.claimedBy}'s claim stopped`,
      );
      if (!updated) continue;
      await this.claims.giveBack(id, token);
      released++;
    }
    return released;
  }

  /** Lapsed claims: the item reads as not held again (its job went back to the queue when the lock lapsed). */
  async expireClaims(): Promise<number> {
    const lapsed = await this.prisma.reviewItem.findMany({
      where: { claimedBy: { not: null }, claimExpiresAt: { lte: new Date() } },
      select: { id: true },
      take: 10_000,
    });
    let n = 0;
    for (const { id } of lapsed) {
      const item = await this.prisma.reviewItem.findUnique({ where: { id } });
      if (!item || claimActive(item) || !item.claimedBy) continue;
      const updated = await this.compareAndSet(item, 'system', 'claim-lapsed', { state: item.state === 'in_review' ? 'new' : item.state, ...NO_CLAIM });
      if (updated) {
        n++;
        await this.syncQueue(updated);
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- decisions

  /**
   * Applies an analyst's action. `expectedVersion` is the version the analyst
   * saw: if the item changed since, the action is refused with a conflict,
   * unless the item already is what the action asks for (a double click, a
   * retried request), which is a no-op.
   */
  async act(id: string, actor: string, action: ReviewAction, expectedVersion?: number): Promise<ActionResult> {
    checkActor(actor);
    validateAction(action);
    for (let attempt = 0; attempt < 5; attempt++) {
      const item = await this.mustGet(id);
      const outcome = transition(item, action);
      if (outcome.kind === 'no-op') return { item, changed: false };
      if (expectedVersion !== undefined && action.type !== 'note' && expectedVersion !== item.version) {
        throw conflict(`the item changed since version ${expectedVersion} (now ${item.version}, ${item.state}): reload it`, item);
      }
      if (outcome.kind === 'refused') throw conflict(outcome.why, item);
      if (claimActive(item) && item.claimedBy !== actor && action.type !== 'note' && action.type !== 'assign') {
        throw conflict(`the item is held by ${item.claimedBy} until ${item.claimExpiresAt!.toISOString()}`, item);
      }
      if (action.type === 'note') {
        // Notes never conflict with a decision: they change no state and keep the version.
        const now = new Date();
        const [noted] = await this.prisma.$queryRaw<ReviewItem[]>`
          WITH item AS (UPDATE "ReviewItem" SET note = ${action.note}, "updatedAt" = ${now}::timestamp(3) WHERE id = ${id}::uuid RETURNING *),
          noted AS (
            INSERT INTO "AuditEvent" (id, at, actor, action, "entityType", "entityId", note)
            SELECT ${auditId(now.getTime())}::uuid, ${now}::timestamp(3), ${actor}, 'noted', ${REVIEW_ENTITY}, id::text, ${action.note} FROM item
          )
          SELECT * FROM item`;
        if (!noted) throw new ReviewItemNotFoundError(id);
        return { item: noted, changed: true };
      }
      const updated = await this.compareAndSet(item, actor, auditAction(action), this.changesFor(action, outcome.to, actor), action.note);
      if (!updated) {
        if (expectedVersion !== undefined) throw conflict('the item changed while this action ran: reload it', await this.mustGet(id));
        continue;
      }
      await this.afterTransition(item, updated, action);
      if (action.type !== 'assign') this.metrics.reviewDecision(auditAction(action));
      return { item: updated, changed: true };
    }
    throw conflict('the item kept changing: try again', await this.mustGet(id));
  }

  /** Dismisses several items with one reason; each item succeeds, is a no-op or conflicts on its own. */
  async bulkDismiss(
    ids: string[],
    actor: string,
    reason: (typeof DISMISS_REASONS)[number],
    note?: string,
  ): Promise<{ id: string; outcome: 'dismissed' | 'unchanged' | 'conflict' | 'not-found'; message?: string }[]> {
    if (ids.length === 0 || ids.length > 500) throw new ReviewValidationError('give 1 to 500 item ids');
    const results = [];
    for (const id of [...new Set(ids)]) {
      try {
        const r = await this.act(id, actor, { type: 'dismiss', reason, note });
        results.push({ id, outcome: r.changed ? ('dismissed' as const) : ('unchanged' as const) });
      } catch (err) {
        if (err instanceof ReviewConflictError) results.push({ id, outcome: 'conflict' as const, message: err.message });
        else if (err instanceof ReviewItemNotFoundError) results.push({ id, outcome: 'not-found' as const, message: err.message });
        else throw err;
      }
    }
    return results;
  }

  private changesFor(action: ReviewAction, to: ReviewState, actor: string): ItemChanges {
    const now = new Date();
    const note = 'note' in action && action.note ? { note: action.note } : {};
    switch (action.type) {
      case 'confirm':
        return { state: to, disposition: action.disposition, dismissReason: null, decidedBy: actor, decidedAt: now, ...NO_CLAIM, ...note };
      case 'dismiss':
        return {
          state: to,
          dismissReason: action.reason,
          disposition: null,
          misleadingTerm: action.misleadingTerm?.trim() || null,
          misleadingSourceId: action.misleadingSourceId ?? null,
          decidedBy: actor,
          decidedAt: now,
          ...NO_CLAIM,
          ...note,
        };
      case 'escalate':
        return { state: to, ...NO_CLAIM, ...note };
      case 'reopen':
        return {
          state: to,
          disposition: null,
          dismissReason: null,
          misleadingTerm: null,
          misleadingSourceId: null,
          decidedBy: null,
          decidedAt: null,
          activityAt: now,
          ...NO_CLAIM,
          ...note,
        };
      case 'assign':
        return { assignee: action.assignee, ...note };
      case 'note':
        return note;
    }
  }

  private async afterTransition(before: ReviewItem, after: ReviewItem, action: ReviewAction): Promise<void> {
    if (action.type === 'assign') return;
    if (!isOpen(after.state)) {
      await this.claims.drop(after.id, before.claimToken);
      return;
    }
    if (before.claimToken && !after.claimedBy) {
      // The holder escalated or reopened it: the held job ends and the item is queued afresh at its new priority.
      await this.claims.drop(after.id, before.claimToken);
    }
    await this.syncQueue(after);
    if (action.type === 'escalate') await this.alert(after.id, 'escalated');
  }

  /**
   * The one way an item changes: an update guarded by the version the caller
   * read, and its audit event, in one statement (a data-modifying CTE is
   * atomic: both rows are written or neither). Null when someone else changed
   * the item first.
   */
  private async compareAndSet(item: ReviewItem, actor: string, action: string, changes: ItemChanges, note?: string): Promise<ReviewItem | null> {
    const now = new Date();
    const [after] = await this.prisma.$queryRaw<ReviewItem[]>`
      WITH item AS (
        UPDATE "ReviewItem" SET ${Prisma.join([...setClauses(changes), Prisma.sql`version = version + 1`, Prisma.sql`"updatedAt" = ${now}::timestamp(3)`])}
        WHERE id = ${item.id}::uuid AND version = ${item.version}
        RETURNING *
      ), event AS (
        INSERT INTO "AuditEvent" (id, at, actor, action, "entityType", "entityId", before, after, note)
        SELECT ${auditId(now.getTime())}::uuid, ${now}::timestamp(3), ${actor}, ${action}, ${REVIEW_ENTITY}, ri.id::text,
          ${JSON.stringify(snapshot(item))}::jsonb, ${SNAPSHOT_SQL}, ${note ?? null}
        FROM item ri
      )
      SELECT * FROM item`;
    return after ?? null;
  }

  /** SLA: an open item past its deadline is flagged overdue and, unless already escalated, escalated. */
  async markOverdue(id: string): Promise<boolean> {
    const item = await this.prisma.reviewItem.findUnique({ where: { id } });
    if (!item || !isOpen(item.state) || item.overdue || item.dueAt > new Date()) return false;
    const escalate = item.state !== 'escalated';
    const updated = await this.compareAndSet(
      item,
      'system:sla',
      escalate ? 'sla-escalated' : 'sla-overdue',
      { overdue: true, ...(escalate ? { state: 'escalated', ...NO_CLAIM } : {}) },
      `no decision by ${item.dueAt.toISOString()}`,
    );
    if (!updated) return this.markOverdue(id);
    if (escalate) await this.afterTransition(item, updated, { type: 'escalate' });
    this.metrics.reviewDecision(escalate ? 'sla-escalated' : 'sla-overdue');
    return true;
  }

  // ---------------------------------------------------------------- figures

  async stats(): Promise<ReviewStats> {
    const [states, categories, severities, overdue, oldest, decisions] = await Promise.all([
      this.prisma.reviewItem.groupBy({ by: ['state'], _count: { _all: true } }),
      this.prisma.$queryRaw<{ category: string; n: number }[]>`
        SELECT c AS category, count(*)::int AS n FROM "ReviewItem", unnest(categories) c
        WHERE state IN ('new', 'in_review', 'escalated') GROUP BY c ORDER BY c`,
      this.prisma.reviewItem.groupBy({ by: ['severity'], where: { state: { in: ['new', 'in_review', 'escalated'] } }, _count: { _all: true } }),
      this.prisma.reviewItem.count({ where: { overdue: true, state: { in: ['new', 'in_review', 'escalated'] } } }),
      this.prisma.reviewItem.findFirst({ where: { state: { in: ['new', 'in_review', 'escalated'] } }, orderBy: { createdAt: 'asc' }, select: { id: true, createdAt: true } }),
      this.prisma.$queryRaw<{ actor: string; confirmed: number; dismissed: number; escalated: number; total: number }[]>`
        SELECT actor,
          count(*) FILTER (WHERE action = 'confirmed')::int AS confirmed,
          count(*) FILTER (WHERE action = 'dismissed')::int AS dismissed,
          count(*) FILTER (WHERE action = 'escalated')::int AS escalated,
          count(*)::int AS total
        FROM "AuditEvent" WHERE "entityType" = ${REVIEW_ENTITY} AND action IN ('confirmed', 'dismissed', 'escalated')
        GROUP BY actor ORDER BY total DESC, actor`,
    ]);
    const byState = { new: 0, in_review: 0, confirmed: 0, dismissed: 0, escalated: 0 } as Record<ReviewState, number>;
    for (const s of states) byState[s.state] = s._count._all;
    const openBySeverity = { critical: 0, high: 0, medium: 0, low: 0 } as Record<Severity, number>;
    for (const s of severities) openBySeverity[s.severity] = s._count._all;
    return {
      byState,
      openByCategory: Object.fromEntries(categories.map((c) => [c.category, c.n])),
      openBySeverity,
      overdue,
      oldestOpen: oldest ? { ...oldest, ageMs: Date.now() - oldest.createdAt.getTime() } : null,
      decisionsByAnalyst: decisions,
    };
  }

  // A plain SELECT rather than findUnique: this runs on every action, and the raw path skips Prisma's query planning.
  private async findItem(id: string): Promise<ReviewItem | null> {
    const [item] = await this.prisma.$queryRaw<ReviewItem[]>`SELECT * FROM "ReviewItem" WHERE id = ${id}::uuid`;
    return item ?? null;
  }

  private async mustGet(id: string): Promise<ReviewItem> {
    const item = await this.findItem(id);
    if (!item) throw new ReviewItemNotFoundError(id);
    return item;
  }
}

function checkActor(actor: string): void {
  if (!ACTOR_RE.test(actor)) throw new ReviewValidationError(`"${actor}" is not a valid analyst name (letters, digits and . _ @ : + -, up to 100)`);
}

function validateAction(action: ReviewAction): void {
  const note = 'note' in action ? action.note : undefined;
  if (note !== undefined && note.length > NOTE_MAX) throw new ReviewValidationError(`a note is at most ${NOTE_MAX} characters`);
  switch (action.type) {
    case 'confirm':
      if (!DISPOSITIONS.includes(action.disposition)) throw new ReviewValidationError(`disposition must be one of ${DISPOSITIONS.join(', ')}`);
      return;
    case 'dismiss':
      if (!DISMISS_REASONS.includes(action.reason)) throw new ReviewValidationError(`reason must be one of ${DISMISS_REASONS.join(', ')}`);
      if (action.misleadingTerm !== undefined && action.misleadingTerm.length > 200) throw new ReviewValidationError('a misleading term is at most 200 characters');
      return;
    case 'assign':
      if (action.assignee !== null && !ACTOR_RE.test(action.assignee)) throw new ReviewValidationError(`"${action.assignee}" is not a valid analyst name`);
      return;
    case 'note':
      if (!action.note?.trim()) throw new ReviewValidationError('a note needs some text');
      return;
    default:
      return;
  }
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

function minDate(a: Date, b: Date): Date {
  return a < b ? a : b;
}

function countriesOf(facts: unknown): string[] {
  const places = (facts as { places?: { country?: unknown }[] } | null)?.places ?? [];
  return [...new Set(places.map((p) => p.country).filter((c): c is string => typeof c === 'string' && /^[A-Z]{2}$/.test(c)))].sort();
}
