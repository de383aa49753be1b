import { isEvent, OnboardingStepRequestedV1, ResidentErasedV1 } from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import type { ReceiveRequest, ReviewStore } from '../application/reviews';

/** The plug-in listens to one topic and keeps the requests for its own step type. */
export function eventHandlers(receive: ReceiveRequest, reviews: ReviewStore): Record<string, EventHandler> {
  return {
    // Erasure: reviews keep ids and decisions (the audited record), not what the person told us.
    [ResidentErasedV1.type]: async (event) => {
      if (!isEvent(event, ResidentErasedV1)) throw new PermanentError(`unexpected ${event.type}`);
      await reviews.forgetPerson(event.municipalityId, event.payload.personId);
    },
    [OnboardingStepRequestedV1.type]: async (event) => {
      if (!isEvent(event, OnboardingStepRequestedV1)) throw new PermanentError(`unexpected ${event.type}`);
      await receive.execute({ municipalityId: event.municipalityId, ...event.payload });
    },
  };
}
