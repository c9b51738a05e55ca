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
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

/** Queues that have a processor in the worker; `review` is drained by analysts. */
export const PROCESSED_QUEUES: readonly QueueName[] = [QUEUE.ingest, QUEUE.classify, QUEUE.digest];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUE);
