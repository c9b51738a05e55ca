import { ALL_QUEUES, QueueService } from '@app/queue';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from './metrics.service';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * Queue depths and ages, read from Redis when Prometheus scrapes. They
 * describe the shared queues, not this process, so only the api registers
 * them: every api replica reports the same values (read them with
 * `max by (queue, state)`), and workers report only what they did.
 */
@Injectable()
export class QueueMetricsService implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly queues: QueueService,
  ) {}

  onModuleInit(): void {
    const queues = this.queues;
    new Gauge({
      name: 'sm_queue_jobs',
      help: 'Jobs in each queue by state (waiting includes prioritized; completed and failed are the ones BullMQ still keeps).',
      labelNames: ['queue', 'state'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const counts = await queues.counts();
        for (const queue of ALL_QUEUES) for (const state of STATES) this.set({ queue, state }, counts[queue][state]);
      },
    });
    new Gauge({
      name: 'sm_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job waiting to be taken, per queue (0 when none waits): the backlog a worker pool is behind by.',
      labelNames: ['queue'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const now = Date.now();
        await Promise.all(
          ALL_QUEUES.map(async (queue) => {
            const q = queues.queue(queue);
            // The wait list is FIFO (oldest first when read ascending); prioritized jobs
            // (the review queue) are ordered by priority, so the first hundred are sampled.
            const [oldestWaiting, prioritized] = await Promise.all([q.getJobs(['wait'], 0, 0, true), q.getJobs(['prioritized'], 0, 99, true)]);
            const stamps = [...oldestWaiting, ...prioritized].filter(Boolean).map((j) => j.timestamp);
            this.set({ queue }, stamps.length ? Math.max(0, (now - Math.min(...stamps)) / 1000) : 0);
          }),
        );
      },
    });
  }
}
