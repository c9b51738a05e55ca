import type { JobsOptions } from 'bullmq';

/**
 * Transient failures (a feed timing out, SMTP down) retry with exponential
 * backoff; finished jobs are trimmed so Redis does not grow without bound.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
