import { PrismaService } from '@app/database';
import { AppConfig } from '@app/config';
import { checkRedis } from '@app/queue';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Whether PostgreSQL and Redis answer (503 when either does not)' })
  check() {
    return this.health.check([
      async () => {
        const i = this.indicator.check('postgres');
        try {
          await this.prisma.$queryRaw`SELECT 1`;
          return i.up();
        } catch (e) {
          return i.down({ error: (e as Error).message });
        }
      },
      async () => {
        const i = this.indicator.check('redis');
        try {
          // A probe of its own: the queues' connection retries forever by design, the probe must answer in time.
          await checkRedis(this.config.redisUrl, 2000);
          return i.up();
        } catch (e) {
          return i.down({ error: (e as Error).message });
        }
      },
    ]);
  }
}
