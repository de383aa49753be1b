import { z } from 'zod';

/** A municipality id is the name of its folder under `municipalities/` (e.g. `lilla-edet`). */
export const municipalityIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug such as "lilla-edet"')
  .max(64);

/** The envelope every event travels in. The payload is validated per event type. */
export const envelopeSchema = z
  .object({
    eventId: z.uuid(),
    type: z.string().regex(/^[a-z-]+\.[a-z-]+\.v[0-9]+$/, 'must be <domain>.<event>.v<N>'),
    occurredAt: z.iso.datetime({ offset: true }),
    municipalityId: municipalityIdSchema,
    correlationId: z.string().min(1).max(128),
    causationId: z.string().min(1).max(128).nullable(),
    payload: z.unknown(),
  })
  .strict();

export type EnvelopeBase = z.infer<typeof envelopeSchema>;

export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  eventId: string;
  type: TType;
  occurredAt: string;
  municipalityId: string;
  correlationId: string;
  causationId: string | null;
  payload: TPayload;
}
