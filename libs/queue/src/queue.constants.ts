/**
 * Queue names. Never rename one: jobs already waiting in Redis under the old
 * name would be stranded with no worker to take them.
 */
export const QUEUE = {
  /** Poll a source, store its new articles. */
  ingest: 'ingest',
  /** Classify one article against the watch rules. */
  classify: 'classify',
  /**
   * Open review items in priority order, one job per item (job id = item id).
   * No worker processes it: analysts take jobs from it by hand.
   */
  review: 'review',
  /** Build a subscriber's digest, then send it (two jobs). */
  digest: 'digest',
  /** Review deadlines and housekeeping: SLA checks (delayed jobs) and reconciliation of the review queue with PostgreSQL. */
  reviewTimers: 'review-timers',
  /** Immediate alerts for critical or escalated items: build per subscription, then send. */
  alert: 'alert',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

/** Queues that have a processor in the worker; `review` is drained by analysts. */
export const PROCESSED_QUEUES: readonly QueueName[] = [QUEUE.ingest, QUEUE.classify, QUEUE.digest, QUEUE.reviewTimers, QUEUE.alert];

/**
 * The queues a run of the pipeline flows through (poll -> classify -> digest, alerts):
 * "idle" means these are empty. Review timers hold delayed SLA checks for days, so they never are.
 */
export const PIPELINE_QUEUES: readonly QueueName[] = [QUEUE.ingest, QUEUE.classify, QUEUE.digest, QUEUE.alert];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUE);
