import type { EventHandler } from '@trygg/messaging';
import type { NotifyOnEvent } from '../application/notify-on-event';
import { RecordRecipientFacts } from '../application/recipient-facts';

/**
 * Topic → use cases. Thin: what the event tells about people first (contact details, groups, erasure), then the
 * municipality's rules. Subscribes to every event that has a fact to record or a rule in any municipality.
 */
export function eventHandlers(eventTypes: string[], facts: RecordRecipientFacts, notify: NotifyOnEvent): Record<string, EventHandler> {
  const handler: EventHandler = async (event) => {
    await facts.execute(event);
    await notify.execute(event);
  };
  const types = new Set([...RecordRecipientFacts.eventTypes, ...eventTypes]);
  return Object.fromEntries([...types].map((t) => [t, handler]));
}
