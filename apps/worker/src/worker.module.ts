import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DigestModule } from '@app/digest';
import { IngestModule } from '@app/ingest';
import { QueueModule } from '@app/queue';
import { ReviewModule } from '@app/review';
import { RulesModule } from '@app/rules';
import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ClassifyProcessor } from './processors/classify.processor';
import { DigestProcessor } from './processors/digest.processor';
import { IngestProcessor } from './processors/ingest.processor';
import { DigestScheduler } from './schedulers/digest.scheduler';
import { PollScheduler } from './schedulers/poll.scheduler';

export interface WorkerOptions {
  config?: AppConfig;
  /** The demo and tests run the processors without the schedulers. */
  schedulers: boolean;
}

@Module({})
export class WorkerModule {
  static forRoot(opts: WorkerOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(opts.config),
        DatabaseModule,
        DigestModule,
        IngestModule,
        QueueModule,
        ReviewModule,
        RulesModule,
        ...(opts.schedulers ? [ScheduleModule.forRoot()] : []),
      ],
      providers: [ClassifyProcessor, DigestProcessor, IngestProcessor, ...(opts.schedulers ? [DigestScheduler, PollScheduler] : [])],
    };
  }
}
