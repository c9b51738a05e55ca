import { JobMap, QUEUE } from '@app/queue';
import { ReconcileResult, ReviewService, ReviewUpkeepService } from '@app/review';
import { WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { unknownJob } from './assert-never';

type ReviewTimersJob = { [N in keyof JobMap['review-timers']]: Job<JobMap['review-timers'][N], unknown, N> }[keyof JobMap['review-timers']];

/** SLA deadlines (delayed jobs) and the review queue's reconciliation with PostgreSQL. */
// @Processor is applied by WorkerModule.forRoot with the configured worker options.
@Injectable()
export class ReviewTimersProcessor extends WorkerHost {
  constructor(
    private readonly review: ReviewService,
    private readonly upkeep: ReviewUpkeepService,
  ) {
    super();
  }

  async process(job: ReviewTimersJob): Promise<{ overdue: boolean } | ReconcileResult> {
    const { name, data } = job;
    switch (name) {
      case 'sla-check':
        // Idempotent: an item decided, already flagged or given a later deadline is left alone.
        return { overdue: await this.review.markOverdue(data.reviewItemId) };
      case 'reconcile-review':
        return this.upkeep.reconcile();
      default:
        return unknownJob(QUEUE.reviewTimers, name);
    }
  }
}
