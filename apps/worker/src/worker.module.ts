import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DigestModule } from '@app/digest';
import { IngestModule } from '@app/ingest';
import { LoggingModule, ROOT_LOGGER } from '@app/logging';
import { MetricsModule } from '@app/metrics';
import { PROCESSED_QUEUES, QueueModule, QueueName } from '@app/queue';
import { ReviewModule } from '@app/review';
import { RulesModule } from '@app/rules';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertProcessor } from './processors/alert.processor';
import { ClassifyProcessor } from './processors/classify.processor';
import { DigestProcessor } from './processors/digest.processor';
import { jobsInHandProvider } from './jobs-in-hand';
import { IngestProcessor } from './processors/ingest.processor';
import { ReviewTimersProcessor } from './processors/review-timers.processor';
import { DigestScheduler } from './schedulers/digest.scheduler';
import { PollScheduler } from './schedulers/poll.scheduler';
import { ScheduleSlots } from './schedulers/schedule-slots.service';
import { ReviewReconcileScheduler } from './schedulers/review-reconcile.scheduler';

type ProcessedQueue = 'ingest' | 'classify' | 'digest' | 'review-timers' | 'alert';

const PROCESSORS: Record<ProcessedQueue, Type<WorkerHost>> = {
  alert: AlertProcessor,
  classify: ClassifyProcessor,
  digest: DigestProcessor,
  ingest: IngestProcessor,
  'review-timers': ReviewTimersProcessor,
};

export interface WorkerOptions {
  config: AppConfig;
  /** The demo and tests run the processors without the schedulers. */
  schedulers: boolean;
  /** Process only these queues (default: all processed queues). */
  queues?: readonly QueueName[];
}

@Module({})
export class WorkerModule {
  static forRoot(opts: WorkerOptions): DynamicModule {
    const queues = (opts.queues ?? PROCESSED_QUEUES).filter((q): q is ProcessedQueue => q in PROCESSORS);
    // The worker settings come from the validated configuration, so the
    // @Processor decorator is applied here rather than written on the classes.
    const processors = queues.map((q) => {
      Processor(q, opts.config.workerOptions(q))(PROCESSORS[q]);
      return PROCESSORS[q];
    });
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(opts.config),
        DatabaseModule,
        DigestModule,
        IngestModule,
        LoggingModule.forRoot(opts.config, 'worker'),
        MetricsModule,
        QueueModule,
        ReviewModule,
        RulesModule,
        ...(opts.schedulers ? [ScheduleModule.forRoot()] : []),
      ],
      providers: [...processors, jobsInHandProvider(processors, ROOT_LOGGER), ...(opts.schedulers ? [ScheduleSlots, DigestScheduler, PollScheduler, ReviewReconcileScheduler] : [])],
    };
  }
}
