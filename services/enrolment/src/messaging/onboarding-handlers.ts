import { isEvent, OnboardingCompletedV1 } from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import type { ApplyOnboardingOutcome } from '../application/apply-onboarding-outcome';

/** Topic → use case. Thin: translate and delegate. */
export function onboardingHandlers(applyOutcome: ApplyOnboardingOutcome): Record<string, EventHandler> {
  return {
    [OnboardingCompletedV1.type]: async (event) => {
      if (!isEvent(event, OnboardingCompletedV1)) throw new PermanentError(`unexpected ${event.type}`);
      const result = await applyOutcome.execute({
        eventId: event.eventId,
        municipalityId: event.municipalityId,
        correlationId: event.correlationId,
        subject: event.payload.subject,
        outcome: event.payload.outcome,
        reason: event.payload.reason,
      });
      // A contact-person outcome for a nomination we never made cannot succeed on retry: dead-letter it.
      if (result === 'unknown-nomination') throw new PermanentError(`no group has nomination ${event.payload.subject.id}`);
    },
  };
}
