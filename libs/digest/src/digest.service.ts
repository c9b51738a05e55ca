import { AppConfig } from '@app/config';
import { Digest, Prisma, PrismaService } from '@app/database';
import type { Facts } from '@app/rules';
import { Injectable, Logger } from '@nestjs/common';
import { renderDigest } from './digest-renderer';
import { DigestItemView, DigestView, EvidenceView } from './digest-view';
import { summariseFacts } from './facts-summary';
import { MailTransportService } from './mail-transport.service';

interface StoredEvidence {
  field: 'title' | 'body';
  start: number;
  end: number;
}

const CONTEXT = 90;

@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly mail: MailTransportService,
    private readonly config: AppConfig,
  ) {}

  get transportDescription(): string {
    return this.mail.describe;
  }

  /**
   * Builds (renders and stores) a subscription's digest for the period that
   * ends at `periodEnd` and starts where its previous digest ended. Returns
   * null when there is nothing to send and the subscription does not want
   * empty digests. Building the same period twice returns the stored digest.
   */
  async build(subscriptionId: string, periodEnd: Date): Promise<Digest | null> {
    const existing = await this.prisma.digest.findUnique({ where: { subscriptionId_periodEnd: { subscriptionId, periodEnd } } });
    if (existing) return existing;
    const sub = await this.prisma.subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    const previous = await this.prisma.digest.findFirst({
      where: { subscriptionId, periodEnd: { lt: periodEnd } },
      orderBy: { periodEnd: 'desc' },
    });
    const periodStart = previous?.periodEnd ?? null;
    const view = await this.view(sub.name, periodStart, periodEnd);
    if (view.items.length === 0 && !sub.sendEmpty) return null;
    const rendered = renderDigest(view);
    try {
      const digest = await this.prisma.digest.create({
        data: {
          subscriptionId,
          periodStart: periodStart ?? new Date(0),
          periodEnd,
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          recipients: sub.recipients,
          itemCount: view.items.length,
        },
      });
      this.logger.log(`digest ${digest.id} built for ${sub.name}: ${view.items.length} items`);
      return digest;
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
        return this.prisma.digest.findUniqueOrThrow({ where: { subscriptionId_periodEnd: { subscriptionId, periodEnd } } });
      }
      throw e;
    }
  }

  /** Sends a built digest once; a digest already sent is not sent again. Failures are recorded and rethrown for a retry. */
  async send(digestId: string): Promise<Digest> {
    const digest = await this.prisma.digest.findUniqueOrThrow({ where: { id: digestId } });
    if (digest.status === 'sent') return digest;
    try {
      const sent = await this.mail.send({
        to: digest.recipients,
        subject: digest.subject,
        html: digest.html,
        text: digest.text,
        messageId: `<digest-${digest.id}@sanctions-monitor>`,
        fileStem: `${digest.periodEnd.toISOString().replace(/[:.]/g, '-')}-digest-${digest.id}`,
      });
      const done = await this.prisma.digest.update({
        where: { id: digestId },
        data: { status: 'sent', sentAt: new Date(), messageId: sent.messageId, outboxPath: sent.outboxPath ?? null, attempts: { increment: 1 }, error: null },
      });
      this.logger.log(`digest ${digest.id} sent to ${digest.recipients.length} recipient(s)`);
      return done;
    } catch (e) {
      await this.prisma.digest.update({ where: { id: digestId }, data: { status: 'failed', attempts: { increment: 1 }, error: (e as Error).message } });
      throw e;
    }
  }

  private async view(subscriptionName: string, periodStart: Date | null, periodEnd: Date): Promise<DigestView> {
    const created = { ...(periodStart ? { gt: periodStart } : {}), lte: periodEnd };
    const items = await this.prisma.reviewItem.findMany({
      where: { createdAt: created, state: { not: 'dismissed' } },
      include: { article: { include: { source: true, matches: { include: { rule: true } } } } },
      orderBy: { createdAt: 'asc' },
    });
    const base = this.config.publicBaseUrl;
    const itemViews: DigestItemView[] = items.map(({ article, ...item }) => ({
      id: item.id,
      title: article.title,
      url: article.url,
      outlet: article.source.name,
      published: article.publishedAt,
      severity: item.severity,
      categories: item.categories,
      state: item.state,
      matches: article.matches.map((m) => ({
        ruleName: m.rule.name,
        category: m.category,
        severity: m.severity,
        score: m.score,
        evidence: ((m.evidence as unknown as StoredEvidence[]) ?? []).map((ev) => evidenceView(ev, article.title, article.text)),
      })),
      facts: summariseFacts(article.facts as unknown as Facts | null),
      link: `${base}/review-items/${item.id}`,
    }));
    const window = { ...(periodStart ? { gt: periodStart } : {}), lte: periodEnd };
    const [sourcesPolled, articlesRead, failing] = await Promise.all([
      this.prisma.source.count({ where: { lastAttemptAt: window } }),
      this.prisma.article.count({ where: { createdAt: window } }),
      this.prisma.source.findMany({ where: { enabled: true, consecutiveFailures: { gt: 0 } } }),
    ]);
    return {
      subscriptionName,
      periodStart,
      periodEnd,
      baseUrl: base,
      items: itemViews,
      coverage: {
        sourcesPolled,
        articlesRead,
        failingSources: failing.map((s) => ({ name: s.name, since: s.lastSuccessAt, error: s.lastError ?? 'unknown error' })),
      },
    };
  }
}

function evidenceView(ev: StoredEvidence, title: string, body: string): EvidenceView {
  const field = ev.field === 'title' ? title : body;
  const before = field.slice(Math.max(0, ev.start - CONTEXT), ev.start);
  const after = field.slice(ev.end, ev.end + CONTEXT);
  return { before: before.replace(/\s+/g, ' '), hit: field.slice(ev.start, ev.end), after: after.replace(/\s+/g, ' ') };
}
