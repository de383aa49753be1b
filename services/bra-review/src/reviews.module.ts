import { Module } from '@nestjs/common';
import type { mongo } from 'mongoose';
import type { OutboxRelay } from '@trygg/messaging';
import { type Logger, LOGGER } from '@trygg/observability';
import { AUDIT_RECORDS, AuditRecordsController, collectionProvider, outboxRelayProvider, SERVICE_CONFIG } from '@trygg/service-kit';
import { MongoDecisionAudit, RECEIVE_STEP_REQUEST, STEP_WORK_STORE, StepWorkerEventsController } from '@trygg/step-worker';
import { DecideReview } from './application/decide-review';
import { ListPendingReviews } from './application/list-pending-reviews';
import { DECISION_AUDIT, type DecisionAudit, type ReviewStore } from './application/ports';
import { ReceiveRequest } from './application/receive-request';
import { ShowPersonalData } from './application/show-personal-data';
import type { BraReviewConfig } from './config';
import { PersonalDataController } from './http/personal-data.controller';
import { REVIEW_STORE, ReviewsController } from './http/reviews.controller';
import { AUDIT_COLLECTION, MongoReviewStore, REVIEWS_COLLECTION } from './infrastructure/mongo-reviews';

const REVIEWS = Symbol('reviews collection');
const REVIEWS_RELAY = Symbol('reviews outbox relay');
const AUDIT = Symbol('audit collection');

const pluginOf = (config: BraReviewConfig) => ({ stepType: config.PLUGIN_STEP_TYPE, sender: config.PLUGIN_SENDER });

/**
 * BRÅ reviews: kept for each step request of the plug-in's type (StepWorkerEventsController), decided by the
 * municipality's signed-in reviewer over HTTP (ReviewsController) — every decision and every view of the list
 * audited in the hash-chained trail (the reviewer from the token is the actor), which `GET /audit` shows
 * (AuditRecordsController) — answered with onboarding.step-completed.v1. The person sees their own reviews through
 * the web's "Mina uppgifter" (PersonalDataController, internal, the web only).
 */
@Module({
  controllers: [ReviewsController, StepWorkerEventsController, AuditRecordsController, PersonalDataController],
  providers: [
    collectionProvider(REVIEWS, REVIEWS_COLLECTION),
    collectionProvider(AUDIT, AUDIT_COLLECTION),
    outboxRelayProvider(REVIEWS_RELAY, REVIEWS_COLLECTION),
    { provide: REVIEW_STORE, inject: [REVIEWS, REVIEWS_RELAY], useFactory: (reviews: mongo.Collection, relay: OutboxRelay) => new MongoReviewStore(reviews as never, relay) },
    { provide: STEP_WORK_STORE, useExisting: REVIEW_STORE },
    // A provider of its own, so ServiceLifecycle creates the trail's indexes once connected.
    { provide: DECISION_AUDIT, inject: [AUDIT], useFactory: (audit: mongo.Collection) => new MongoDecisionAudit(audit as never) },
    // GET /audit (libs/service-kit's AuditRecordsController) reads the same trail.
    { provide: AUDIT_RECORDS, useExisting: DECISION_AUDIT },
    { provide: ListPendingReviews, inject: [REVIEW_STORE, DECISION_AUDIT], useFactory: (reviews: ReviewStore, audit: DecisionAudit) => new ListPendingReviews(reviews, audit) },
    {
      provide: ReceiveRequest,
      inject: [REVIEW_STORE, SERVICE_CONFIG, LOGGER],
      useFactory: (reviews: ReviewStore, config: BraReviewConfig, logger: Logger) => new ReceiveRequest(reviews, pluginOf(config), logger),
    },
    { provide: RECEIVE_STEP_REQUEST, useExisting: ReceiveRequest },
    { provide: ShowPersonalData, inject: [REVIEW_STORE], useFactory: (reviews: ReviewStore) => new ShowPersonalData(reviews) },
    {
      provide: DecideReview,
      inject: [REVIEW_STORE, SERVICE_CONFIG, DECISION_AUDIT],
      useFactory: (reviews: ReviewStore, config: BraReviewConfig, audit: DecisionAudit) => new DecideReview(reviews, pluginOf(config), audit),
    },
  ],
})
export class ReviewsModule {}
