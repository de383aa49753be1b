import { isEvent, OnboardingStepRequestedV1, type PayloadOf, ResidentErasedV1 } from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import type { StepWorkStore } from './ports';
import type { StepWork } from './step-work';
import type { ReceiveStepRequest } from './use-cases';

type StepRequestPayload = { municipalityId: string } & PayloadOf<typeof OnboardingStepRequestedV1>;

export interface StepWorkerHandlerOptions {
  /** Errors of `receive` that retrying cannot fix (e.g. a request that cannot be placed): dead-lettered at once. */
  permanentErrors?: ReadonlyArray<abstract new (...args: never[]) => Error>;
}

/**
 * Topic → use case for a step worker: every step request is read and those of the worker's type are kept (the
 * rest acknowledged and ignored); erasure removes the person's subject fields, keeping ids and decisions (the
 * audited record).
 */
export function stepWorkerHandlers<TWork extends StepWork>(
  receive: Pick<ReceiveStepRequest<StepRequestPayload, TWork>, 'execute'>,
  store: Pick<StepWorkStore<TWork>, 'forgetPerson'>,
  options: StepWorkerHandlerOptions = {},
): Record<string, EventHandler> {
  return {
    [ResidentErasedV1.type]: async (event) => {
      if (!isEvent(event, ResidentErasedV1)) throw new PermanentError(`unexpected ${event.type}`);
      await store.forgetPerson(event.municipalityId, event.payload.personId);
    },
    [OnboardingStepRequestedV1.type]: async (event) => {
      if (!isEvent(event, OnboardingStepRequestedV1)) throw new PermanentError(`unexpected ${event.type}`);
      try {
        await receive.execute({ municipalityId: event.municipalityId, ...event.payload });
      } catch (error) {
        if (options.permanentErrors?.some((type) => error instanceof type)) throw new PermanentError((error as Error).message);
        throw error;
      }
    },
  };
}
