import { isEvent, OnboardingStepRequestedV1 } from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import type { ReceiveRequest } from '../application/reviews';

/** The plug-in listens to one topic and keeps the requests for its own step type. */
export function eventHandlers(receive: ReceiveRequest): Record<string, EventHandler> {
  return {
    [OnboardingStepRequestedV1.type]: async (event) => {
      if (!isEvent(event, OnboardingStepRequestedV1)) throw new PermanentError(`unexpected ${event.type}`);
      await receive.execute({ municipalityId: event.municipalityId, ...event.payload });
    },
  };
}
