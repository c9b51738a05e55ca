import { duePeriodEnd } from '@app/digest';
import { PrismaService } from '@app/database';
import { QueueService, jobId } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { ScheduleSlots } from './schedule-slots.service';

/**
 * Every minute: for each enabled subscription whose schedule (cron in its own
 * time zone) has passed a period end not yet built, one build job keyed by
 * (subscription, period end). The key makes a second worker's tick, or a
 * tick repeated after a restart, a no-op; the unique (subscription, period
 * end) of digests makes a doubled period impossible even then. After
 * downtime only the latest missed period is built (see duePeriodEnd).
 */
@Injectable()
export class DigestScheduler {
  private readonly logger = new Logger(DigestScheduler.name);
  /**
   * Period ends already queued by this process. An empty period that the
   * subscription does not want sent leaves no digest row, so without this
   * the next ticks would queue it again.
   */
  private readonly queued = new Map<string, number>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly queues: QueueService,
    private readonly slots: ScheduleSlots,
  ) {}

  @Cron('* * * * *', { name: 'digests' })
  async tick(now = new Date()): Promise<number> {
    // One worker acts per minute: the job ids would make a second one's work a no-op, but not its queries.
    if (!(await this.slots.claim('digests', String(Math.floor(now.getTime() / 60_000)), 120_000))) return 0;
    const subs = await this.prisma.subscription.findMany({ where: { enabled: true }, select: { id: true, schedule: true, timezone: true, createdAt: true } });
    const built = await this.prisma.digest.groupBy({ by: ['subscriptionId'], _max: { periodEnd: true } });
    const lastBuilt = new Map(built.map((b) => [b.subscriptionId, b._max.periodEnd?.getTime() ?? 0]));
    let queued = 0;
    for (const sub of subs) {
      try {
        const last = Math.max(lastBuilt.get(sub.id) ?? 0, this.queued.get(sub.id) ?? 0);
        const periodEnd = duePeriodEnd({ ...sub, lastPeriodEnd: last ? new Date(last) : null, now });
        if (!periodEnd) continue;
        await this.queues.add('digest', 'build-digest', { subscriptionId: sub.id, periodEnd: periodEnd.toISOString() }, { jobId: jobId.buildDigest(sub.id, periodEnd) });
        this.queued.set(sub.id, periodEnd.getTime());
        queued++;
      } catch (e) {
        this.logger.error(`could not queue the digest of ${sub.id}: ${(e as Error).message}`);
      }
    }
    if (queued) this.logger.log(`queued ${queued} digest build(s)`);
    return queued;
  }
}
