import { type DynamicModule, Module } from '@nestjs/common';
import { EventConsumer, InboxStore, OutboxRelay } from '@trygg/messaging';
import type { Logger } from '@trygg/observability';
import { createInfrastructure, InfrastructureLifecycleModule } from '@trygg/service-kit';
import { MongoDecisionAudit } from '@trygg/step-worker';
import { DecideReview, ReceiveRequest } from './application/reviews';
import type { BraReviewConfig } from './config';
import { DevStaffGuard, STAFF_DEV_GUARD } from './http/dev-staff.guard';
import { REVIEW_STORE, ReviewsController } from './http/reviews.controller';
import { AUDIT_ACTION, AUDIT_COLLECTION, MongoReviewStore, REVIEWS_COLLECTION } from './infrastructure/mongo-reviews';
import { eventHandlers } from './messaging/event-handlers';

/** Example onboarding plug-in: a local BRÅ's review of new groups (Lilla Edet's process uses it). */
@Module({})
export class BraReviewModule {
  static forRoot(config: BraReviewConfig, logger: Logger): DynamicModule {
    const infra = createInfrastructure('bra-review', config, logger);
    const db = infra.mongo.connection;
    const plugin = { stepType: config.PLUGIN_STEP_TYPE, sender: config.PLUGIN_SENDER };
    const relay = new OutboxRelay(db.collection(REVIEWS_COLLECTION) as never, infra.kafka.publisher, logger);
    const reviews = new MongoReviewStore(db.collection(REVIEWS_COLLECTION) as never, relay);
    const inbox = new InboxStore(db.collection('inbox') as never);
    const consumer = new EventConsumer({
      kafka: infra.kafka.kafka,
      groupId: config.CONSUMER_GROUP,
      handlers: eventHandlers(new ReceiveRequest(reviews, plugin, logger), reviews),
      inbox,
      publisher: infra.kafka.publisher,
      logger,
    });
    if (config.STAFF_DEV_GUARD === 'allow') logger.warn('STAFF_DEV_GUARD=allow: endpoints trust the x-dev-staff-municipality header (development only)');
    return {
      module: BraReviewModule,
      imports: [
        InfrastructureLifecycleModule.forRoot(infra, {
          readinessChecks: [consumer],
          afterConnect: async () => {
            await Promise.all([reviews.ensureIndexes(), inbox.ensureIndexes()]);
            relay.start();
            await consumer.start();
          },
          beforeShutdown: async () => {
            await consumer.stop();
            relay.stop();
          },
        }),
      ],
      controllers: [ReviewsController],
      providers: [
        { provide: STAFF_DEV_GUARD, useValue: config.STAFF_DEV_GUARD },
        DevStaffGuard,
        { provide: REVIEW_STORE, useValue: reviews },
        { provide: DecideReview, useValue: new DecideReview(reviews, plugin, new MongoDecisionAudit(db.collection(AUDIT_COLLECTION) as never, AUDIT_ACTION)) },
      ],
    };
  }
}
