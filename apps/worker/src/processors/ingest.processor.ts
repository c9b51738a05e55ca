import { IngestService, PollResult } from '@app/ingest';
import { JobMap, QUEUE } from '@app/queue';
import { WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { unknownJob } from './assert-never';

type IngestJob = { [N in keyof JobMap['ingest']]: Job<JobMap['ingest'][N], unknown, N> }[keyof JobMap['ingest']];

// @Processor is applied by WorkerModule.forRoot with the configured worker options.
@Injectable()
export class IngestProcessor extends WorkerHost {
  constructor(private readonly ingest: IngestService) {
    super();
  }

  async process(job: IngestJob): Promise<PollResult> {
    // Destructured so both the name and the payload narrow together.
    const { name, data } = job;
    switch (name) {
      case 'poll-source':
        return this.ingest.pollSource(data.sourceId);
      default:
        return unknownJob(QUEUE.ingest, name);
    }
  }
}
