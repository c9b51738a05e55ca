import { AppConfig } from '@app/config';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ALL_QUEUES } from './queue.constants';
import { QueueService } from './queue.service';

const queues = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));

@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Workers block on Redis: a command must never give up after N retries.
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
        prefix: config.queuePrefix,
      }),
    }),
    queues,
  ],
  providers: [QueueService],
  exports: [QueueService, queues],
})
export class QueueModule {}
