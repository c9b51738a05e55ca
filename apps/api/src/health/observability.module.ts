import { MetricsModule, QueueMetricsService } from '@app/metrics';
import { QueueModule } from '@app/queue';
import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** /metrics: this process's counters, plus the shared queues' depths and ages (see QueueMetricsService). */
@Module({
  imports: [MetricsModule, QueueModule],
  controllers: [MetricsController],
  providers: [QueueMetricsService],
})
export class ObservabilityModule {}
