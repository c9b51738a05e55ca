import { Public } from '@app/auth';
import { MetricsService } from '@app/metrics';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

/**
 * Prometheus scrapes this without credentials, as it does every exporter:
 * counts and timings only (no article, name or secret), and it is meant for
 * the internal network (see docs/OPERATIONS.md: block it at the proxy).
 */
@ApiExcludeController()
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.type(this.metrics.contentType);
    return this.metrics.scrape();
  }
}
