import { QUEUE } from './queue.constants';

/** Every job name of every queue, with its payload. Processors switch over these exhaustively. */
export interface JobMap {
  [QUEUE.ingest]: {
    'poll-source': { sourceId: string };
  };
  [QUEUE.classify]: {
    'classify-article': { articleId: string };
  };
  [QUEUE.review]: {
    'review-item': { reviewItemId: string };
  };
  [QUEUE.digest]: {
    'build-digest': { subscriptionId: string; periodEnd: string };
    'send-digest': { digestId: string };
  };
  [QUEUE.reviewTimers]: {
    /** Due at the item's SLA deadline: escalates it if it is still open. */
    'sla-check': { reviewItemId: string; dueAt: string };
    /** Puts open items with no job back on the review queue, removes jobs of closed items. */
    'reconcile-review': Record<string, never>;
  };
  [QUEUE.alert]: {
    /** An item became critical or was escalated: one alert per matching subscription. */
    'item-alert': { reviewItemId: string; reason: 'critical' | 'escalated' };
    'send-alert': { alertId: string };
  };
}

export type JobName<Q extends keyof JobMap> = keyof JobMap[Q] & string;
export type JobData<Q extends keyof JobMap, N extends JobName<Q>> = JobMap[Q][N];

/**
 * Deterministic job ids: a retried or replayed enqueue is a no-op in BullMQ.
 * Dots, not colons: BullMQ reserves ':' in custom ids for its repeatable jobs.
 */
export const jobId = {
  poll: (sourceId: string, slot: number | string) => `poll.${sourceId}.${slot}`,
  /** Version 1 keeps the plain id; an edited article's later versions are classified again. */
  classify: (articleId: string, version = 1) => (version === 1 ? `classify.${articleId}` : `classify.${articleId}.v${version}`),
  review: (reviewItemId: string) => reviewItemId,
  buildDigest: (subscriptionId: string, periodEnd: Date) => `digest.${subscriptionId}.${periodEnd.getTime()}`,
  sendDigest: (digestId: string) => `send.${digestId}`,
  sla: (reviewItemId: string, dueAt: Date) => `sla.${reviewItemId}.${dueAt.getTime()}`,
  itemAlert: (reviewItemId: string, reason: string) => `alert.${reviewItemId}.${reason}`,
  sendAlert: (alertId: string) => `send-alert.${alertId}`,
};
