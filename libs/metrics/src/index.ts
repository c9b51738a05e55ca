export { serveMetrics } from './metrics-server';
export { MetricsModule } from './metrics.module';
export { MetricsService } from './metrics.service';
export type { PollCounts } from './metrics.service';
export { QueueMetricsService } from './queue-metrics.service';
