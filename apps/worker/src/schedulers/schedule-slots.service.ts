import { AppConfig } from '@app/config';
import { MetricsService } from '@app/metrics';
import { redisOptionsFromUrl } from '@app/queue';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { hostname } from 'node:os';

/**
 * Every worker runs the schedulers, so every tick fires once per worker
 * process. A tick first claims its slot (the minute of a poll tick, the day
 * of the daily digests) with SET NX in the shared Redis: exactly one process
 * acts per slot, the others skip. The key expires on its own after `ttlMs`;
 * it lives under the queue prefix, so clearing a prefix clears it too.
 */
@Injectable()
export class ScheduleSlots implements OnModuleDestroy {
  private readonly owner = `${hostname()}:${process.pid}`;
  // A connection of its own: BullMQ's client interface has no SET NX.
  private readonly redis: Redis;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.redis = new Redis({ ...redisOptionsFromUrl(config.redisUrl), lazyConnect: true });
  }

  async claim(schedule: string, slot: string, ttlMs: number): Promise<boolean> {
    const key = `${this.config.queuePrefix}:schedule:${schedule}:${slot}`;
    const claimed = (await this.redis.set(key, this.owner, 'PX', ttlMs, 'NX')) === 'OK';
    this.metrics.scheduleTick(schedule, claimed);
    return claimed;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
