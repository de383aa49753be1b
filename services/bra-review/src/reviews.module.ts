import { Module } from '@nestjs/common';
import type { mongo } from 'mongoose';
import type { OutboxRelay } from '@trygg/messaging';
import { type Logger, LOGGER } from '@trygg/observability';
import { collectionProvider, outboxRelayProvider, SERVICE_CONFIG } from '@trygg/service-kit';
import { MongoDecisionAudit, RECEIVE_STEP_REQUEST, STEP_WORK_STORE, StepWorkerEventsController } from '@trygg/step-worker';
import { DecideReview } from './application/decide-review';
import type { ReviewStore } from './application/ports';
import { ReceiveRequest } from './application/receive-request';
import type { BraReviewConfig } from './config';
import { DevStaffGuard, STAFF_DEV_GUARD } from './http/dev-staff.guard';
import { REVIEW_STORE, ReviewsController } from './http/reviews.controller';
import { AUDIT_ACTION, AUDIT_COLLECTION, MongoReviewStore, REVIEWS_COLLECTION } from './infrastructure/mongo-reviews';

const REVIEWS = Symbol('reviews collection');
const REVIEWS_RELAY = Symbol('reviews outbox relay');
const AUDIT = Symbol('audit collection');

const pluginOf = (config: BraReviewConfig) => ({ stepType: config.PLUGIN_STEP_TYPE, sender: config.PLUGIN_SENDER });

/**
 * BRÅ reviews: kept for each step request of the plug-in's type (StepWorkerEventsController), decided by the
 * municipality's reviewer over HTTP (ReviewsController), audited, answered with onboarding.step-completed.v1.
 */
@Module({
  controllers: [ReviewsController, StepWorkerEventsController],
  providers: [
    collectionProvider(REVIEWS, REVIEWS_COLLECTION),
    collectionProvider(AUDIT, AUDIT_COLLECTION),
    outboxRelayProvider(REVIEWS_RELAY, REVIEWS_COLLECTION),
    { provide: REVIEW_STORE, inject: [REVIEWS, REVIEWS_RELAY], useFactory: (reviews: mongo.Collection, relay: OutboxRelay) => new MongoReviewStore(reviews as never, relay) },
    { provide: STEP_WORK_STORE, useExisting: REVIEW_STORE },
    {
      provide: ReceiveRequest,
      inject: [REVIEW_STORE, SERVICE_CONFIG, LOGGER],
      useFactory: (reviews: ReviewStore, config: BraReviewConfig, logger: Logger) => new ReceiveRequest(reviews, pluginOf(config), logger),
    },
    { provide: RECEIVE_STEP_REQUEST, useExisting: ReceiveRequest },
    {
      provide: DecideReview,
      inject: [REVIEW_STORE, SERVICE_CONFIG, AUDIT],
      useFactory: (reviews: ReviewStore, config: BraReviewConfig, audit: mongo.Collection) => new DecideReview(reviews, pluginOf(config), new MongoDecisionAudit(audit, AUDIT_ACTION)),
    },
    { provide: STAFF_DEV_GUARD, inject: [SERVICE_CONFIG], useFactory: (config: BraReviewConfig) => config.STAFF_DEV_GUARD },
    DevStaffGuard,
  ],
})
export class ReviewsModule {}
