import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@trygg/observability';
import { createInfrastructure } from '@trygg/service-kit';
import { MongoDecisionAudit, stepWorkerRuntime } from '@trygg/step-worker';
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
    const plugin = { stepType: config.PLUGIN_STEP_TYPE, sender: config.PLUGIN_SENDER };
    const { store: reviews, lifecycle } = stepWorkerRuntime(infra, {
      collection: REVIEWS_COLLECTION,
      store: (collection, relay) => new MongoReviewStore(collection as never, relay),
      handlers: (store) => eventHandlers(new ReceiveRequest(store, plugin, logger), store),
      consumerGroup: config.CONSUMER_GROUP,
    });
    if (config.STAFF_DEV_GUARD === 'allow') logger.warn('STAFF_DEV_GUARD=allow: endpoints trust the x-dev-staff-municipality header (development only)');
    return {
      module: BraReviewModule,
      imports: [lifecycle],
      controllers: [ReviewsController],
      providers: [
        { provide: STAFF_DEV_GUARD, useValue: config.STAFF_DEV_GUARD },
        DevStaffGuard,
        { provide: REVIEW_STORE, useValue: reviews },
        { provide: DecideReview, useValue: new DecideReview(reviews, plugin, new MongoDecisionAudit(infra.mongo.connection.collection(AUDIT_COLLECTION) as never, AUDIT_ACTION)) },
      ],
    };
  }
}
