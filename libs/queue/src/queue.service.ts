import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { JobData, JobMap, JobName } from './job-map';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { PIPELINE_QUEUES, QUEUE, QueueName } from './queue.constants';

export type QueueCounts = Record<QueueName, { waiting: number; active: number; delayed: number; failed: number; completed: number }>;

/** The one way to put work on a queue: payloads are checked against the job map at compile time. */
@Injectable()
export class QueueService {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QUEUE.ingest) ingest: Queue,
    @InjectQueue(QUEUE.classify) classify: Queue,
    @InjectQueue(QUEUE.review) review: Queue,
    @InjectQueue(QUEUE.digest) digest: Queue,
    @InjectQueue(QUEUE.reviewTimers) reviewTimers: Queue,
    @InjectQueue(QUEUE.alert) alert: Queue,
  ) {
    this.queues = { ingest, classify, review, digest, [QUEUE.reviewTimers]: reviewTimers, alert };
  }

  add<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    data: JobData<Q, N>,
    opts: JobsOptions & { jobId: string },
  ): Promise<Job<JobMap[Q][N]>> {
    return this.queues[queue].add(name, data, { ...DEFAULT_JOB_OPTIONS, ...opts }) as Promise<Job<JobMap[Q][N]>>;
  }

  /** Several jobs of one kind in one round trip (a Redis transaction); a job id already queued stays as it is, as with add. */
  addBulk<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    jobs: Array<{ data: JobData<Q, N>; opts: JobsOptions & { jobId: string } }>,
  ): Promise<Array<Job<JobMap[Q][N]>>> {
    if (!jobs.length) return Promise.resolve([]);
    return this.queues[queue].addBulk(jobs.map((j) => ({ name, data: j.data, opts: { ...DEFAULT_JOB_OPTIONS, ...j.opts } }))) as Promise<Array<Job<JobMap[Q][N]>>>;
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  async counts(): Promise<QueueCounts> {
    const entries = await Promise.all(
      (Object.keys(this.queues) as QueueName[]).map(async (name) => {
        const c = await this.queues[name].getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
        return [
          name,
          {
            waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
            active: c.active ?? 0,
            delayed: c.delayed ?? 0,
            failed: c.failed ?? 0,
            completed: c.completed ?? 0,
          },
        ] as const;
      }),
    );
    return Object.fromEntries(entries) as QueueCounts;
  }

  /**
   * Resolves once the processed queues hold no waiting, active or delayed job
   * (seen twice in a row, since a finishing job may enqueue the next step).
   */
  async waitUntilIdle(timeoutMs = 120_000, queues: readonly QueueName[] = PIPELINE_QUEUES): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietChecks = 0;
    while (quietChecks < 2) {
      if (Date.now() > deadline) {
        throw new Error(`queues ${queues.join(', ')} still busy after ${timeoutMs} ms: ${JSON.stringify(await this.counts())}`);
      }
      const counts = await this.counts();
      const busy = queues.some((q) => counts[q].waiting + counts[q].active + counts[q].delayed > 0);
      quietChecks = busy ? 0 : quietChecks + 1;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
