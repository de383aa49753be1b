import { ListPendingWork } from '@trygg/step-worker';
import type { Review } from '../domain/review';
import type { DecisionAudit, ReviewStore } from './ports';

/** The action of a view of the pending review list in the audit trail. */
export const REVIEWS_VIEWED = 'reviews-viewed';

/**
 * The council's pending reviews of its municipality, oldest first. Each view is audited (`reviews-viewed`, the
 * reviewer as actor, subject the municipality's list, the number of reviews).
 */
export class ListPendingReviews extends ListPendingWork<Review> {
  constructor(reviews: ReviewStore, audit: DecisionAudit) {
    super(reviews, audit, REVIEWS_VIEWED);
  }
}
