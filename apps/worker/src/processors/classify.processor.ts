import { MetricsService } from '@app/metrics';
import { JobMap, QUEUE } from '@app/queue';
import { ReviewService } from '@app/review';
import { ClassifierService } from '@app/rules';
import { WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { unknownJob } from './assert-never';

type ClassifyJob = { [N in keyof JobMap['classify']]: Job<JobMap['classify'][N], unknown, N> }[keyof JobMap['classify']];

export interface ClassifyOutcome {
  articleId: string;
  categories: string[];
  reviewItemId: string | null;
}

/** classify -> review: the matches of an article open (at most) one review item. */
// @Processor is applied by WorkerModule.forRoot with the configured worker options.
@Injectable()
export class ClassifyProcessor extends WorkerHost {
  constructor(
    private readonly classifier: ClassifierService,
    private readonly review: ReviewService,
    private readonly metrics: MetricsService,
  ) {
    super();
  }

  async process(job: ClassifyJob): Promise<ClassifyOutcome> {
    // Destructured so both the name and the payload narrow together.
    const { name, data } = job;
    switch (name) {
      case 'classify-article': {
        const classified = this.metrics.startClassification();
        const matches = await this.classifier.classifyArticle(data.articleId);
        const opened = await this.review.openForArticle(data.articleId, matches);
        classified(matches.map((m) => m.category));
        return {
          articleId: data.articleId,
          categories: [...new Set(matches.map((m) => m.category))].sort(),
          reviewItemId: opened?.item.id ?? null,
        };
      }
      default:
        return unknownJob(QUEUE.classify, name);
    }
  }
}
