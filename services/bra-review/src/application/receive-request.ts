import type { Logger } from 'pino';
import { ReceiveStepRequest, type StepRequestBase } from '@trygg/step-worker';
import type { Clock } from '@trygg/values';
import { type Review, reviewIdFor } from '../domain/review';
import type { PluginIdentity, ReviewStore } from './ports';

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
        open: ({ municipalityId, instanceId, stepId, stepType, attempt, subject, subjectFields, protectedIdentity, parameters, dueAt }, now) => ({
          id: reviewIdFor(instanceId, stepId, attempt),
          municipalityId, instanceId, stepId, stepType, attempt, subject, subjectFields, protectedIdentity: protectedIdentity === true, parameters, dueAt,
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
