import type { Severity } from '@app/database';
import { DEFAULT_JOB_OPTIONS, QUEUE, QueueService } from '@app/queue';
import { queuePriority } from '@app/review';
import type { Client } from 'pg';

export const CATEGORIES = ['worker-overstay', 'visa-workaround', 'loyalty-payment', 'repatriation-enforcement', 'it-workers-cyber'] as const;

/** Place names as the facts extractor writes them, with their country (what the `place` filter reads). */
export const PLACES: readonly [string, string][] = [
  ['Vladivostok', 'RU'],
  ['Khabarovsk', 'RU'],
  ['Moscow', 'RU'],
  ['Dandong', 'CN'],
  ['Dalian', 'CN'],
  ['Shenyang', 'CN'],
  ['Ulaanbaatar', 'MN'],
  ['Doha', 'QA'],
  ['Kuwait City', 'KW'],
  ['Dubai', 'AE'],
  ['Warsaw', 'PL'],
  ['Hanoi', 'VN'],
  ['Vientiane', 'LA'],
  ['Lagos', 'NG'],
];

const SOURCES = ['Bench Wire', 'Regional Daily', 'Border Monitor'];

export interface SeedResult {
  items: number;
  open: number;
  escalated: number;
  jobs: number;
  auditEvents: number;
  seedSeconds: number;
  queueSeconds: number;
}

// A deterministic number in [0, 1) per item and purpose k (1..16), cut from the item's four md5
// hashes (column h): every run stores the same items. Written inline rather than as SQL
// functions, which PostgreSQL called once per use here, at ten times the cost.
const rnd = (k: number) => `(('x' || substr(h, ${8 * k - 7}, 8))::bit(32)::bigint / 4294967296.0)`;

// A version-7 UUID (time-ordered, as Prisma's @default(uuid(7)) makes them) for a row created at ts.
const uuid7 = (ts: string, salt: string) =>
  `(lpad(to_hex(floor(extract(epoch FROM ${ts}) * 1000)::bigint), 12, '0') || '7' || left(overlay(md5(${salt}) placing '8' from 4 for 1), 19))::uuid`;

/**
 * 100,000 review items written with set-based SQL, each as the product leaves
 * it: a story, an article (with facts and a match per rule), the item and its
 * article link, and the audit events of its life so far. Open items are as
 * ReviewService.openForArticle leaves them (version 1, dueAt from the SLA,
 * activityAt = createdAt), or, once past their deadline, as the SLA check
 * leaves them (escalated, overdue, version 2). Decided items were claimed and
 * then confirmed or dismissed (version 3).
 */
export async function seedItems(pg: Client, total: number, slaHours: Record<Severity, number>): Promise<Omit<SeedResult, 'jobs' | 'queueSeconds'>> {
  const started = Date.now();
  await pg.query(`SET TIME ZONE 'UTC'`);

  await pg.query(
    `INSERT INTO "Source" (id, key, name, url, kind, "updatedAt")
     SELECT gen_random_uuid(), 'bench-' || i, name, 'https://bench' || i || '.example/rss', 'rss', now() FROM unnest($1::text[]) WITH ORDINALITY AS s(name, i)`,
    [SOURCES],
  );
  // Two rules per category: items carry the rules that matched.
  await pg.query(
    `INSERT INTO "Rule" (id, name, category, severity, query, "updatedAt")
     SELECT c || '-' || v, 'Bench rule ' || c || ' ' || v, c, 'high', '"x"', now() FROM unnest($1::text[]) c, unnest(ARRAY['a', 'b']) v`,
    [CATEGORIES],
  );

  // Every attribute of an item drawn once, in a temporary table the inserts below read. The CTEs are
  // materialized: inlined, each use of a column would recompute its hashes and casts.
  await pg.query(
    `CREATE TEMP TABLE gen AS
     WITH hashed AS MATERIALIZED (
       SELECT n, md5(n || 'a') || md5(n || 'b') || md5(n || 'c') || md5(n || 'd') AS h FROM generate_series(1, $1::int) n
     ), base AS MATERIALIZED (
       SELECT n,
         ${rnd(1)} < 0.30 AS open,
         CASE WHEN ${rnd(2)} < 0.04 THEN 'critical' WHEN ${rnd(2)} < 0.22 THEN 'high' WHEN ${rnd(2)} < 0.60 THEN 'medium' ELSE 'low' END AS severity,
         round((1 + 4 * ${rnd(3)} ^ 2)::numeric, 2)::float8 AS score,
         floor(${rnd(4)} * 5)::int AS c1,
         CASE WHEN ${rnd(5)} < 0.15 THEN (floor(${rnd(4)} * 5)::int + 1 + floor(${rnd(6)} * 4)::int) % 5 END AS c2,
         floor(${rnd(7)} * $2)::int AS p1,
         CASE WHEN ${rnd(8)} < 0.2 THEN floor(${rnd(9)} * $2)::int END AS p2,
         (CASE WHEN ${rnd(10)} < 0.5 THEN 1 WHEN ${rnd(10)} < 0.8 THEN 2 ELSE 3 END) AS src,
         ${rnd(11)} AS t, ${rnd(12)} AS d, ${rnd(13)} AS k, ${rnd(14)} AS w,
         CASE WHEN ${rnd(15)} < 0.5 THEN 'a' ELSE 'b' END AS rule
       FROM hashed
     ), timed AS MATERIALIZED (
       SELECT b.*,
         -- Decided items over ~90 days; the open backlog is mostly recent (age = 7 days x u^3).
         date_trunc('milliseconds', now()::timestamp - CASE WHEN open THEN interval '7 days' * t ^ 3 ELSE interval '90 days' * t END) AS created,
         ($3::jsonb ->> severity)::float8 AS sla
       FROM base b
     )
     SELECT t.*, created + interval '1 hour' * sla AS due,
       CASE WHEN open AND created + interval '1 hour' * sla <= now()::timestamp THEN 'escalated'
            WHEN open THEN 'new' WHEN k < 0.36 THEN 'confirmed' ELSE 'dismissed' END AS state,
       CASE WHEN c2 IS NULL THEN ARRAY[c1] ELSE ARRAY[c1, c2] END AS cats,
       CASE WHEN p2 IS NULL OR p2 = p1 THEN ARRAY[p1] ELSE ARRAY[p1, p2] END AS places,
       ${uuid7('created', `n || ':item'`)} AS item_id, ${uuid7('created', `n || ':story'`)} AS story_id, ${uuid7('created', `n || ':article'`)} AS article_id
     FROM timed t`,
    [total, PLACES.length, JSON.stringify(slaHours)],
  );
  await pg.query(`ALTER TABLE gen ADD COLUMN decided timestamp, ADD COLUMN analyst text`);
  await pg.query(
    `UPDATE gen SET decided = date_trunc('milliseconds', least(created + (due - created) * d, now()::timestamp - interval '1 minute')),
       analyst = 'analyst-' || lpad((1 + floor(w * 12))::int::text, 2, '0')
     WHERE state IN ('confirmed', 'dismissed')`,
  );

  await pg.query(`INSERT INTO "Story" (id, title, "firstSeenAt", "lastSeenAt") SELECT story_id, 'Story ' || n, created, created FROM gen`);

  await pg.query(
    `INSERT INTO "Article" (id, "sourceId", guid, url, "canonicalUrl", title, text, "contentHash", facts, "publishedAt", "fetchedAt", "classifiedAt", "createdAt", "storyId")
     SELECT g.article_id, s.id, 'g' || g.n, 'https://bench.example/a/' || g.n, 'https://bench.example/a/' || g.n,
       (ARRAY['North Korean workers kept at', 'Overseas labourers hand over loyalty money in', 'Visa workaround keeps DPRK crews in', 'Repatriation order ignored in', 'IT workers with false papers traced to'])[1 + g.c1]
         || ' ' || pl.names[1] || ' (' || g.n || ')',
       'Dozens of workers were ordered to stay at a plant near ' || pl.names[1] || ' after their visas expired, a former worker said. '
         || 'Each must hand over a share of the monthly wage as loyalty money, which monitors say breaches resolution 2397. '
         || repeat('Local officials declined to comment; a recruiter described how the contracts are renewed through a third-country intermediary, and how the wages are paid in cash to a supervisor who keeps the passports. ', 6)
         || 'Report ' || g.n || '.',
       md5('article' || g.n),
       jsonb_build_object('places', pl.facts, 'amounts', '[]'::jsonb, 'workerCounts', jsonb_build_array(jsonb_build_object('value', 40, 'approximate', true)),
                          'resolutions', jsonb_build_array(jsonb_build_object('number', '2397')), 'visas', '[]'::jsonb, 'dates', '[]'::jsonb),
       g.created - interval '2 hours', g.created, g.created, g.created, g.story_id
     FROM gen g
     JOIN (SELECT id, row_number() OVER (ORDER BY key) AS i FROM "Source") s ON s.i = g.src
     CROSS JOIN LATERAL (
       SELECT array_agg(p.name ORDER BY o) AS names, jsonb_agg(jsonb_build_object('name', p.name, 'country', p.country) ORDER BY o) AS facts
       FROM unnest(g.places) WITH ORDINALITY AS x(pi, o) JOIN unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(name, country, i) ON p.i = x.pi + 1
     ) pl`,
    [PLACES.map((p) => p[0]), PLACES.map((p) => p[1])],
  );

  // One match per rule that fired; an item's second category brings its own rule.
  await pg.query(
    `INSERT INTO "Match" (id, "articleId", "ruleId", "ruleVersion", category, severity, score, evidence, "createdAt")
     SELECT ${uuid7('g.created', `g.n || ':match:' || c`)}, g.article_id, cat || '-' || g.rule, 1, cat,
       g.severity::"Severity", g.score, '[{"field":"body","start":21,"end":36,"text":"ordered to stay"}]'::jsonb, g.created
     FROM gen g, unnest(g.cats) c, LATERAL (SELECT ($1::text[])[c + 1] AS cat) x`,
    [CATEGORIES],
  );

  await pg.query(
    `INSERT INTO "ReviewItem" (id, "storyId", "articleId", state, severity, score, categories, "ruleIds", countries, version,
        disposition, "dismissReason", "decidedBy", "decidedAt", "dueAt", overdue, "activityAt", "createdAt", "updatedAt")
     SELECT g.item_id, g.story_id, g.article_id, g.state::"ReviewState", g.severity::"Severity", g.score,
       (SELECT array_agg(c ORDER BY c) FROM unnest(g.cats) i, LATERAL (SELECT ($2::text[])[i + 1] AS c) x),
       (SELECT array_agg(c || '-' || g.rule ORDER BY c) FROM unnest(g.cats) i, LATERAL (SELECT ($2::text[])[i + 1] AS c) x),
       (SELECT array_agg(DISTINCT c ORDER BY c) FROM unnest(g.places) p, LATERAL (SELECT ($1::text[])[p + 1] AS c) x),
       CASE g.state WHEN 'new' THEN 1 WHEN 'escalated' THEN 2 ELSE 3 END,
       CASE WHEN g.state = 'confirmed' THEN (CASE WHEN g.w < 0.4 THEN 'reportable' ELSE 'monitor' END)::"Disposition" END,
       CASE WHEN g.state = 'dismissed' THEN (CASE WHEN g.k < 0.68 THEN 'off_topic' WHEN g.k < 0.80 THEN 'duplicate' WHEN g.k < 0.90 THEN 'outdated' ELSE 'wrong_sense' END)::"DismissReason" END,
       g.analyst, g.decided, g.due, g.state = 'escalated', g.created, g.created,
       CASE g.state WHEN 'new' THEN g.created WHEN 'escalated' THEN g.due ELSE g.decided END
     FROM gen g`,
    [PLACES.map((p) => p[1]), CATEGORIES],
  );
  await pg.query(`INSERT INTO "ReviewItemArticle" ("reviewItemId", "articleId", "joinedAt") SELECT item_id, article_id, created FROM gen`);

  // The audit trail each item would have: opened; claimed and decided; or escalated by the SLA check.
  const snap = (state: string, version: string, extra = '') =>
    `jsonb_build_object('state', ${state}, 'version', ${version}, 'assignee', null, 'disposition', ${extra ? `ri.disposition` : 'null'}, 'dismissReason', ${extra ? `ri."dismissReason"` : 'null'}, 'claimedBy', null, 'severity', ri.severity)`;
  await pg.query(
    `INSERT INTO "AuditEvent" (id, at, actor, action, "entityType", "entityId", before, after, note)
     SELECT ${uuid7(`ri."createdAt"`, `ri.id || ':opened'`)}, ri."createdAt", 'system', 'opened', 'review-item', ri.id::text, NULL::jsonb, ${snap(`'new'`, '1')}, 'article ' || ri."articleId"
     FROM "ReviewItem" ri
     UNION ALL
     SELECT ${uuid7(`ri."decidedAt" - interval '3 minutes'`, `ri.id || ':claimed'`)}, ri."decidedAt" - interval '3 minutes', ri."decidedBy", 'claimed', 'review-item', ri.id::text, NULL::jsonb,
       jsonb_build_object('state', 'in_review', 'version', 2, 'assignee', null, 'disposition', null, 'dismissReason', null, 'claimedBy', ri."decidedBy", 'severity', ri.severity), NULL
     FROM "ReviewItem" ri WHERE ri."decidedAt" IS NOT NULL
     UNION ALL
     SELECT ${uuid7(`ri."decidedAt"`, `ri.id || ':decided'`)}, ri."decidedAt", ri."decidedBy", ri.state::text, 'review-item', ri.id::text,
       jsonb_build_object('state', 'in_review', 'version', 2, 'assignee', null, 'disposition', null, 'dismissReason', null, 'claimedBy', ri."decidedBy", 'severity', ri.severity),
       ${snap('ri.state', '3', 'decided')}, NULL
     FROM "ReviewItem" ri WHERE ri."decidedAt" IS NOT NULL
     UNION ALL
     SELECT ${uuid7(`ri."dueAt"`, `ri.id || ':sla'`)}, ri."dueAt", 'system:sla', 'sla-escalated', 'review-item', ri.id::text, ${snap(`'new'`, '1')}, ${snap(`'escalated'`, '2')},
       'no decision by ' || to_char(ri."dueAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
     FROM "ReviewItem" ri WHERE ri.state = 'escalated'`,
  );
  await pg.query(`DROP TABLE gen`);
  await pg.query(`VACUUM ANALYZE`);

  const { rows } = await pg.query<{ items: number; open: number; escalated: number; events: number }>(
    `SELECT count(*)::int AS items, count(*) FILTER (WHERE state IN ('new', 'in_review', 'escalated'))::int AS open,
       count(*) FILTER (WHERE state = 'escalated')::int AS escalated, (SELECT count(*)::int FROM "AuditEvent") AS events FROM "ReviewItem"`,
  );
  return { items: rows[0].items, open: rows[0].open, escalated: rows[0].escalated, auditEvents: rows[0].events, seedSeconds: (Date.now() - started) / 1000 };
}

/**
 * A job on the `review` queue for every open item, with the options
 * ReviewService.syncQueue gives it. Added oldest first, so that within one
 * priority BullMQ serves the oldest item first, as it does for items queued
 * as they open. (ReviewUpkeepService.reconcile does the same one item and
 * two Redis round trips at a time, and in id order; addBulk is one round trip
 * per thousand.)
 */
export async function queueOpenItems(pg: Client, queues: QueueService): Promise<number> {
  const { rows } = await pg.query<{ id: string; severity: Severity; score: number; state: 'new' | 'escalated' }>(
    `SELECT id, severity, score, state FROM "ReviewItem" WHERE state IN ('new', 'in_review', 'escalated') ORDER BY "createdAt", id`,
  );
  const queue = queues.queue(QUEUE.review);
  for (let i = 0; i < rows.length; i += 1000) {
    await queue.addBulk(
      rows.slice(i, i + 1000).map((r) => ({
        name: 'review-item',
        data: { reviewItemId: r.id },
        // QueueService.add (what syncQueue calls) lays the defaults under the job's own options.
        opts: { ...DEFAULT_JOB_OPTIONS, jobId: r.id, priority: queuePriority(r.severity, r.score, r.state), attempts: 1, removeOnComplete: true, removeOnFail: true },
      })),
    );
  }
  const counts = await queue.getJobCounts('waiting', 'prioritized');
  return (counts.waiting ?? 0) + (counts.prioritized ?? 0);
}
