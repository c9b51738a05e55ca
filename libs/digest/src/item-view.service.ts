import { AppConfig } from '@app/config';
import { Prisma, PrismaService, ReviewItem } from '@app/database';
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

export interface LoadedItem {
  view: DigestItemView;
  filterable: FilterableItem;
}

/**
 * Reads review items with their story's articles, matches, facts and sources,
 * in the shape digests and alerts render and subscription filters test.
 */
@Injectable()
export class ItemViewService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  /** In `ids` order; `db` is a transaction's client when the caller is in one. */
  async load(ids: string[], db: Prisma.TransactionClient | PrismaService = this.prisma): Promise<LoadedItem[]> {
    if (!ids.length) return [];
    const items = await db.reviewItem.findMany({
      where: { id: { in: ids } },
      include: { articles: { select: { articleId: true, joinedAt: true }, orderBy: { joinedAt: 'asc' } } },
    });
    // The opening article first, then the others in the order they joined the story.
    const articleIds = (item: ReviewItem & { articles: { articleId: string }[] }) => [...new Set([item.articleId, ...item.articles.map((a) => a.articleId)])];
    const articles = await db.article.findMany({
      where: { id: { in: [...new Set(items.flatMap(articleIds))] } },
      select: {
        id: true,
        title: true,
        url: true,
        text: true,
        facts: true,
        publishedAt: true,
        source: { select: { id: true, key: true, name: true } },
        matches: { select: { category: true, severity: true, score: true, evidence: true, rule: { select: { name: true } } } },
      },
    });
    const byId = new Map(articles.map((a) => [a.id, a]));
    const order = new Map(ids.map((id, i) => [id, i]));
    return items
      .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
      .map((item) => {
        const arts = articleIds(item).map((id) => byId.get(id)).filter((a): a is NonNullable<typeof a> => !!a);
        const first = arts[0];
        // A rule matching several articles of the story is shown once, with its strongest article's evidence.
        const matches = new Map<string, DigestItemView['matches'][number]>();
        for (const a of arts) {
          for (const m of a.matches) {
            const prev = matches.get(m.rule.name);
            if (prev && prev.score >= m.score) continue;
            matches.set(m.rule.name, {
              ruleName: m.rule.name,
              category: m.category,
              severity: m.severity,
              score: m.score,
              evidence: ((m.evidence as unknown as StoredEvidence[] | null) ?? []).map((ev) => evidenceView(ev, a.title, a.text)),
            });
          }
        }
        const facts = [...new Set(arts.flatMap((a) => summariseFacts(a.facts as unknown as Facts | null)))];
        const view: DigestItemView = {
          id: item.id,
          title: first?.title ?? '(article no longer stored)',
          url: first?.url ?? '',
          outlets: [...new Set(arts.map((a) => a.source.name))],
          published: first?.publishedAt ?? null,
          severity: item.severity,
          categories: item.categories,
          state: item.state,
          decision: decision(item),
          matches: [...matches.values()],
          facts,
          link: `${this.config.publicBaseUrl}/items/${item.id}`,
        };
        const filterable: FilterableItem = {
          state: item.state,
          severity: item.severity,
          categories: item.categories,
          countries: item.countries,
          sources: [...new Set(arts.flatMap((a) => [a.source.id, ...(a.source.key ? [a.source.key] : [])]))],
        };
        return { view, filterable };
      });
  }
}

function decision(item: ReviewItem): DecisionView | null {
  const label =
    item.state === 'confirmed'
      ? `confirmed${item.disposition ? ` (${item.disposition})` : ''}`
      : item.state === 'dismissed'
        ? `dismissed${item.dismissReason ? ` (${item.dismissReason.replace('_', ' ')})` : ''}`
        : item.state === 'escalated'
          ? 'escalated'
          : null;
  if (!label && !item.note) return null;
  return { label: label ?? 'note', by: item.decidedBy, at: item.decidedAt, note: item.note };
}

function evidenceView(ev: StoredEvidence, title: string, body: string): EvidenceView {
  const field = ev.field === 'title' ? title : body;
  const before = field.slice(Math.max(0, ev.start - CONTEXT), ev.start);
  const after = field.slice(ev.end, ev.end + CONTEXT);
  return { before: before.replace(/\s+/g, ' '), hit: field.slice(ev.start, ev.end), after: after.replace(/\s+/g, ' ') };
}
