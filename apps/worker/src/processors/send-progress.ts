import type { Job } from 'bullmq';

/**
 * The recipients a send job has delivered to, kept in the job's progress in
 * Redis: it survives the job's retries and a worker that dies, so a retry
 * after a partial failure sends only the copies still owed.
 */
export function sendProgress(job: Job): { delivered: string[]; onDelivered(recipient: string): Promise<void> } {
  const stored = job.progress as { delivered?: unknown } | number | undefined;
  const delivered = typeof stored === 'object' && Array.isArray(stored?.delivered) ? (stored.delivered as string[]) : [];
  const done = [...delivered];
  return {
    delivered,
    async onDelivered(recipient) {
      done.push(recipient);
      await job.updateProgress({ delivered: done });
    },
  };
}
