import { AdminOnlyMiddleware, AuthModule } from '@app/auth';
import { ALL_QUEUES, QueueModule } from '@app/queue';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule, BullBoardModuleOptions } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';

/**
 * Bull Board at /admin/queues: every queue's jobs, with retry and remove.
 * It is an Express router outside Nest's routing, so the global auth guard
 * never sees it; AdminOnlyMiddleware runs in front of it instead.
 */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      imports: [AuthModule],
      // The cast: @bull-board/express 9.10.1 carries its own copy of @bull-board/api, whose types differ from 9.10.2's in name only.
      useFactory: () => ({ route: '/admin/queues', adapter: ExpressAdapter as unknown as BullBoardModuleOptions['adapter'], middleware: AdminOnlyMiddleware }),
    }),
    BullBoardModule.forFeature(...ALL_QUEUES.map((name) => ({ name, adapter: BullMQAdapter }))),
    QueueModule,
  ],
})
export class AdminQueuesModule {}
