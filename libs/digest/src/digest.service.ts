import { AppConfig } from '@app/config';
import { Digest, Prisma, PrismaService, Subscription } from '@app/database';
import { MetricsService } from '@app/metrics';
import { Injectable, Logger } from '@nestjs/common';
import { countByCategory, renderDigest } from './digest-renderer';
import { CoverageView, DigestView, RenderedDigest } from './digest-view';
import { DeliveryProgress, DeliveryService } from './delivery.service';
import { ItemViewService, LoadedItem } from './item-view.service';
import { MailTransportService } from './mail-transport.service';
import { previousPeriodEnd } from './schedule';
import { SubscriptionNotFoundError } from './subscription.errors';
import { passesFilters, readFilters } from './subscription-filters';

type Db = Prisma.TransactionClient | PrismaService;

export interface DigestPreview extends RenderedDigest {
  subscriptionId: string;
  periodStart: Date | null;
  periodEnd: Date;
  itemCount: number;
  /** False when nothing matched and the subscription does not want empty digests. */
  wouldSend: boolean;
  recipients: string[];
}

/** What the jobs need of a digest; the rendered bodies (350 KB for 200 items) stay in the database. */
export type DigestRef = Pick<Digest, 'id' | 'status'>;

const REF = { id: true, status: true } as const;

export interface SendOptions {
  /** The send job's last attempt: a failure now is final. */
  lastAttempt?: boolean;
}

const SEVERITY_RANK = Prisma.sql`CASE m.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;

@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly items: ItemViewService,
    private readonly delivery: DeliveryService,
    private readonly mail: MailTransportService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  get transportDescription(): string {
    return this.mail.describe;
  }

  /**
   * Builds (renders and stores) a subscription's digest for the period ending
   * at `periodEnd`: every item not yet carried to this subscription, committed
   * by then, that passes its filters. Choosing by "not yet carried" rather
   * than by time window means an item committed late (after the period it was
   * created in was built) goes out with the next digest instead of never.
   * Returns null when there is nothing to send and the subscription does not
   * want empty digests. Building the same period twice returns the stored one.
   */
  async build(subscriptionId: string, periodEnd: Date): Promise<DigestRef | null> {
    const existing = await this.prisma.digest.findUnique({ where: { subscriptionId_periodEnd: { subscriptionId, periodEnd } }, select: REF });
    if (existing) return existing;
    try {
      return await this.prisma.$transaction(
        async (tx) => {
          // Builds of one subscription take turns, so two periods never claim the same item.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`digest:${subscriptionId}`}))`;
          const again = await tx.digest.findUnique({ where: { subscriptionId_periodEnd: { subscriptionId, periodEnd } }, select: REF });
          if (again) return again;
          const sub = await tx.subscription.findUnique({ where: { id: subscriptionId } });
          if (!sub) throw new SubscriptionNotFoundError(subscriptionId);
          const { view, chosen } = await this.assemble(tx, sub, periodEnd);
          if (chosen.length === 0 && !sub.sendEmpty) return null;
          const rendered = renderDigest(view);
          const digest = await tx.digest.create({
            // Selecting only the id: by default Prisma reads the stored row back, bodies included.
            select: REF,
            data: {
              subscriptionId,
              periodStart: view.periodStart!,
              periodEnd,
              subject: rendered.subject,
              html: rendered.html,
              text: rendered.text,
              recipients: activeRecipients(sub),
              itemCount: chosen.length,
            },
          });
          // One statement with one array parameter: createMany binds three parameters per row (600 for a digest of 200).
          await tx.$executeRaw`
            INSERT INTO "DigestItem" ("digestId", "subscriptionId", "reviewItemId")
            SELECT ${digest.id}::uuid, ${subscriptionId}::uuid, unnest(${chosen.map((c) => c.view.id)}::uuid[])`;
          this.logger.log(`digest ${digest.id} built for ${sub.name} (${subscriptionId}): ${chosen.length} items`);
          return digest;
        },
        { timeout: 120_000, maxWait: 60_000 },
      );
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
        const raced = await this.prisma.digest.findUnique({ where: { subscriptionId_periodEnd: { subscriptionId, periodEnd } }, select: REF });
        if (raced) return raced;
      }
      throw e;
    }
  }

  /** The next digest of a subscription as it would be built now (or at `periodEnd`); nothing is stored or sent. */
  async preview(subscriptionId: string, periodEnd = new Date()): Promise<DigestPreview> {
    const sub = await this.prisma.subscription.findUnique({ where: { id: subscriptionId } });
    if (!sub) throw new SubscriptionNotFoundError(subscriptionId);
    const { view, chosen } = await this.assemble(this.prisma, sub, periodEnd);
    const rendered = renderDigest(view);
    return {
      subscriptionId,
      periodStart: view.periodStart,
      periodEnd,
      itemCount: chosen.length,
      wouldSend: chosen.length > 0 || sub.sendEmpty,
      recipients: activeRecipients(sub),
      ...rendered,
    };
  }

  /**
   * Sends a built digest. A digest already sent is never sent again. The
   * attempt is counted before the first byte goes out, so a worker killed
   * mid-send leaves an attempt with no outcome, which the retry completes
   * with the same Message-ID (see README, "Digests and alerts").
   */
  async send(digestId: string, progress: DeliveryProgress = { delivered: [], onDelivered: async () => undefined }, opts: SendOptions = {}): Promise<DigestRef> {
    // One raw read, and updateMany below: Prisma's findUnique with an include and its update (which reads
    // the whole row back) cost about 25 ms of CPU per send for a digest of 200 items, twice the MIME encoding.
    const [digest] = await this.prisma.$queryRaw<SendRow[]>`
      SELECT d.id, d.status::text AS status, d.subject, d.html, d.text, d.recipients, d."periodEnd", d."outboxPath", d."subscriptionId",
        s.name AS "subscriptionName", s.unsubscribed
      FROM "Digest" d JOIN "Subscription" s ON s.id = d."subscriptionId"
      WHERE d.id = ${digestId}::uuid`;
    if (!digest) throw new Error(`digest ${digestId} not found`);
    if (digest.status === 'sent') return { id: digest.id, status: 'sent' };
    await this.prisma.digest.updateMany({ where: { id: digestId }, data: { attempts: { increment: 1 }, lastAttemptAt: new Date() } });
    const messageId = this.delivery.messageId('digest', digest.id);
    // Someone who unsubscribed after the build gets nothing more.
    const recipients = digest.recipients.filter((r) => !digest.unsubscribed.includes(r));
    try {
      const outcome = await this.delivery.deliver(
        {
          subscriptionId: digest.subscriptionId,
          subscriptionName: digest.subscriptionName,
          recipients,
          subject: digest.subject,
          html: digest.html,
          text: digest.text,
          messageId,
          fileStem: `${digest.periodEnd.toISOString().replace(/[:.]/g, '-')}-digest-${digest.id}`,
        },
        progress,
      );
      const rejected = outcome.rejected.map((r) => `${r.recipient}: ${r.error}`).join('; ');
      const ok = outcome.accepted.length > 0 || recipients.length === 0;
      const status = ok ? 'sent' : 'failed';
      await this.prisma.digest.updateMany({
        where: { id: digestId },
        data: {
          status,
          sentAt: ok ? new Date() : null,
          messageId,
          outboxPath: outcome.outboxPath ?? digest.outboxPath,
          error: rejected ? `refused for good: ${rejected}` : recipients.length ? null : 'every recipient has unsubscribed',
        },
      });
      this.logger.log(`digest ${digest.id} ${ok ? 'sent' : 'refused'}: ${outcome.accepted.length} of ${recipients.length} recipient(s)`);
      if (ok) this.metrics.digestSent();
      else this.metrics.digestFailed();
      return { id: digest.id, status };
    } catch (e) {
      await this.prisma.digest.updateMany({
        where: { id: digestId },
        data: { status: opts.lastAttempt ? 'failed' : 'pending', messageId, error: `${opts.lastAttempt ? 'gave up' : 'will retry'}: ${(e as Error).message}` },
      });
      this.metrics.digestFailed();
      throw e;
    }
  }

  /** Where a subscription's items start: its first digest's start, else one period before this one (or its creation, if earlier). */
  private async floor(db: Db, sub: Subscription, periodEnd: Date): Promise<Date> {
    const first = await db.digest.findFirst({ where: { subscriptionId: sub.id }, orderBy: { periodEnd: 'asc' }, select: { periodStart: true } });
    if (first) return first.periodStart;
    const before = previousPeriodEnd(sub.schedule, sub.timezone, periodEnd);
    return before && before < sub.createdAt ? before : sub.createdAt;
  }

  private async assemble(db: Db, sub: Subscription, periodEnd: Date): Promise<{ view: DigestView; chosen: LoadedItem[] }> {
    const filters = readFilters(sub.filters);
    const previous = await db.digest.findFirst({ where: { subscriptionId: sub.id, periodEnd: { lt: periodEnd } }, orderBy: { periodEnd: 'desc' }, select: { id: true, periodEnd: true } });
    const floor = await this.floor(db, sub, periodEnd);
    const sev = filters.minSeverity ? ['low', 'medium', 'high', 'critical'].slice(['low', 'medium', 'high', 'critical'].indexOf(filters.minSeverity)) : null;
    // The cheap filters run in SQL; sources (ids or keys of any article of the story) are checked on the loaded items.
    const rows = await db.$queryRaw<{ id: string }[]>`
      SELECT ri.id FROM "ReviewItem" ri
      WHERE ri."createdAt" >= ${floor} AND ri."createdAt" <= ${periodEnd}
        AND ri.state <> 'dismissed'
        ${filters.confirmedOnly ? Prisma.sql`AND ri.state = 'confirmed'` : Prisma.empty}
        ${sev ? Prisma.sql`AND ri.severity::text = ANY(${sev})` : Prisma.empty}
        ${filters.categories ? Prisma.sql`AND ri.categories && ${filters.categories}::text[]` : Prisma.empty}
        ${filters.countries ? Prisma.sql`AND ri.countries && ${filters.countries}::text[]` : Prisma.empty}
        AND NOT EXISTS (SELECT 1 FROM "DigestItem" di WHERE di."subscriptionId" = ${sub.id}::uuid AND di."reviewItemId" = ri.id)
      ORDER BY ri."createdAt", ri.id`;
    const loaded = await this.items.load(rows.map((r) => r.id), db);
    const chosen = loaded.filter((l) => passesFilters(l.filterable, filters));
    const [coverage, previousCounts] = await Promise.all([this.coverage(db, previous?.periodEnd ?? floor, periodEnd), previous ? this.countsOf(db, previous.id) : null]);
    return {
      chosen,
      view: {
        subscriptionName: sub.name,
        periodStart: previous?.periodEnd ?? floor,
        periodEnd,
        baseUrl: this.config.publicBaseUrl,
        items: chosen.map((c) => c.view),
        coverage,
        previousCounts,
      },
    };
  }

  /** Items per primary category (the strongest match's) in a digest already built. */
  private async countsOf(db: Db, digestId: string): Promise<Record<string, number>> {
    // The strongest match over the story's articles, per item: an OR across the opening article and the
    // joined ones defeated the Match index (a scan of every match per item, 600 ms for 200 items).
    const rows = await db.$queryRaw<{ id: string; category: string | null }[]>`
      SELECT di."reviewItemId" AS id, top.category
      FROM "DigestItem" di
      JOIN "ReviewItem" ri ON ri.id = di."reviewItemId"
      LEFT JOIN LATERAL (
        SELECT m.category FROM "Match" m
        WHERE m."articleId" = ANY(array_append(ARRAY(SELECT ria."articleId" FROM "ReviewItemArticle" ria WHERE ria."reviewItemId" = ri.id), ri."articleId"))
        ORDER BY ${SEVERITY_RANK}, m.score DESC
        LIMIT 1
      ) top ON true
      WHERE di."digestId" = ${digestId}::uuid`;
    return countByCategory(rows.map((r) => ({ matches: r.category ? [{ ruleName: '', category: r.category, severity: 'low', score: 0, evidence: [] }] : [], categories: [] })));
  }

  /** What was watched in the period: an empty digest is then evidence that monitoring ran. */
  private async coverage(db: Db, from: Date, to: Date): Promise<CoverageView> {
    const [sourcesPolled, articlesRead, failing] = await Promise.all([
      // The last attempt is all a source records: one polled in the period and again since still counts.
      db.source.count({ where: { lastAttemptAt: { gt: from } } }),
      db.article.count({ where: { createdAt: { gt: from, lte: to } } }),
      db.source.findMany({ where: { enabled: true, consecutiveFailures: { gt: 0 } }, select: { name: true, lastSuccessAt: true, lastError: true }, orderBy: { name: 'asc' } }),
    ]);
    return {
      sourcesPolled,
      articlesRead,
      failingSources: failing.map((s) => ({ name: s.name, since: s.lastSuccessAt, error: s.lastError ?? 'unknown error' })),
    };
  }
}

interface SendRow {
  id: string;
  status: string;
  subject: string;
  html: string;
  text: string;
  recipients: string[];
  periodEnd: Date;
  outboxPath: string | null;
  subscriptionId: string;
  subscriptionName: string;
  unsubscribed: string[];
}

export function activeRecipients(sub: Pick<Subscription, 'recipients' | 'unsubscribed'>): string[] {
  return sub.recipients.filter((r) => !sub.unsubscribed.includes(r));
}
