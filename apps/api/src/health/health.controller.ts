import { Public } from '@app/auth';
import { AppConfig } from '@app/config';
import { PrismaService, pendingMigrations } from '@app/database';
import { checkRedis } from '@app/queue';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { resolve } from 'node:path';

/**
 * Two probes. Liveness (/health) says only that the process answers: a
 * database outage must not get every api replica restarted. Readiness
 * (/ready) says whether it can serve: PostgreSQL and Redis answer and the
 * schema is the one this code expects.
 */
@ApiTags('health')
@Controller()
@Public()
export class HealthController {
  private readonly migrationsDir = resolve('prisma/migrations');

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  @Get('health')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up and answering (checks no dependency)' })
  live() {
    return this.health.check([async () => this.indicator.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer and no migration is pending (503 when any is not so)' })
  ready() {
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
      async () => {
        const i = this.indicator.check('migrations');
        try {
          const pending = await pendingMigrations(this.config.databaseUrl, this.migrationsDir);
          return pending.length ? i.down({ pending, hint: 'run `npm run db:migrate`' }) : i.up();
        } catch (e) {
          return i.down({ error: (e as Error).message });
        }
      },
    ]);
  }
}
