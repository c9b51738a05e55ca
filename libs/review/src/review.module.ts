import { MetricsModule } from '@app/metrics';
import { QueueModule } from '@app/queue';
import { Module } from '@nestjs/common';
import { ReviewClaimsService } from './review-claims.service';
import { ReviewFiguresService } from './review-figures.service';
import { ReviewUpkeepService } from './review-upkeep.service';
import { ReviewService } from './review.service';

@Module({
  imports: [MetricsModule, QueueModule],
  providers: [ReviewClaimsService, ReviewFiguresService, ReviewService, ReviewUpkeepService],
  exports: [ReviewFiguresService, ReviewService, ReviewUpkeepService],
})
export class ReviewModule {}
