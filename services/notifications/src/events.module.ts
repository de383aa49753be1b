import { Module } from '@nestjs/common';
import { type Logger, LOGGER } from '@trygg/observability';
import { AwaitingRecipients } from './application/awaiting-recipients';
import { NotifyOnEvent } from './application/notify-on-event';
import { SendBroadcast } from './application/send-broadcast';
import { SendRequestedAreaMessage } from './application/send-requested-area-message';
import {
  AWAITING_STORE,
  BROADCAST_STORE,
  type BroadcastStore,
  type AwaitingStore,
  MESSAGE_QUEUE,
  type MessageQueue,
  MESSAGE_STORE,
  type MessageStore,
  RECIPIENT_STORE,
  type RecipientStore,
  STAFF_VIEW_AUDIT,
  type StaffViewAudit,
} from './application/ports';
import { RecordRecipientFacts } from './application/record-recipient-facts';
import { CatalogueModule } from './catalogue.module';
import { NotificationCatalogue } from './domain/catalogue';
import { NotificationEventsController } from './messaging/notification-events.controller';
import { SendingModule } from './sending.module';
import { StaffModule } from './staff.module';
import { StoresModule } from './stores.module';

/**
 * Events in (NotificationEventsController, every event of the registry): what they tell about people
 * (`RecordRecipientFacts`: contact details, groups, erasure), then the municipality's rules (`NotifyOnEvent`: one
 * queued message per recipient and channel). A rule naming a person not stored yet parks the event until their
 * contact details arrive (`AwaitingRecipients`). An officer's area message becomes a broadcast (`SendRequestedAreaMessage`
 * over StaffModule's `SendBroadcast`).
 */
@Module({
  imports: [StoresModule, CatalogueModule, SendingModule, StaffModule],
  controllers: [NotificationEventsController],
  providers: [
    {
      provide: NotifyOnEvent,
      inject: [NotificationCatalogue, RECIPIENT_STORE, MESSAGE_STORE, MESSAGE_QUEUE, AWAITING_STORE, LOGGER],
      useFactory: (catalogue: NotificationCatalogue, recipients: RecipientStore, messages: MessageStore, queue: MessageQueue, awaiting: AwaitingStore, logger: Logger) =>
        new NotifyOnEvent(catalogue, recipients, messages, queue, awaiting, logger),
    },
    {
      provide: AwaitingRecipients,
      inject: [AWAITING_STORE, NotifyOnEvent, LOGGER],
      useFactory: (awaiting: AwaitingStore, notify: NotifyOnEvent, logger: Logger) => new AwaitingRecipients(awaiting, notify, logger),
    },
    {
      provide: SendRequestedAreaMessage,
      inject: [NotificationCatalogue, BROADCAST_STORE, SendBroadcast, STAFF_VIEW_AUDIT, LOGGER],
      useFactory: (catalogue: NotificationCatalogue, broadcasts: BroadcastStore, send: SendBroadcast, audit: StaffViewAudit, logger: Logger) =>
        new SendRequestedAreaMessage(catalogue, broadcasts, send, audit, logger),
    },
    {
      provide: RecordRecipientFacts,
      inject: [RECIPIENT_STORE, MESSAGE_STORE, AwaitingRecipients],
      useFactory: (recipients: RecipientStore, messages: MessageStore, awaiting: AwaitingRecipients) => new RecordRecipientFacts(recipients, messages, awaiting),
    },
  ],
})
export class EventsModule {}
