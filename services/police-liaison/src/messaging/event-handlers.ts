import { isEvent, OnboardingStepRequestedV1 } from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import { NoPoliceArea, type OpenCase } from '../application/cases';

/** Topic → use case. Requests for other step types are acknowledged and ignored: they are not ours. */
export function eventHandlers(openCase: OpenCase): Record<string, EventHandler> {
  return {
    [OnboardingStepRequestedV1.type]: async (event) => {
      if (!isEvent(event, OnboardingStepRequestedV1)) throw new PermanentError(`unexpected ${event.type}`);
      try {
        await openCase.execute({ municipalityId: event.municipalityId, ...event.payload });
      } catch (error) {
        if (error instanceof NoPoliceArea) throw new PermanentError(error.message);
        throw error;
      }
    },
  };
}
