import { decideStepWork, type StepWork, StepWorkAlreadyDecided, stepWorkIdFor } from '@trygg/step-worker';

/**
 * A review by a municipality's local crime-prevention council (lokalt BRÅ) of a new neighbourhood-watch group or
 * walker organisation: one per onboarding step request. This service is an example plug-in: it knows nothing of
 * onboarding's insides, only the two topics of the plug-in contract (docs/plugins.md), through @trygg/step-worker.
 */
export type ReviewOutcome = 'approved' | 'rejected' | 'needs-info';

export interface ReviewDecision {
  outcome: ReviewOutcome;
  reason: string;
  reviewer: string;
}

export interface Review extends StepWork<ReviewDecision> {
  parameters: Record<string, unknown>;
  requestedAt: string;
}

/** One review per (instance, step, attempt): a redelivered request finds the same review. */
export function reviewIdFor(instanceId: string, stepId: string, attempt: number): string {
  return stepWorkIdFor('bra-review', instanceId, stepId, attempt);
}

export class ReviewAlreadyDecided extends StepWorkAlreadyDecided {
  constructor(id: string) {
    super(`review ${id} is already decided`);
    this.name = 'ReviewAlreadyDecided';
  }
}

export function decideReview(review: Review, decision: ReviewDecision, now: Date): Review {
  return decideStepWork(review, decision, now, (id) => new ReviewAlreadyDecided(id));
}
