import { AppConfig } from '@app/config';
import { DigestService, mailRetryOptions } from '@app/digest';
import { JobMap, QUEUE, QueueService, jobId } from '@app/queue';
import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { unknownJob } from './assert-never';
import { sendProgress } from './send-progress';

type DigestJob = { [N in keyof JobMap['digest']]: Job<JobMap['digest'][N], unknown, N> }[keyof JobMap['digest']];

/**
 * Rendering and sending are separate jobs: a failed SMTP send retries without
 * re-rendering, and a render bug never sends half a digest.
 */
// @Processor is applied by WorkerModule.forRoot with the configured worker options.
@Injectable()
export class DigestProcessor extends WorkerHost {
  private readonly logger = new Logger(DigestProcessor.name);

  constructor(
    private readonly digests: DigestService,
    private readonly queues: QueueService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: DigestJob): Promise<{ digestId: string | null }> {
    // Destructured so both the name and the payload narrow together.
    const { name, data } = job;
    switch (name) {
      case 'build-digest': {
        this.logger.log(`build-digest ${data.subscriptionId} ${data.periodEnd}`);
        const digest = await this.digests.build(data.subscriptionId, new Date(data.periodEnd));
        // A build replayed after a crash finds its digest stored and queues the send again: the job id makes that a no-op.
        if (digest && digest.status !== 'sent') {
          await this.queues.add('digest', 'send-digest', { digestId: digest.id }, { jobId: jobId.sendDigest(digest.id), ...mailRetryOptions(this.config) });
        }
        return { digestId: digest?.id ?? null };
      }
      case 'send-digest': {
        this.logger.log(`send-digest ${data.digestId} (attempt ${job.attemptsMade + 1})`);
        const digest = await this.digests.send(data.digestId, sendProgress(job), { lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
        return { digestId: digest.id };
      }
      default:
        return unknownJob(QUEUE.digest, name);
    }
  }
}
