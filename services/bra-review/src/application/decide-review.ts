import { DecideStep, StepWorkNotFound } from '@trygg/step-worker';
import type { Clock } from '@trygg/values';
import { decideReview, type Review, type ReviewDecision } from '../domain/review';
import type { DecisionAudit, PluginIdentity, ReviewStore } from './ports';

export class ReviewNotFound extends StepWorkNotFound {}

/** The action of a decision's record in the audit trail. */
export const AUDIT_ACTION = 'bra-review-decision';

/** The council's decision: audited, and answered to onboarding as the plug-in's registered sender. */
export class DecideReview extends DecideStep<Review, ReviewDecision> {
  constructor(reviews: ReviewStore, plugin: PluginIdentity, audit: DecisionAudit, clock?: Clock) {
    super(
      reviews,
      {
        noun: 'review',
        notFound: (message) => new ReviewNotFound(message),
        decide: decideReview,
        answer: (_decided, decision) => ({ outcome: decision.outcome, reason: decision.reason, actor: { kind: 'plugin', id: plugin.sender } }),
        audit: (decided, decision, municipalityId) => ({
          action: AUDIT_ACTION,
          subject: { kind: 'bra-review', id: decided.id },
          municipalityId,
          details: { instanceId: decided.instanceId, stepId: decided.stepId, attempt: decided.attempt, outcome: decision.outcome, reason: decision.reason },
        }),
      },
      audit,
      clock,
    );
  }
}
