import { PrismaService } from '@app/database';
import { IngestService, SourcesService } from '@app/ingest';
import { QueueService, jobId } from '@app/queue';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { ScheduleSlots } from './schedule-slots.service';

/**
 * Every minute: one poll job per due source. Sources are claimed atomically
 * (see SourcesService.claimDue) and the job id carries the claim time, so
 * several workers ticking at once poll a source once. Also re-queues articles
 * left unclassified by a crash between store and enqueue.
 */
@Injectable()
export class PollScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(PollScheduler.name);

  constructor(
    private readonly sources: SourcesService,
    private readonly ingest: IngestService,
    private readonly queues: QueueService,
    private readonly prisma: PrismaService,
    private readonly slots: ScheduleSlots,
  ) {}

  /** A worker that starts polls what is due at once rather than a minute later. */
  onApplicationBootstrap(): void {
    this.tick().catch((e: Error) => this.logger.error(`first poll tick failed: ${e.message}`));
  }

  @Interval('poll-sources', 60_000)
  async tick(now = new Date()): Promise<number> {
    // One worker acts per minute; the claim of due sources would keep a second from polling twice anyway.
    if (!(await this.slots.claim('poll-sources', String(Math.floor(now.getTime() / 60_000)), 120_000))) return 0;
    let queued = 0;
    for (const source of await this.sources.claimDue(now)) {
      try {
        await this.queues.add('ingest', 'poll-source', { sourceId: source.id }, { jobId: jobId.poll(source.id, now.getTime()) });
        queued++;
      } catch (e) {
        this.logger.error(`could not queue a poll of ${source.id}: ${(e as Error).message}`);
      }
    }
    const stranded = await this.prisma.article.findMany({
      where: { classifiedAt: null, createdAt: { lt: new Date(now.getTime() - 5 * 60_000) } },
      select: { id: true },
      take: 500,
    });
    for (const a of stranded) await this.ingest.enqueueClassification(a.id);
    return queued;
  }
}
