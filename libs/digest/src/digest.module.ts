import { MetricsModule } from '@app/metrics';
import { Module } from '@nestjs/common';
import { AlertService } from './alert.service';
import { DeliveryService } from './delivery.service';
import { DigestService } from './digest.service';
import { ItemViewService } from './item-view.service';
import { MailTransportService } from './mail-transport.service';
import { SubscriptionsService } from './subscriptions.service';

@Module({
  imports: [MetricsModule],
  providers: [AlertService, DeliveryService, DigestService, ItemViewService, MailTransportService, SubscriptionsService],
  exports: [AlertService, DigestService, SubscriptionsService],
})
export class DigestModule {}
