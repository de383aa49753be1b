import type { mongo } from 'mongoose';
import type { AggregateDocument, OutboxRelay } from '@trygg/messaging';
import { MongoStepWorkStore } from '@trygg/step-worker';
import type { ReviewStore } from '../application/ports';
import type { Review } from '../domain/review';

export const REVIEWS_COLLECTION = 'reviews';
/** Every decision is audited in this hash-chained trail (@trygg/audit) with `action: bra-review-decision`. */
export const AUDIT_COLLECTION = 'audit_trail';

/** Reviews with their outbox, scoped by municipality. */
export class MongoReviewStore extends MongoStepWorkStore<Review> implements ReviewStore {
  constructor(collection: mongo.Collection<AggregateDocument<Review>>, relay: OutboxRelay) {
    super(collection, relay, { scopeField: 'municipalityId', orderBy: 'requestedAt', indexName: 'municipality_status' });
  }
}
