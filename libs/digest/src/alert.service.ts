import { Alert, PrismaService } from '@app/database';
import { MetricsService } from '@app/metrics';
import { Injectable, Logger } from '@nestjs/common';
import { renderAlert } from './digest-renderer';
import { DeliveryProgress, DeliveryService } from './delivery.service';
import { activeRecipients, SendOptions } from './digest.service';
import { ItemViewService } from './item-view.service';
import { passesFilters, readFilters } from './subscription-filters';

export type AlertReason = 'critical' | 'escalated';

/**
 * Immediate alerts: when an item opens as critical or is escalated, one alert
 * per subscription that asked for them and whose filters the item passes.
 * Like digests, an alert is rendered and stored first, then sent by a job of
 * its own; the unique (subscription, item, reason) makes a replay a no-op.
 */
@Injectable()
export class AlertService {
  private readonly logger = new Logger(AlertService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly items: ItemViewService,
    private readonly delivery: DeliveryService,
    private readonly metrics: MetricsService,
  ) {}

  /** Creates the alerts an item calls for and returns those not yet sent (new ones, and any a crash left behind). */
  async open(reviewItemId: string, reason: AlertReason): Promise<Alert[]> {
    const [loaded] = await this.items.load([reviewItemId]);
    if (!loaded) return [];
    const subs = await this.prisma.subscription.findMany({ where: { enabled: true, immediateAlerts: true }, orderBy: { id: 'asc' } });
    const out: Alert[] = [];
    for (const sub of subs) {
      if (!passesFilters(loaded.filterable, readFilters(sub.filters), { ignoreConfirmedOnly: true })) continue;
      const recipients = activeRecipients(sub);
      if (!recipients.length) continue;
      const rendered = renderAlert({ subscriptionName: sub.name, reason, item: loaded.view });
      const alert = await this.prisma.alert.upsert({
        where: { subscriptionId_reviewItemId_reason: { subscriptionId: sub.id, reviewItemId, reason } },
        create: { subscriptionId: sub.id, reviewItemId, reason, recipients, ...rendered },
        update: {},
      });
      if (alert.status !== 'sent') out.push(alert);
    }
    this.logger.log(`item ${reviewItemId} (${reason}): ${out.length} alert(s) to send`);
    return out;
  }

  /** Sends a stored alert once; see DigestService.send for what a retry after a crash does. */
  async send(alertId: string, progress: DeliveryProgress = { delivered: [], onDelivered: async () => undefined }, opts: SendOptions = {}): Promise<Alert> {
    const alert = await this.prisma.alert.findUniqueOrThrow({ where: { id: alertId }, include: { subscription: true } });
    if (alert.status === 'sent') return alert;
    await this.prisma.alert.update({ where: { id: alertId }, data: { attempts: { increment: 1 }, lastAttemptAt: new Date() } });
    const messageId = this.delivery.messageId('alert', alert.id);
    const recipients = alert.recipients.filter((r) => !alert.subscription.unsubscribed.includes(r));
    try {
      const outcome = await this.delivery.deliver(
        {
          subscriptionId: alert.subscriptionId,
          subscriptionName: alert.subscription.name,
          recipients,
          subject: alert.subject,
          html: alert.html,
          text: alert.text,
          messageId,
          fileStem: `${alert.createdAt.toISOString().replace(/[:.]/g, '-')}-alert-${alert.id}`,
        },
        progress,
      );
      const rejected = outcome.rejected.map((r) => `${r.recipient}: ${r.error}`).join('; ');
      const ok = outcome.accepted.length > 0 || recipients.length === 0;
      if (ok) this.metrics.alertSent();
      else this.metrics.alertFailed();
      return await this.prisma.alert.update({
        where: { id: alertId },
        data: {
          status: ok ? 'sent' : 'failed',
          sentAt: ok ? new Date() : null,
          messageId,
          error: rejected ? `refused for good: ${rejected}` : recipients.length ? null : 'every recipient has unsubscribed',
        },
      });
    } catch (e) {
      await this.prisma.alert.update({
        where: { id: alertId },
        data: { status: opts.lastAttempt ? 'failed' : 'pending', messageId, error: `${opts.lastAttempt ? 'gave up' : 'will retry'}: ${(e as Error).message}` },
      });
      this.metrics.alertFailed();
      throw e;
    }
  }
}
