import { DigestService } from '@app/digest';
import { JobMap, QUEUE, QueueService, jobId } from '@app/queue';
import { WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { unknownJob } from './assert-never';

type DigestJob = { [N in keyof JobMap['digest']]: Job<JobMap['digest'][N], unknown, N> }[keyof JobMap['digest']];

/**
 * Rendering and sending are separate jobs: a failed SMTP send retries without
 * re-rendering, and a render bug never sends half a digest.
 */
// @Processor is applied by WorkerModule.forRoot with the configured worker options.
@Injectable()
export class DigestProcessor extends WorkerHost {
  constructor(
    private readonly digests: DigestService,
    private readonly queues: QueueService,
  ) {
    super();
  }

  async process(job: DigestJob): Promise<{ digestId: string | null }> {
    // Destructured so both the name and the payload narrow together.
    const { name, data } = job;
    switch (name) {
      case 'build-digest': {
        const digest = await this.digests.build(data.subscriptionId, new Date(data.periodEnd));
        if (digest && digest.status !== 'sent') {
          await this.queues.add('digest', 'send-digest', { digestId: digest.id }, { jobId: jobId.sendDigest(digest.id) });
        }
        return { digestId: digest?.id ?? null };
      }
      case 'send-digest': {
        const digest = await this.digests.send(data.digestId);
        return { digestId: digest.id };
      }
      default:
        return unknownJob(QUEUE.digest, name);
    }
  }
}
