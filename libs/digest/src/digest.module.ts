import { Module } from '@nestjs/common';
import { DigestService } from './digest.service';
import { MailTransportService } from './mail-transport.service';
import { SubscriptionsService } from './subscriptions.service';

@Module({
  providers: [DigestService, MailTransportService, SubscriptionsService],
  exports: [DigestService, SubscriptionsService],
})
export class DigestModule {}
