import { runInJobContext } from '@app/logging';
import { MetricsService } from '@app/metrics';
import { WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { QueueName, QueueService } from '@app/queue';
import { Job } from 'bullmq';
import type { Logger as PinoLogger } from 'pino';

/**
 * Every job this process has in hand, across its processors, and what to do
 * with them when the process is told to stop.
 *
 * Each processor's `process` is wrapped on its instance, before @nestjs/bullmq
 * binds it to a BullMQ Worker (that happens in onModuleInit; this object is
 * built with the processors, before any hook runs). The wrapper runs the job
 * inside a log context (queue, job name, id on every line), times it for the
 * metrics, and keeps the job (with its lock token) while it runs, so drain()
 * can hand unfinished ones back to the queue.
 */
export class JobsInHand {
  private readonly logger = new Logger('Jobs');
  private readonly running = new Map<Job, Promise<unknown>>();

  constructor(
    private readonly hosts: readonly WorkerHost[],
    private readonly metrics: MetricsService,
    private readonly queues: QueueService,
    rootLogger: PinoLogger,
  ) {
    for (const host of hosts) {
      const process = host.process.bind(host);
      host.process = (job: Job, token?: string) => {
        const done = this.metrics.startJob(job.queueName);
        const run = runInJobContext(rootLogger, job, () => process(job, token)).then(
          (result: unknown) => {
            done('completed');
            return result;
          },
          (e: Error) => {
            done('failed');
            this.logger.warn(`job ${job.queueName}/${job.name} ${job.id} failed (attempt ${job.attemptsMade + 1}): ${e.message}`);
            throw e;
          },
        );
        const tracked = run.catch(() => undefined).finally(() => this.running.delete(job));
        this.running.set(job, tracked);
        return run;
      };
    }
  }

  get count(): number {
    return this.running.size;
  }

  /**
   * Stops taking jobs, lets the ones in hand finish for up to `graceMs`, then
   * puts the rest back on their queue (waiting, lock released: another worker
   * takes them at once instead of after the lock expires, and the move does not
   * count as a stall). Jobs are idempotent by design (deterministic ids, dedup
   * keys), so one that was half done is simply done again. Returns how many
   * finished and how many were released.
   */
  async drain(graceMs: number): Promise<{ finished: number; released: number }> {
    const workers = this.hosts.map((h) => h.worker);
    await Promise.all(workers.map((w) => w.pause(true)));
    const inHand = this.running.size;
    if (inHand) this.logger.log(`stopping: waiting up to ${graceMs} ms for ${inHand} job(s) in hand`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.running.values()),
      new Promise<void>((r) => (timer = setTimeout(r, graceMs))),
    ]);
    clearTimeout(timer);
    // Closing first stops the workers' blocking fetch, which would otherwise take a
    // released job straight back; force: the released jobs' code still running here is
    // abandoned (the process exits next), and their results are never written.
    await Promise.all(workers.map((w) => w.close(this.running.size > 0)));
    const left = [...this.running.keys()];
    let released = 0;
    for (const job of left) {
      try {
        // Through the queue's connection: the worker's is closed now.
        const fresh = await Job.fromId(this.queues.queue(job.queueName as QueueName), job.id!);
        if (!fresh) continue;
        await fresh.moveToWait(job.token);
        released++;
        this.logger.warn(`released job ${job.queueName}/${job.name} ${job.id}: back on its queue for another worker`);
      } catch (e) {
        // It finished (or lost its lock) in the meantime: nothing to hand back; if it
        // is still active, its lock lapses and another worker takes it up as stalled.
        this.logger.warn(`could not release job ${job.queueName}/${job.name} ${job.id}: ${(e as Error).message}`);
      }
    }
    return { finished: Math.max(0, inHand - left.length), released };
  }
}

/** The provider WorkerModule registers: built from the processors it decorated. */
export function jobsInHandProvider(processors: readonly (new (...args: never[]) => WorkerHost)[], rootLoggerToken: symbol) {
  return {
    provide: JobsInHand,
    inject: [MetricsService, QueueService, rootLoggerToken, ...processors],
    useFactory: (metrics: MetricsService, queues: QueueService, root: PinoLogger, ...hosts: WorkerHost[]) => new JobsInHand(hosts, metrics, queues, root),
  };
}
