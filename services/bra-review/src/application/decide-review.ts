import { DecideStep, StepWorkNotFound } from '@trygg/step-worker';
import type { AuditLog, Clock } from '@trygg/values';
import { decideReview, type Review, type ReviewDecision } from '../domain/review';
import type { PluginIdentity, ReviewStore } from './ports';

export class ReviewNotFound extends StepWorkNotFound {}

/** The council's decision: audited, and answered to onboarding as the plug-in's registered sender. */
export class DecideReview extends DecideStep<Review, ReviewDecision, Record<string, unknown>> {
  constructor(reviews: ReviewStore, plugin: PluginIdentity, audit: AuditLog<Record<string, unknown>>, clock?: Clock) {
    super(
      reviews,
      {
        noun: 'review',
        notFound: (message) => new ReviewNotFound(message),
        decide: decideReview,
        answer: (_decided, decision) => ({ outcome: decision.outcome, reason: decision.reason, actor: { kind: 'plugin', id: plugin.sender } }),
        audit: (decided, decision, municipalityId, now) => ({
          reviewId: decided.id,
          municipalityId,
          instanceId: decided.instanceId,
          outcome: decision.outcome,
          reason: decision.reason,
          reviewer: decision.reviewer,
          at: now,
        }),
      },
      audit,
      clock,
    );
  }
}
