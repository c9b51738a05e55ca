import type { Logger } from 'pino';
import { Store, storage } from 'nestjs-pino/storage';

export interface JobRef {
  queueName: string;
  name: string;
  id?: string;
}

/**
 * Runs a job's work with a logger bound to the job: every line logged while
 * it runs (through Nest's Logger, from any lib) carries queue, job name and
 * job id. The same AsyncLocalStorage nestjs-pino uses for request ids.
 */
export function runInJobContext<T>(root: Logger, job: JobRef, work: () => Promise<T>): Promise<T> {
  return storage.run(new Store(root.child({ queue: job.queueName, jobName: job.name, jobId: job.id })), work);
}
