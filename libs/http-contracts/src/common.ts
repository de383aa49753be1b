import { z } from 'zod';
import type { RouteResponse } from './define-route';

/** One bad field of a 400: its dotted path, a sentence naming it, and (enrolment) a stable code. */
export const fieldProblemSchema = z.object({
  field: z.string(),
  message: z.string(),
  code: z.string().optional(),
});

/**
 * Every error answer of every service (libs/service-kit AllExceptionsFilter): `error` is a stable code
 * (`validation_failed`, `not_found`, `token_expired`, …); a 400 names each bad field in `fields`.
 */
export const errorSchema = z.object({
  statusCode: z.number().int(),
  error: z.string().optional(),
  message: z.string().optional(),
  fields: z.array(fieldProblemSchema).optional(),
});

export type ErrorBody = z.infer<typeof errorSchema>;

/** An error answer with the common body. */
export function problem(description: string): RouteResponse {
  return { description, schema: errorSchema };
}

export const invalid = problem('validation_failed: every bad field is named in `fields`');
export const notFound = problem('not_found');
export const unauthorised = problem('no or wrong credentials');

export const uuid = z.uuid();
export const isoDateTime = z.string().describe('ISO 8601 date and time');
export const isoDate = z.string().describe('YYYY-MM-DD');
