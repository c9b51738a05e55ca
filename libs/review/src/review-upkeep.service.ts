import { PrismaService } from '@app/database';
import { QUEUE, QueueService } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { ReviewService } from './review.service';
import { OPEN_STATES } from './review-state';

export interface ReconcileResult {
  /** Open items that had no job and were queued again. */
  requeued: number;
  /** Jobs whose item is closed or gone, taken off the queue. */
  removed: number;
  /** Claims that had lapsed, cleared. */
  lapsedClaims: number;
  /** Open items found past their deadline (their SLA job was lost or late). */
  overdue: number;
}

const PAGE = 5_000;

/**
 * Keeps the review queue true to PostgreSQL. Redis may lose everything (it
 * runs without persistence on these machines), and a process may die between
 * a commit and its queue update; PostgreSQL is the record, so on start and
 * every few minutes every open item gets its job back and jobs of closed
 * items go.
 */
@Injectable()
export class ReviewUpkeepService {
  private readonly logger = new Logger(ReviewUpkeepService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly queues: QueueService,
    private readonly review: ReviewService,
  ) {}

  async reconcile(): Promise<ReconcileResult> {
    const lapsedClaims = await this.review.expireClaims();
    const overdue = await this.sweepOverdue();
    const queue = this.queues.queue(QUEUE.review);
    const queued = new Set<string>();
    for (let start = 0; ; start += PAGE) {
      const ids = await queue.getRanges(['waiting', 'prioritized', 'delayed', 'active'], start, start + PAGE - 1, true);
      ids.forEach((id) => queued.add(id));
      if (ids.length < PAGE) break;
    }

    let requeued = 0;
    const open = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const items = await this.prisma.reviewItem.findMany({
        where: { state: { in: [...OPEN_STATES] } },
        orderBy: { id: 'asc' },
        take: PAGE,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      for (const item of items) {
        open.add(item.id);
        if (queued.has(item.id)) continue;
        await this.review.syncQueue(item);
        requeued++;
      }
      if (items.length < PAGE) break;
      cursor = items[items.length - 1].id;
    }

    let removed = 0;
    const strays = [...queued].filter((id) => !open.has(id));
    for (let i = 0; i < strays.length; i += PAGE) {
      const batch = strays.slice(i, i + PAGE);
      // Re-read: an item opened after the scan above is not a stray.
      const stillOpen = new Set(
        (await this.prisma.reviewItem.findMany({ where: { id: { in: batch.filter(isUuid) }, state: { in: [...OPEN_STATES] } }, select: { id: true } })).map((r) => r.id),
      );
      for (const id of batch) {
        if (stillOpen.has(id)) continue;
        const job = await queue.getJob(id);
        if (!job || (await job.isActive())) continue; // a locked job is dropped once its lock lapses
        await job.remove().then(
          () => removed++,
          () => undefined,
        );
      }
    }
    if (requeued || removed || lapsedClaims || overdue) {
      this.logger.log(`review queue reconciled: ${requeued} requeued, ${removed} removed, ${lapsedClaims} lapsed claims, ${overdue} overdue`);
    }
    return { requeued, removed, lapsedClaims, overdue };
  }

  /** Open items past their deadline that nobody flagged (their SLA job was lost with Redis). */
  private async sweepOverdue(): Promise<number> {
    const due = await this.prisma.reviewItem.findMany({
      where: { state: { in: [...OPEN_STATES] }, overdue: false, dueAt: { lte: new Date() } },
      select: { id: true },
      take: 10_000,
    });
    let n = 0;
    for (const { id } of due) if (await this.review.markOverdue(id)) n++;
    return n;
  }
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
