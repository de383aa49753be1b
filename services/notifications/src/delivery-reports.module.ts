import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@trygg/service-kit';
import { RecordDeliveryReport } from './application/record-delivery-report';
import { MESSAGE_STORE, type MessageStore } from './application/ports';
import type { NotificationsConfig } from './config';
import { DeliveryReportsController } from './http/delivery-reports.controller';
import { DELIVERY_REPORT_SECRET } from './http/tokens';
import { StoresModule } from './stores.module';

/** The SMS provider's delivery reports (sent → delivered | failed), at a URL that carries a shared secret. */
@Module({
  imports: [StoresModule],
  controllers: [DeliveryReportsController],
  providers: [
    { provide: RecordDeliveryReport, inject: [MESSAGE_STORE], useFactory: (messages: MessageStore) => new RecordDeliveryReport(messages) },
    { provide: DELIVERY_REPORT_SECRET, inject: [SERVICE_CONFIG], useFactory: (config: NotificationsConfig) => config.SMS_DELIVERY_REPORT_SECRET },
  ],
})
export class DeliveryReportsModule {}
