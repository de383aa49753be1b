import type { DynamicModule } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { EventConsumer, type EventHandler, InboxStore, OutboxRelay } from '@trygg/messaging';
import { InfrastructureLifecycleModule, type ServiceInfrastructure } from '@trygg/service-kit';

export interface StepWorkerRuntimeOptions<TStore> {
  /** The collection of the work; its outbox relay publishes from the same collection with the same lock. */
  collection: string;
  store(collection: mongo.Collection, relay: OutboxRelay): TStore;
  handlers(store: TStore): Record<string, EventHandler>;
  consumerGroup: string;
}

/**
 * The moving parts of a step worker process: its store with the outbox relay on the same collection, the inbox and
 * the consumer; indexes, relay and consumer start once MongoDB and Kafka are connected and stop before shutdown
 * (consumer first). Import `lifecycle` into the service's module.
 */
export function stepWorkerRuntime<TStore extends { ensureIndexes(): Promise<void> }>(
  infra: ServiceInfrastructure,
  options: StepWorkerRuntimeOptions<TStore>,
): { store: TStore; lifecycle: DynamicModule } {
  const { logger } = infra;
  const db = infra.mongo.connection;
  const relay = new OutboxRelay(db.collection(options.collection) as never, infra.kafka.publisher, logger);
  const store = options.store(db.collection(options.collection) as unknown as mongo.Collection, relay);
  const inbox = new InboxStore(db.collection('inbox') as never);
  const consumer = new EventConsumer({
    kafka: infra.kafka.kafka,
    groupId: options.consumerGroup,
    handlers: options.handlers(store),
    inbox,
    publisher: infra.kafka.publisher,
    logger,
  });
  const lifecycle = InfrastructureLifecycleModule.forRoot(infra, {
    readinessChecks: [consumer],
    afterConnect: async () => {
      await Promise.all([store.ensureIndexes(), inbox.ensureIndexes()]);
      relay.start();
      await consumer.start();
    },
    beforeShutdown: async () => {
      await consumer.stop();
      relay.stop();
    },
  });
  return { store, lifecycle };
}
