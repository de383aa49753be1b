import type { Logger } from 'pino';
import { DecideStep, ReceiveStepRequest, type StepRequestBase, StepWorkNotFound, type StepWorkStore } from '@trygg/step-worker';
import type { AuditLog, Clock } from '@trygg/values';
import { decideReview, type Review, type ReviewDecision, reviewIdFor } from '../domain/review';

/** Reviews, scoped to one municipality: another municipality's review is not found. */
export type ReviewStore = StepWorkStore<Review>;

export interface PluginIdentity {
  /** The step type this plug-in does (what the municipality's definition declares under plugins). */
  stepType: string;
  /** The actor id it answers with (the definition's plugins.<type>.sender). */
  sender: string;
}

export interface StepRequest extends StepRequestBase {
  /** The step's parameters from the municipality's definition, as they are. */
  parameters: Record<string, unknown>;
}

/** Keeps a pending review for each request of our step type; other step types are not ours. */
export class ReceiveRequest extends ReceiveStepRequest<StepRequest, Review> {
  constructor(reviews: ReviewStore, plugin: PluginIdentity, logger: Logger, clock?: Clock) {
    super(
      reviews,
      {
        stepType: plugin.stepType,
        open: ({ municipalityId, instanceId, stepId, stepType, attempt, subject, subjectFields, parameters, dueAt }, now) => ({
          id: reviewIdFor(instanceId, stepId, attempt),
          municipalityId, instanceId, stepId, stepType, attempt, subject, subjectFields, parameters, dueAt,
          status: 'pending',
          decision: null,
          requestedAt: now.toISOString(),
        }),
        opened: { message: 'BRÅ review requested', fields: (r) => ({ reviewId: r.id, municipalityId: r.municipalityId }) },
      },
      logger,
      clock,
    );
  }
}

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
