import { z } from 'zod';
import { defineEvent } from '../define-event';
import { onboardingSubjectSchema, stepIdSchema } from './onboarding';

/** A police officer decided a police-approval case (kontaktombud review). Audited in police-liaison. */
export const PoliceDecisionRecordedV1 = defineEvent({
  type: 'police.decision-recorded.v1',
  description: 'The community police officer decided a police-approval case: approve, reject or needs-info, with a reason.',
  containsPersonalData: true,
  personalData: 'the reason text (written by the officer; must not contain sensitive data). The subject appears by id only.',
  payload: z
    .object({
      caseId: z.uuid(),
      policeAreaId: z.string().min(1).max(100),
      instanceId: z.uuid(),
      stepId: stepIdSchema,
      attempt: z.number().int().positive(),
      subject: onboardingSubjectSchema,
      outcome: z.enum(['approve', 'reject', 'needs-info']),
      reason: z.string().min(1).max(2000),
      decidedBy: z.string().min(1).max(200),
      decidedAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  keyOf: (p) => p.caseId,
});
