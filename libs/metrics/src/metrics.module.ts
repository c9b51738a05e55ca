import { Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/**
 * Imported by every module whose services count something; Nest builds one
 * MetricsService (one registry) per application however many import it.
 */
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
