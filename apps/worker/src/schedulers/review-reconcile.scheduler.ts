import { AppConfig } from '@app/config';
import { QUEUE, QueueService } from '@app/queue';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * Reconciles the review queue on start and every REVIEW_RECONCILE_INTERVAL_MS.
 * A BullMQ job scheduler (one per queue, keyed by name) makes the repeat a
 * single series however many workers start it; the start-up run is keyed by
 * the minute, so a fleet restarting together reconciles once.
 */
@Injectable()
export class ReviewReconcileScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReviewReconcileScheduler.name);

  constructor(
    private readonly queues: QueueService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const queue = this.queues.queue(QUEUE.reviewTimers);
      await queue.upsertJobScheduler('reconcile-review', { every: this.config.reviewReconcileIntervalMs }, { name: 'reconcile-review', data: {} });
      await this.queues.add('review-timers', 'reconcile-review', {}, { jobId: `reconcile.start.${Math.floor(Date.now() / 60_000)}`, attempts: 1 });
    } catch (err) {
      this.logger.error(`could not schedule the review reconciliation: ${(err as Error).message}`);
    }
  }
}
