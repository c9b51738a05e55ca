import type { AppConfig } from '@app/config';
import type { JobsOptions } from 'bullmq';

/**
 * Job options of send-digest and send-alert: exponential backoff from the
 * configured base for the configured number of attempts (defaults: 45 s
 * doubling over 12 attempts, about 25 hours in all), so a mail server down
 * for a day still gets every message once it is back.
 */
export function mailRetryOptions(config: AppConfig): Pick<JobsOptions, 'attempts' | 'backoff'> {
  const { baseMs, attempts } = config.mailRetry;
  return { attempts, backoff: { type: 'exponential', delay: baseMs } };
}
