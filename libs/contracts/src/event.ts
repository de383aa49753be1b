import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { EventContract } from './define-event';
import { envelopeSchema, type EventEnvelope } from './envelope';
import { contractFor } from './registry';

export interface EventContext {
  municipalityId: string;
  correlationId: string;
  /** The eventId (or request id) that caused this event; null for a user's action. */
  causationId?: string | null;
}

export class ContractViolation extends Error {
  constructor(
    readonly reason: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(issues.length ? `${reason}: ${issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}` : reason);
    this.name = 'ContractViolation';
  }
}

function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * Builds and validates an event: an invalid event is never produced. The payload is the schema's input: a field with
 * a default (added later, e.g. `protectedIdentity`) may be left out and is then the default in the event.
 */
export function createEvent<TType extends string, TSchema extends z.ZodType>(
  contract: EventContract<TType, TSchema>,
  context: EventContext,
  payload: z.input<TSchema>,
  now: Date = new Date(),
): EventEnvelope<TType, z.infer<TSchema>> {
  const parsed = contract.payload.safeParse(payload);
  if (!parsed.success) throw new ContractViolation(`invalid payload for ${contract.type}`, issuesOf(parsed.error));
  const envelope = {
    eventId: randomUUID(),
    type: contract.type,
    occurredAt: now.toISOString(),
    municipalityId: context.municipalityId,
    correlationId: context.correlationId,
    causationId: context.causationId ?? null,
    payload: parsed.data as z.infer<TSchema>,
  };
  const env = envelopeSchema.safeParse(envelope);
  if (!env.success) throw new ContractViolation(`invalid envelope for ${contract.type}`, issuesOf(env.error));
  return envelope;
}

/** Parses a consumed message: envelope and payload must both match the registry. */
export function parseEvent(raw: unknown, expectedType?: string): EventEnvelope {
  const env = envelopeSchema.safeParse(raw);
  if (!env.success) throw new ContractViolation('invalid envelope', issuesOf(env.error));
  if (expectedType && env.data.type !== expectedType) {
    throw new ContractViolation(`event type ${env.data.type} on topic ${expectedType}`);
  }
  const contract = contractFor(env.data.type);
  if (!contract) throw new ContractViolation(`unknown event type ${env.data.type}`);
  const payload = contract.payload.safeParse(env.data.payload);
  if (!payload.success) throw new ContractViolation(`invalid payload for ${env.data.type}`, issuesOf(payload.error));
  return { ...env.data, payload: payload.data };
}

/** The envelope of one contract's event, as an `@EventPattern` handler receives it (validated on receipt). */
export type EventOf<C> = C extends EventContract<infer TType, infer TSchema> ? EventEnvelope<TType, z.infer<TSchema>> : never;

/** Narrows a parsed envelope to a contract's payload type. */
export function isEvent<TType extends string, TSchema extends z.ZodType>(
  event: EventEnvelope,
  contract: EventContract<TType, TSchema>,
): event is EventEnvelope<TType, z.infer<TSchema>> {
  return event.type === contract.type;
}

export function keyOf(event: EventEnvelope): string {
  const contract = contractFor(event.type);
  if (!contract) throw new ContractViolation(`unknown event type ${event.type}`);
  return contract.keyOf(event.payload as never);
}
