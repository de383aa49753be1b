import { Module } from '@nestjs/common';
import { SendBroadcast } from './application/send-broadcast';
import {
  BROADCAST_STORE,
  type BroadcastStore,
  MESSAGE_QUEUE,
  type MessageQueue,
  MESSAGE_STORE,
  type MessageStore,
  RECIPIENT_STORE,
  type RecipientStore,
} from './application/ports';
import { CatalogueModule } from './catalogue.module';
import { NotificationCatalogue } from './domain/catalogue';
import { QUEUE_COUNTS, QueuesController, StaffController } from './http/staff.controller';
import { BullMessageQueues } from './infrastructure/message-queues';
import { SendingModule } from './sending.module';
import { StoresModule } from './stores.module';

/**
 * The staff API (signed-in coordinator, scoped to the token's municipality; the queues' job counts for an admin):
 * the delivery log, the queues' job counts, stale contacts, and area broadcasts (`SendBroadcast`: every recipient of the named groups and areas, streamed and queued
 * page by page).
 */
@Module({
  imports: [StoresModule, CatalogueModule, SendingModule],
  controllers: [StaffController, QueuesController],
  providers: [
    {
      provide: SendBroadcast,
      inject: [NotificationCatalogue, RECIPIENT_STORE, MESSAGE_STORE, BROADCAST_STORE, MESSAGE_QUEUE],
      useFactory: (catalogue: NotificationCatalogue, recipients: RecipientStore, messages: MessageStore, broadcasts: BroadcastStore, queue: MessageQueue) =>
        new SendBroadcast(catalogue, recipients, messages, broadcasts, queue),
    },
    { provide: QUEUE_COUNTS, inject: [BullMessageQueues], useFactory: (queues: BullMessageQueues) => () => queues.counts() },
  ],
})
export class StaffModule {}
