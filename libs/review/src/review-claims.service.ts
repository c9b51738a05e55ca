import { AppConfig } from '@app/config';
import { JobMap, QUEUE, QueueService } from '@app/queue';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';

type ReviewJob = Job<JobMap['review']['review-item']>;

/**
 * Analysts take review items by BullMQ's manual job fetching: the job lock
 * is the claim, its token is stored on the item so any api process can
 * renew, release or complete it. Locks are not renewed automatically: a
 * claim lives only while the analyst acts, and when it lapses BullMQ's
 * stalled check (run here) puts the job back in the queue.
 */
@Injectable()
export class ReviewClaimsService implements OnApplicationShutdown {
  private readonly logger = new Logger(ReviewClaimsService.name);
  private worker?: Worker;
  /** Claims taken or renewed through this process (item id -> lock token), for REVIEW_RELEASE_CLAIMS_ON_SHUTDOWN. */
  private readonly held = new Map<string, string>();

  constructor(
    private readonly config: AppConfig,
    private readonly queues: QueueService,
  ) {}

  private async manualWorker(): Promise<Worker> {
    if (!this.worker) {
      const idle = this.config.reviewClaimIdleMs;
      this.worker = new Worker(QUEUE.review, null, {
        connection: { url: this.config.redisUrl, maxRetriesPerRequest: null },
        prefix: this.config.queuePrefix,
        autorun: false,
        lockDuration: idle,
        skipLockRenewal: true,
        // A lapsed claim is not a failure: the item simply goes back to the queue, however often.
        maxStalledCount: Number.MAX_SAFE_INTEGER,
        stalledInterval: Math.max(1000, Math.min(30_000, Math.floor(idle / 2))),
      });
      this.worker.on('error', (err) => this.logger.warn(`review claims: ${err.message}`));
      await this.worker.startStalledCheckTimer();
    }
    return this.worker;
  }

  /** The next job in priority order, locked with a fresh token; null when the queue is empty. */
  async fetchNext(): Promise<{ job: ReviewJob; token: string } | null> {
    const worker = await this.manualWorker();
    const token = randomUUID();
    const job = (await worker.getNextJob(token, { block: false })) as ReviewJob | undefined;
    return job ? { job, token } : null;
  }

  private async job(itemId: string): Promise<ReviewJob | undefined> {
    return (await this.queues.queue(QUEUE.review).getJob(itemId)) as ReviewJob | undefined;
  }

  /** Keeps the lock for another idle period; false when the job is gone (Redis lost it) or the token lapsed. */
  async renew(itemId: string, token: string): Promise<boolean> {
    const job = await this.job(itemId);
    if (!job) return false;
    try {
      return (await job.extendLock(token, this.config.reviewClaimIdleMs)) === 1;
    } catch {
      return false;
    }
  }

  /** Puts a held job back in the queue; a job whose lock already lapsed is left where BullMQ put it. */
  /** Notes a claim served by this process. */
  track(itemId: string, token: string): void {
    this.held.set(itemId, token);
  }

  /** The claims this process served that have not been given back or completed here. */
  heldHere(): [string, string][] {
    return [...this.held];
  }

  async giveBack(itemId: string, token: string | null): Promise<void> {
    this.held.delete(itemId);
    const job = await this.job(itemId);
    if (!job || !token) return;
    try {
      await job.moveToWait(token);
    } catch (err) {
      this.logger.debug(`release ${itemId}: ${(err as Error).message}`);
    }
  }

  /**
   * Takes the item's job off the queue: completes it when we hold its lock,
   * else removes it. A job locked by a lapsed token cannot be removed; the
   * reconciliation removes it once BullMQ has moved it back.
   *
   * Every decision ends here, so it asks Redis as little as it can: with a
   * token, one read of the job (moveToCompleted needs its options) and the
   * completion; when that fails (the lock lapsed and the job went back to
   * wait), or without a token, one remove, which is a no-op for a job that is
   * gone or locked by someone else.
   */
  async drop(itemId: string, token: string | null): Promise<void> {
    this.held.delete(itemId);
    const queue = this.queues.queue(QUEUE.review);
    try {
      if (token) {
        const job = (await Job.fromId(queue, itemId)) as ReviewJob | undefined;
        if (!job) return;
        try {
          await job.moveToCompleted(null, token, false);
          return;
        } catch (err) {
          this.logger.debug(`complete ${itemId}: ${(err as Error).message}`);
        }
      }
      await queue.remove(itemId);
    } catch (err) {
      this.logger.debug(`drop ${itemId}: ${(err as Error).message}`);
    }
  }

  /** Moves a job we just fetched out of sight until `until` (another analyst's claim still runs). */
  async postpone(job: ReviewJob, token: string, until: Date): Promise<void> {
    await job.moveToDelayed(Math.max(Date.now() + 1000, until.getTime()), token);
  }

  async onApplicationShutdown(): Promise<void> {
    // Claims outlive this process: they are in PostgreSQL and lapse on their own.
    await this.worker?.close(true).catch(() => undefined);
  }
}
