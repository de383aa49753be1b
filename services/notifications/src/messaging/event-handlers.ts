import { isEvent, RegistrationSubmittedV1 } from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import type { NotifyRegistrationSubmitted } from '../application/notify-registration-submitted';

/** Topic → use case. Thin: translate and delegate. */
export function eventHandlers(notifyRegistrationSubmitted: NotifyRegistrationSubmitted): Record<string, EventHandler> {
  return {
    [RegistrationSubmittedV1.type]: async (event) => {
      if (!isEvent(event, RegistrationSubmittedV1)) throw new PermanentError(`unexpected ${event.type}`);
      await notifyRegistrationSubmitted.execute(event);
    },
  };
}
