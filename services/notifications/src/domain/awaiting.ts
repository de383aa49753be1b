/**
 * An event that addresses a person notifications has not stored yet (their contact details come on another topic,
 * and Kafka orders only within a partition). It waits for that person instead of being dropped: when the person's
 * contact details arrive, the rule runs again with the stored event.
 */
export interface AwaitingEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  municipalityId: string;
  correlationId: string;
  causationId: string | null;
  /** What the rule and its template read; may hold personal data, so it goes with the person's erasure. */
  payload: Record<string, unknown>;
}

export interface AwaitingRecipient {
  /** eventId + rule id: a redelivered event parks the same record again. */
  id: string;
  recipientId: string;
  municipalityId: string;
  ruleId: string;
  event: AwaitingEvent;
  since: Date;
}

export function awaitingId(eventId: string, ruleId: string): string {
  return `${eventId}:${ruleId}`;
}

/** Records parked before this moment are given up: the person was never heard of (e.g. imported without contact details). */
export function awaitingCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
