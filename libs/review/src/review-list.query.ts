import { Prisma, ReviewState, Severity } from '@app/database';
import { ReviewValidationError } from './review.errors';
import { OPEN_STATES } from './review-state';

const ALL_STATES: readonly ReviewState[] = ['new', 'in_review', 'confirmed', 'dismissed', 'escalated'];

export const REVIEW_SORTS = ['priority', 'newest', 'oldest', 'due', 'activity'] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];

export interface ReviewListQuery {
  /** States, or "open" for new, in_review and escalated. */
  states?: (ReviewState | 'open')[];
  category?: string;
  severities?: Severity[];
  /** Source id: items with at least one article from it. */
  sourceId?: string;
  /** ISO country code (two letters) or a place name from the facts. */
  place?: string;
  /** An analyst's name, or "none" for unassigned items. */
  assignee?: string;
  ruleId?: string;
  overdue?: boolean;
  /** Opened from (inclusive) / before. */
  from?: Date;
  to?: Date;
  /** Words that must all appear in an article of the item (title or text). */
  q?: string;
  sort?: ReviewSort;
  cursor?: string;
  /** 1..200, default 50. */
  limit?: number;
}

interface SortKey {
  /** SQL expression over the item row `ri`. */
  expr: Prisma.Sql;
  /** Name of the value in the cursor and in the selected row. */
  name: string;
  dir: 'asc' | 'desc';
}

const SORTS: Record<ReviewSort, SortKey[]> = {
  // The queue's own order: escalated, severity, score, then the oldest first. queueRank holds the
  // first two (a trigger keeps it in step with state and severity) so that one index serves the
  // whole order: a page reads its rows from the index instead of sorting every matching item.
  priority: [
    { expr: Prisma.sql`ri."queueRank"`, name: 'k_rank', dir: 'asc' },
    { expr: Prisma.sql`ri.score`, name: 'k_score', dir: 'desc' },
    { expr: Prisma.sql`ri."createdAt"`, name: 'k_created', dir: 'asc' },
  ],
  newest: [{ expr: Prisma.sql`ri."createdAt"`, name: 'k_created', dir: 'desc' }],
  oldest: [{ expr: Prisma.sql`ri."createdAt"`, name: 'k_created', dir: 'asc' }],
  due: [{ expr: Prisma.sql`ri."dueAt"`, name: 'k_due', dir: 'asc' }],
  activity: [{ expr: Prisma.sql`ri."activityAt"`, name: 'k_activity', dir: 'desc' }],
};

/** The id breaks ties, so every sort is total and a cursor never skips or repeats a row. */
function keysOf(sort: ReviewSort): SortKey[] {
  return [...SORTS[sort], { expr: Prisma.sql`ri.id`, name: 'k_id', dir: 'asc' }];
}

type CursorValue = string | number;

export function encodeCursor(sort: ReviewSort, row: Record<string, unknown>): string {
  const values = keysOf(sort).map((k) => {
    const v = row[k.name];
    return v instanceof Date ? v.toISOString() : (v as CursorValue);
  });
  return Buffer.from(JSON.stringify({ s: sort, v: values })).toString('base64url');
}

function decodeCursor(sort: ReviewSort, cursor: string): CursorValue[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s: string; v: CursorValue[] };
    if (parsed.s !== sort || !Array.isArray(parsed.v) || parsed.v.length !== keysOf(sort).length) throw new Error('shape');
    return parsed.v;
  } catch {
    throw new ReviewValidationError('cursor is not one this list gave for this sort: start again without it');
  }
}

/** (a, b, c) after (x, y, z) with mixed directions: a > x OR (a = x AND (b < y OR ...)). */
function after(keys: SortKey[], values: CursorValue[]): Prisma.Sql {
  const [head, ...rest] = keys;
  const [value, ...restValues] = values;
  const v = head.name === 'k_created' || head.name === 'k_due' || head.name === 'k_activity' ? Prisma.sql`${new Date(value as string)}::timestamp` : head.name === 'k_id' ? Prisma.sql`${value}::uuid` : Prisma.sql`${value}`;
  const strict = head.dir === 'asc' ? Prisma.sql`${head.expr} > ${v}` : Prisma.sql`${head.expr} < ${v}`;
  if (rest.length === 0) return strict;
  return Prisma.sql`(${strict} OR (${head.expr} = ${v} AND ${after(rest, restValues)}))`;
}

/**
 * The same condition, led by a bound on the first key alone (implied by it): the OR form is
 * only a filter to PostgreSQL, the bound lets an index scan start at the cursor's rank.
 */
function afterCursor(keys: SortKey[], values: CursorValue[]): Prisma.Sql {
  const [head] = keys;
  const v = head.name === 'k_created' || head.name === 'k_due' || head.name === 'k_activity' ? Prisma.sql`${new Date(values[0] as string)}::timestamp` : Prisma.sql`${values[0]}`;
  const bound = head.dir === 'asc' ? Prisma.sql`${head.expr} >= ${v}` : Prisma.sql`${head.expr} <= ${v}`;
  return Prisma.sql`${bound} AND ${after(keys, values)}`;
}

function where(q: ReviewListQuery): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (q.states?.length) {
    const states = [...new Set(q.states.flatMap((s) => (s === 'open' ? OPEN_STATES : [s])))];
    // Compared as the enum, not as text: PostgreSQL then knows from its statistics how many items
    // are open, and walks the priority index rather than sorting them all.
    for (const s of states) if (!ALL_STATES.includes(s)) throw new ReviewValidationError(`state "${s}" is not one of open, ${ALL_STATES.join(', ')}`);
    parts.push(Prisma.sql`ri.state IN (${Prisma.join(states.map((s) => Prisma.sql`${s}::"ReviewState"`))})`);
  }
  if (q.category) parts.push(Prisma.sql`ri.categories @> ARRAY[${q.category}]::text[]`);
  if (q.ruleId) parts.push(Prisma.sql`ri."ruleIds" @> ARRAY[${q.ruleId}]::text[]`);
  if (q.severities?.length) parts.push(Prisma.sql`ri.severity::text IN (${Prisma.join(q.severities)})`);
  if (q.assignee) parts.push(q.assignee === 'none' ? Prisma.sql`ri.assignee IS NULL` : Prisma.sql`ri.assignee = ${q.assignee}`);
  if (q.overdue !== undefined) parts.push(Prisma.sql`ri.overdue = ${q.overdue}`);
  if (q.from) parts.push(Prisma.sql`ri."createdAt" >= ${q.from}`);
  if (q.to) parts.push(Prisma.sql`ri."createdAt" < ${q.to}`);
  if (q.sourceId) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "ReviewItemArticle" ria JOIN "Article" a ON a.id = ria."articleId"
      WHERE ria."reviewItemId" = ri.id AND a."sourceId" = ${q.sourceId}::uuid)`);
  }
  if (q.place) {
    const place = q.place.trim();
    if (/^[A-Za-z]{2}$/.test(place)) parts.push(Prisma.sql`ri.countries @> ARRAY[${place.toUpperCase()}]::text[]`);
    else {
      parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "ReviewItemArticle" ria JOIN "Article" a ON a.id = ria."articleId",
        jsonb_array_elements(coalesce(a.facts->'places', '[]'::jsonb)) p
        WHERE ria."reviewItemId" = ri.id AND lower(p->>'name') = lower(${place}))`);
    }
  }
  if (q.q?.trim()) {
    // The same folded words the backtest index holds; plainto_tsquery ANDs them and ignores operators.
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "ReviewItemArticle" ria JOIN "Article" a ON a.id = ria."articleId"
      WHERE ria."reviewItemId" = ri.id AND (a."searchTerms" @@ plainto_tsquery('simple', ${q.q.trim()}) OR a.title ILIKE ${'%' + q.q.trim().replace(/[\\%_]/g, '\\$&') + '%'}))`);
  }
  return parts;
}

/** One page of items: the SQL selects the item row, its sort keys, a title and its outlets. */
export function listSql(q: ReviewListQuery): { sql: Prisma.Sql; limit: number; sort: ReviewSort } {
  const sort = q.sort ?? 'priority';
  const limit = Math.min(200, Math.max(1, Math.trunc(q.limit ?? 50)));
  const keys = keysOf(sort);
  const conditions = where(q);
  if (q.cursor) conditions.push(afterCursor(keys, decodeCursor(sort, q.cursor)));
  const whereSql = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  const order = Prisma.join(
    keys.map((k) => (k.dir === 'asc' ? Prisma.sql`${k.expr} ASC` : Prisma.sql`${k.expr} DESC`)),
    ', ',
  );
  const selectKeys = Prisma.join(keys.map((k) => Prisma.sql`${k.expr} AS ${Prisma.raw(`"${k.name}"`)}`), ', ');
  const sql = Prisma.sql`
    SELECT ri.*, ${selectKeys},
      (SELECT a.title FROM "Article" a WHERE a.id = ri."articleId") AS title,
      (SELECT coalesce(array_agg(DISTINCT s.name), ARRAY[]::text[]) FROM "ReviewItemArticle" ria
         JOIN "Article" a ON a.id = ria."articleId" JOIN "Source" s ON s.id = a."sourceId"
        WHERE ria."reviewItemId" = ri.id) AS "sourceNames",
      (SELECT count(*)::int FROM "ReviewItemArticle" ria WHERE ria."reviewItemId" = ri.id) AS "articleCount"
    FROM "ReviewItem" ri
    ${whereSql}
    ORDER BY ${order}
    LIMIT ${limit + 1}`;
  return { sql, limit, sort };
}
