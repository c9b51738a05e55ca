import { SubscriptionsService } from '@app/digest';
import { QueueService, jobId } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';

/** Daily at 07:00 UTC: one build job per enabled subscription, keyed by the period's end. */
@Injectable()
export class DigestScheduler {
  private readonly logger = new Logger(DigestScheduler.name);

  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly queues: QueueService,
  ) {}

  @Cron('0 7 * * *', { name: 'daily-digests', timeZone: 'UTC' })
  async tick(now = new Date()): Promise<void> {
    const periodEnd = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    for (const sub of await this.subscriptions.listEnabled()) {
      try {
        await this.queues.add(
          'digest',
          'build-digest',
          { subscriptionId: sub.id, periodEnd: periodEnd.toISOString() },
          { jobId: jobId.buildDigest(sub.id, periodEnd) },
        );
      } catch (e) {
        this.logger.error(`could not queue the digest of ${sub.id}: ${(e as Error).message}`);
      }
    }
  }
}
