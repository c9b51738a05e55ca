import { QueueModule } from '@app/queue';
import { Module } from '@nestjs/common';
import { ReviewService } from './review.service';

@Module({
  imports: [QueueModule],
  providers: [ReviewService],
  exports: [ReviewService],
})
export class ReviewModule {}
