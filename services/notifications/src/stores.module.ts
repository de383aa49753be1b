import { Module } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { KafkaClient, OutboxRelay } from '@trygg/messaging';
import { type Logger, LOGGER } from '@trygg/observability';
import { collectionProvider } from '@trygg/service-kit';
import { ACKNOWLEDGEMENT_STORE, AWAITING_STORE, BROADCAST_STORE, MESSAGE_STORE, RECIPIENT_STORE, UNSUBSCRIBE_GRANTS } from './application/ports';
import { MongoAcknowledgementStore } from './infrastructure/mongo-acknowledgement-store';
import { MongoAwaitingStore } from './infrastructure/mongo-awaiting-store';
import { MongoBroadcastStore } from './infrastructure/mongo-broadcast-store';
import { MongoMessageStore } from './infrastructure/mongo-message-store';
import { MongoRecipientStore } from './infrastructure/mongo-recipient-store';

const RECIPIENTS = Symbol('recipients collection');
const RECIPIENTS_RELAY = Symbol('recipients outbox relay');
const MESSAGES = Symbol('messages collection');
const BROADCASTS = Symbol('broadcasts collection');
const AWAITING = Symbol('awaiting collection');
const ACKNOWLEDGEMENTS = Symbol('acknowledgements collection');

/**
 * Notifications' own database: recipients (with their outbox for `notifications.*` events), messages (the delivery
 * log, also where unsubscribe grants are found), broadcasts, their acknowledgements ("Jag har läst"), and events awaiting a person. The stores create their
 * indexes and the relay starts once MongoDB is connected (their `onInfrastructureReady`).
 */
@Module({
  providers: [
    collectionProvider(RECIPIENTS, 'recipients'),
    collectionProvider(MESSAGES, 'messages'),
    collectionProvider(BROADCASTS, 'broadcasts'),
    collectionProvider(AWAITING, 'awaiting'),
    collectionProvider(ACKNOWLEDGEMENTS, 'acknowledgements'),
    {
      // The poller is only the recovery path (its query uses the relay's partial index): every 10 s is enough for a rare event.
      provide: RECIPIENTS_RELAY,
      inject: [RECIPIENTS, KafkaClient, LOGGER],
      useFactory: (recipients: mongo.Collection, kafka: KafkaClient, logger: Logger) => new OutboxRelay(recipients as never, kafka.publisher, logger, { pollIntervalMs: 10_000 }),
    },
    {
      provide: RECIPIENT_STORE,
      inject: [RECIPIENTS, RECIPIENTS_RELAY],
      useFactory: (recipients: mongo.Collection, relay: OutboxRelay) => new MongoRecipientStore(recipients as never, relay),
    },
    { provide: MESSAGE_STORE, inject: [MESSAGES], useFactory: (messages: mongo.Collection) => new MongoMessageStore(messages as never) },
    { provide: UNSUBSCRIBE_GRANTS, useExisting: MESSAGE_STORE },
    { provide: BROADCAST_STORE, inject: [BROADCASTS], useFactory: (broadcasts: mongo.Collection) => new MongoBroadcastStore(broadcasts as never) },
    { provide: AWAITING_STORE, inject: [AWAITING], useFactory: (awaiting: mongo.Collection) => new MongoAwaitingStore(awaiting as never) },
    { provide: ACKNOWLEDGEMENT_STORE, inject: [ACKNOWLEDGEMENTS], useFactory: (acks: mongo.Collection) => new MongoAcknowledgementStore(acks as never) },
  ],
  exports: [RECIPIENT_STORE, MESSAGE_STORE, UNSUBSCRIBE_GRANTS, BROADCAST_STORE, AWAITING_STORE, ACKNOWLEDGEMENT_STORE],
})
export class StoresModule {}
