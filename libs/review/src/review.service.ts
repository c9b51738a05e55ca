import { PrismaService, ReviewItem, Severity } from '@app/database';
import { QueueService, jobId } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { maxSeverity, queuePriority } from './review-priority';

export interface MatchSummary {
  category: string;
  severity: Severity;
  score: number;
}

@Injectable()
export class ReviewService {
  private readonly logger = new Logger(ReviewService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly queues: QueueService,
  ) {}

  /**
   * Opens the review item for an article with matches (one item per article:
   * the unique key makes a replayed classification a no-op) and puts it on the
   * review queue in priority order.
   */
  async openForArticle(articleId: string, matches: MatchSummary[]): Promise<{ item: ReviewItem; created: boolean } | null> {
    if (matches.length === 0) return null;
    const severity = maxSeverity(matches.map((m) => m.severity));
    const score = Math.max(...matches.map((m) => m.score));
    const categories = [...new Set(matches.map((m) => m.category))].sort();
    const existing = await this.prisma.reviewItem.findUnique({ where: { articleId } });
    const item =
      existing ??
      (await this.prisma.reviewItem.upsert({
        where: { articleId },
        create: { articleId, severity, score, categories },
        update: {},
      }));
    await this.enqueue(item);
    if (!existing) this.logger.log(`review item ${item.id} opened (${severity}, ${categories.join(', ')})`);
    return { item, created: !existing };
  }

  /** Puts an open item on the review queue; the item id as job id means at most one job per item. */
  async enqueue(item: ReviewItem): Promise<void> {
    await this.queues.add(
      'review',
      'review-item',
      { reviewItemId: item.id },
      { jobId: jobId.review(item.id), priority: queuePriority(item.severity, item.score), attempts: 1, removeOnComplete: true, removeOnFail: true },
    );
  }
}
