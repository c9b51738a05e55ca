import { AppConfig } from '@app/config';
import { AlertService, mailRetryOptions } from '@app/digest';
import { JobMap, QUEUE, QueueService, jobId } from '@app/queue';
import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { unknownJob } from './assert-never';
import { sendProgress } from './send-progress';

type AlertJob = { [N in keyof JobMap['alert']]: Job<JobMap['alert'][N], unknown, N> }[keyof JobMap['alert']];

/** Immediate alerts: 'item-alert' renders and stores one alert per matching subscription, 'send-alert' sends one. */
// @Processor is applied by WorkerModule.forRoot with the configured worker options.
@Injectable()
export class AlertProcessor extends WorkerHost {
  private readonly logger = new Logger(AlertProcessor.name);

  constructor(
    private readonly alerts: AlertService,
    private readonly queues: QueueService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: AlertJob): Promise<{ alertIds: string[] }> {
    const { name, data } = job;
    switch (name) {
      case 'item-alert': {
        this.logger.log(`item-alert ${data.reviewItemId} (${data.reason})`);
        const alerts = await this.alerts.open(data.reviewItemId, data.reason);
        for (const a of alerts) {
          await this.queues.add('alert', 'send-alert', { alertId: a.id }, { jobId: jobId.sendAlert(a.id), ...mailRetryOptions(this.config) });
        }
        return { alertIds: alerts.map((a) => a.id) };
      }
      case 'send-alert': {
        this.logger.log(`send-alert ${data.alertId} (attempt ${job.attemptsMade + 1})`);
        const alert = await this.alerts.send(data.alertId, sendProgress(job), { lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
        return { alertIds: [alert.id] };
      }
      default:
        return unknownJob(QUEUE.alert, name);
    }
  }
}
