import { ContactReachabilityChangedV1, isEvent } from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import type { RecordEmailReachability } from '../application/record-email-reachability';

/** Topic → use case. Thin: translate and delegate. An unknown (e.g. erased) person is ignored, not dead-lettered. */
export function notificationsHandlers(record: RecordEmailReachability): Record<string, EventHandler> {
  return {
    [ContactReachabilityChangedV1.type]: async (event) => {
      if (!isEvent(event, ContactReachabilityChangedV1)) throw new PermanentError(`unexpected ${event.type}`);
      await record.execute({
        municipalityId: event.municipalityId,
        personId: event.payload.personId,
        working: event.payload.reachable,
        changedAt: new Date(event.payload.changedAt),
      });
    },
  };
}
