import type { EventContract } from './define-event';
import { RegistrationSubmittedV1 } from './events/enrolment';

/** Every event of the system, once. Topic name = event type. */
export const eventContracts = [RegistrationSubmittedV1] as const satisfies readonly EventContract[];

export type KnownEventType = (typeof eventContracts)[number]['type'];

const byType = new Map<string, EventContract>(eventContracts.map((c) => [c.type, c as EventContract]));

export function contractFor(type: string): EventContract | undefined {
  return byType.get(type);
}

export const DLQ_SUFFIX = '.dlq';

export function dlqTopicOf(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

/** All topics the system needs: every event type and its dead-letter topic. */
export function allTopics(): string[] {
  return eventContracts.flatMap((c) => [c.type, dlqTopicOf(c.type)]);
}
