import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { KafkaClient, OutboxRelay } from '@trygg/messaging';
import { type Logger, LOGGER } from '@trygg/observability';
import { MongoConnection } from '@trygg/persistence';

/** A collection of the service's own database, as a provider. */
export function collectionProvider(token: InjectionToken, name: string): FactoryProvider<mongo.Collection> {
  return { provide: token, inject: [MongoConnection], useFactory: (mongoConnection: MongoConnection) => mongoConnection.connection.collection(name) as never };
}

/**
 * The outbox relay of one collection (libs/messaging): started once connected and stopped at shutdown by
 * ServiceLifecycle, which finds it by its `onInfrastructureReady`/`beforeInfrastructureShutdown`.
 */
export function outboxRelayProvider(token: InjectionToken, collection: string): FactoryProvider<OutboxRelay> {
  return {
    provide: token,
    inject: [MongoConnection, KafkaClient, LOGGER],
    useFactory: (mongoConnection: MongoConnection, kafka: KafkaClient, logger: Logger) =>
      new OutboxRelay(mongoConnection.connection.collection(collection) as never, kafka.publisher, logger),
  };
}
