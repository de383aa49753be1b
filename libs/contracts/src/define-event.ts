import type { z } from 'zod';

/**
 * One event contract: its topic/type name, the schema of its payload, the Kafka key
 * (the aggregate id: per-aggregate order) and why any personal data is in it.
 */
export interface EventContract<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly description: string;
  /** Who consumes the personal data in this event and why (data minimisation, see docs). */
  readonly personalData: string;
  /**
   * True when the payload carries personal data beyond ids (names, contact details, free-text reasons, subject
   * fields): such topics get the bounded retention `PERSONAL_DATA_RETENTION_MS` (see libs/messaging ensureTopics).
   */
  readonly containsPersonalData: boolean;
  readonly payload: TSchema;
  readonly keyOf: (payload: z.infer<TSchema>) => string;
}

export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  contract: EventContract<TType, TSchema>,
): EventContract<TType, TSchema> {
  return Object.freeze(contract);
}

export type PayloadOf<C> = C extends EventContract<string, infer S> ? z.infer<S> : never;
export type TypeOf<C> = C extends EventContract<infer T, z.ZodType> ? T : never;
