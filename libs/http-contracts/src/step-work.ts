import { z } from 'zod';
import { isoDateTime } from './common';

/**
 * The request body of a step worker's decision (police-liaison's cases, bra-review's reviews; libs/step-worker's
 * `decisionHttpError` maps the failures): one of the worker's outcomes and a reason a person wrote (strict: nothing
 * else).
 */
export function decisionInput<const TOutcome extends readonly [string, ...string[]]>(outcomes: TOutcome) {
  return z
    .object({
      outcome: z.enum(outcomes),
      reason: z.string({ error: 'is required' }).trim().min(1, 'is required').max(2000),
    })
    .strict();
}

/** A step worker's piece of work (libs/step-worker StepWork) with the worker's own decision fields. */
export function stepWorkSchema<TDecision extends z.ZodRawShape, TExtra extends z.ZodRawShape>(decision: TDecision, extra: TExtra) {
  return z.object({
    id: z.string(),
    municipalityId: z.string(),
    instanceId: z.string(),
    stepId: z.string(),
    stepType: z.string(),
    attempt: z.number().int(),
    subject: z.object({ kind: z.enum(['member', 'contact-person', 'volunteer']), id: z.string(), personId: z.string() }),
    /** Text fields say "Skyddad person" when true and the viewer lacks the `protected-identity` permission. */
    subjectFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    protectedIdentity: z.boolean().optional(),
    dueAt: isoDateTime.nullable(),
    status: z.enum(['pending', 'decided']),
    decision: z.object({ ...decision, decidedAt: isoDateTime }).nullable(),
    ...extra,
  });
}
