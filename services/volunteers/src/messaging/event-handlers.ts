import { isEvent, OnboardingCompletedV1 } from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import type { ApplyOnboardingOutcome } from '../application/apply-onboarding-outcome';

/** onboarding.completed.v1 → the walker's status. Other subjects' processes are not ours. */
export function eventHandlers(applyOutcome: ApplyOnboardingOutcome): Record<string, EventHandler> {
  return {
    [OnboardingCompletedV1.type]: async (event) => {
      if (!isEvent(event, OnboardingCompletedV1)) throw new PermanentError(`unexpected ${event.type}`);
      const { subject, outcome, reason } = event.payload;
      if (subject.kind !== 'volunteer') return;
      const result = await applyOutcome.execute(event.municipalityId, subject.id, outcome, reason);
      if (result === 'not-found') throw new PermanentError(`no volunteer ${subject.id} in ${event.municipalityId}`);
    },
  };
}
