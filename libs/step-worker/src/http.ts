import { HttpException, HttpStatus } from '@nestjs/common';
import { z } from 'zod';
import { StepWorkAlreadyDecided, StepWorkNotFound } from './step-work';

/** The body of a decision: one of the worker's outcomes and a reason a person wrote (strict: nothing else). */
export function decisionBodySchema<const TOutcome extends readonly [string, ...string[]]>(outcomes: TOutcome) {
  return z
    .object({
      outcome: z.enum(outcomes),
      reason: z.string({ error: 'is required' }).trim().min(1, 'is required').max(2000),
    })
    .strict();
}

/** A failed decision as the HTTP answer: 404 (not in your scope), 409 (decided already), else the error itself. */
export function decisionHttpError(error: unknown, notFoundMessage: string): unknown {
  if (error instanceof StepWorkNotFound) return new HttpException({ statusCode: 404, error: 'not_found', message: notFoundMessage }, HttpStatus.NOT_FOUND);
  if (error instanceof StepWorkAlreadyDecided) return new HttpException({ statusCode: 409, error: 'already_decided', message: error.message }, HttpStatus.CONFLICT);
  return error;
}
