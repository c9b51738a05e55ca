import { AppConfig } from '@app/config';
import { Prisma, PrismaService } from '@app/database';
import type { Facts } from '@app/rules';
import { Injectable } from '@nestjs/common';
import { DecisionView, DigestItemView, EvidenceView } from './digest-view';
import { summariseFacts } from './facts-summary';
import { FilterableItem } from './subscription-filters';

interface StoredEvidence {
  field: 'title' | 'body';
  start: number;
  end: number;
}

/** Characters of context either side of a highlighted hit. */
const CONTEXT = 90;
/** Passages quoted per rule in a digest: enough to judge, short enough to read. */
const MAX_EVIDENCE_PER_RULE = 2;

export interface LoadedItem {
  view: DigestItemView;
  filterable: FilterableItem;
}

/** Items whose views are kept between builds: a morning's digests mostly carry the same recent items. About 3 KB each. */
const CACHE_ITEMS = 5_000;

interface Cached {
  print: string;
  loaded: LoadedItem;
}

/**
 * Everything a view is made of, one json document per item, computed in SQL
 * in one statement: the review item's own fields, then its story's articles
 * (the opening one first, the others in the order they joined) with their
 * source and matches. The fingerprint is the md5 of this document with each
 * article's text as its md5 (escaping whole texts into json cost PostgreSQL
 * twice the time), so a cached view is reused only when nothing it shows or
 * filters on has changed, however the change was made (no reliance on
 * updatedAt or version columns).
 */
function docs(ids: string[], text: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
      SELECT ri.id, json_build_object(
        'state', ri.state, 'severity', ri.severity, 'categories', ri.categories, 'countries', ri.countries,
        'disposition', ri.disposition, 'dismissReason', ri."dismissReason", 'decidedBy', ri."decidedBy", 'decidedAt', ri."decidedAt", 'note', ri.note,
        'articles', COALESCE((
          SELECT json_agg(json_build_object(
            'id', a.id, 'title', a.title, 'url', a.url, 'text', ${text}, 'facts', a.facts, 'publishedAt', a."publishedAt",
            'sourceId', s.id, 'sourceKey', s.key, 'sourceName', s.name,
            'matches', COALESCE((
              SELECT json_agg(json_build_object('ruleName', r.name, 'category', m.category, 'severity', m.severity, 'score', m.score, 'evidence', m.evidence) ORDER BY m.id)
              FROM "Match" m JOIN "Rule" r ON r.id = m."ruleId"
              WHERE m."articleId" = a.id
            ), '[]'::json)
          ) ORDER BY o.ord)
          FROM unnest(array_prepend(ri."articleId", ARRAY(
            SELECT ria."articleId" FROM "ReviewItemArticle" ria WHERE ria."reviewItemId" = ri.id ORDER BY ria."joinedAt", ria."articleId"
          ))) WITH ORDINALITY AS o(aid, ord)
          JOIN "Article" a ON a.id = o.aid
          JOIN "Source" s ON s.id = a."sourceId"
        ), '[]'::json)
      ) AS doc
      FROM "ReviewItem" ri
      WHERE ri.id = ANY(${ids}::uuid[])`;
}

const TEXT_HASH = Prisma.sql`md5(a.text)`;
const TEXT = Prisma.sql`a.text`;

/**
 * Reads review items with their story's articles, matches, facts and sources,
 * in the shape digests and alerts render and subscription filters test.
 *
 * Views are cached in the process, bounded, by item id and fingerprint: a
 * build first asks PostgreSQL for the fingerprints (32 bytes an item) and
 * reads whole documents only for items it has not seen as they are now. The
 * cached view objects are shared, never modified, which also lets the
 * renderer keep each item's rendered HTML and text (see digest-renderer).
 * Loading 200 items cost about 25 ms of CPU per digest with set-based SQL
 * (90 ms with nested Prisma includes); rendering them 10 ms more.
 */
@Injectable()
export class ItemViewService {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  /** In `ids` order (ids that are not items are left out); `db` is a transaction's client when the caller is in one. */
  async load(ids: string[], db: Prisma.TransactionClient | PrismaService = this.prisma): Promise<LoadedItem[]> {
    if (!ids.length) return [];
    const prints = await db.$queryRaw<{ id: string; print: string }[]>`WITH p AS (${docs(ids, TEXT_HASH)}) SELECT id, md5(doc::text) AS print FROM p`;
    const found = new Map<string, LoadedItem>();
    const misses: string[] = [];
    for (const { id, print } of prints) {
      const hit = this.cache.get(id);
      if (hit?.print === print) {
        found.set(id, hit.loaded);
        // Most recently used last: eviction takes from the front.
        this.cache.delete(id);
        this.cache.set(id, hit);
      } else {
        misses.push(id);
      }
    }
    if (misses.length) {
      // The fingerprint and the document in one statement, so both describe the same snapshot.
      const rows = await db.$queryRaw<{ id: string; print: string; doc: string }[]>`
        WITH p AS (${docs(misses, TEXT_HASH)}), f AS (${docs(misses, TEXT)})
        SELECT p.id, md5(p.doc::text) AS print, f.doc::text AS doc FROM p JOIN f ON f.id = p.id`;
      for (const row of rows) {
        const loaded = this.toLoaded(row.id, JSON.parse(row.doc) as ItemDoc);
        found.set(row.id, loaded);
        this.cache.set(row.id, { print: row.print, loaded });
      }
      for (const id of this.cache.keys()) {
        if (this.cache.size <= CACHE_ITEMS) break;
        this.cache.delete(id);
      }
    }
    return ids.map((id) => found.get(id)).filter((l): l is LoadedItem => !!l);
  }

  private toLoaded(id: string, item: ItemDoc): LoadedItem {
    // The opening article may also be listed among the joined ones: each article once, first place kept.
    const seen = new Set<string>();
    const arts = item.articles.filter((a) => !seen.has(a.id) && !!seen.add(a.id));
    const first = arts[0];
    // A rule matching several articles of the story is shown once, with its strongest article's evidence.
    const strongest = new Map<string, { m: ItemDoc['articles'][number]['matches'][number]; a: ItemDoc['articles'][number] }>();
    for (const a of arts) {
      for (const m of a.matches) {
        const prev = strongest.get(m.ruleName);
        if (!prev || prev.m.score < m.score) strongest.set(m.ruleName, { m, a });
      }
    }
    // A reader needs each passage once: rules often cite the same words (a long
    // phrase and the single words inside it), so a span inside one already shown
    // for this item is left out, longest spans first, at most two per rule.
    const shown: { article: string; ev: StoredEvidence }[] = [];
    const inside = (article: string, ev: StoredEvidence) =>
      shown.some((s) => s.article === article && s.ev.field === ev.field && s.ev.start <= ev.start && ev.end <= s.ev.end);
    const passages = new Set<string>();
    const matches = new Map<string, DigestItemView['matches'][number]>();
    for (const [ruleName, { m, a }] of [...strongest].sort((x, y) => y[1].m.score - x[1].m.score)) {
      const evidence: EvidenceView[] = [];
      for (const ev of [...(m.evidence ?? [])].sort((x, y) => y.end - y.start - (x.end - x.start))) {
        if (evidence.length === MAX_EVIDENCE_PER_RULE || inside(a.id, ev)) continue;
        const view = evidenceView(ev, a.title, a.text);
        // A short title quoted whole reads the same whatever word is marked in it.
        const passage = `${a.id}:${view.before}${view.hit}${view.after}`;
        if (passages.has(passage)) continue;
        passages.add(passage);
        shown.push({ article: a.id, ev });
        evidence.push(view);
      }
      matches.set(ruleName, { ruleName, category: m.category, severity: m.severity, score: m.score, evidence });
    }
    const facts = [...new Set(arts.flatMap((a) => summariseFacts(a.facts as Facts | null)))];
    const view: DigestItemView = {
      id,
      title: first?.title ?? '(article no longer stored)',
      url: first?.url ?? '',
      outlets: [...new Set(arts.map((a) => a.sourceName))],
      published: utc(first?.publishedAt ?? null),
      severity: item.severity,
      categories: item.categories,
      state: item.state,
      decision: decision(item),
      matches: [...matches.values()],
      facts,
      link: `${this.config.publicBaseUrl}/items/${id}`,
    };
    const filterable: FilterableItem = {
      state: item.state,
      severity: item.severity,
      categories: item.categories,
      countries: item.countries,
      sources: [...new Set(arts.flatMap((a) => [a.sourceId, ...(a.sourceKey ? [a.sourceKey] : [])]))],
    };
    return { view, filterable };
  }
}

/** An item as the docs query writes it (json: timestamps as text, without zone). */
interface ItemDoc {
  state: string;
  severity: string;
  categories: string[];
  countries: string[];
  disposition: string | null;
  dismissReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  articles: {
    id: string;
    title: string;
    url: string;
    text: string;
    facts: unknown;
    publishedAt: string | null;
    sourceId: string;
    sourceKey: string | null;
    sourceName: string;
    matches: { ruleName: string; category: string; severity: string; score: number; evidence: StoredEvidence[] | null }[];
  }[];
}

/** Prisma keeps DateTime as UTC in timestamp columns without zone; json renders them without the zone. */
function utc(value: string | null): Date | null {
  return value === null ? null : new Date(`${value}Z`);
}

function decision(item: ItemDoc): DecisionView | null {
  const label =
    item.state === 'confirmed'
      ? `confirmed${item.disposition ? ` (${item.disposition})` : ''}`
      : item.state === 'dismissed'
        ? `dismissed${item.dismissReason ? ` (${item.dismissReason.replace('_', ' ')})` : ''}`
        : item.state === 'escalated'
          ? 'escalated'
          : null;
  if (!label && !item.note) return null;
  return { label: label ?? 'note', by: item.decidedBy, at: utc(item.decidedAt), note: item.note };
}

function evidenceView(ev: StoredEvidence, title: string, body: string): EvidenceView {
  const field = ev.field === 'title' ? title : body;
  const before = field.slice(Math.max(0, ev.start - CONTEXT), ev.start);
  const after = field.slice(ev.end, ev.end + CONTEXT);
  return { before: before.replace(/\s+/g, ' '), hit: field.slice(ev.start, ev.end), after: after.replace(/\s+/g, ' ') };
}
