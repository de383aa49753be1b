import { isEvent, OnboardingStepRequestedV1, ResidentErasedV1 } from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import { type CaseStore, NoPoliceArea, type OpenCase } from '../application/cases';

/** Topic → use case. Requests for other step types are acknowledged and ignored: they are not ours. */
export function eventHandlers(openCase: OpenCase, cases: CaseStore): Record<string, EventHandler> {
  return {
    // Erasure: the cases keep ids and decisions (the audited record), not what the person told us.
    [ResidentErasedV1.type]: async (event) => {
      if (!isEvent(event, ResidentErasedV1)) throw new PermanentError(`unexpected ${event.type}`);
      await cases.forgetPerson(event.municipalityId, event.payload.personId);
    },
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
