import { isEvent, OnboardingStepRequestedV1 } from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import type { OpenCase } from '../application/cases';

/** Topic → use case. Requests for other step types are acknowledged and ignored: they are not ours. */
export function eventHandlers(openCase: OpenCase): Record<string, EventHandler> {
  return {
    [OnboardingStepRequestedV1.type]: async (event) => {
      if (!isEvent(event, OnboardingStepRequestedV1)) throw new PermanentError(`unexpected ${event.type}`);
      await openCase.execute({ municipalityId: event.municipalityId, ...event.payload });
    },
  };
}
