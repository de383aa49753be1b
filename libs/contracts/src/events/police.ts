import { z } from 'zod';
import { defineEvent } from '../define-event';
import { onboardingSubjectSchema, stepIdSchema } from './onboarding';

/**
 * A police officer decided a police-approval case (kontaktombud review). Audited in police-liaison.
 *
 * `revoked` (issue 14) was added to `outcome` additively, not as a new versioned event: a decision is never edited,
 * so a revocation of an approved case is a new decision on the same case, with its own reason, officer and time. The
 * payload's shape is unchanged; every consumer matches on `outcome` (notifications' rules by value, enrolment
 * handles only `revoked`), so none breaks on the new value. A consumer that switches on `outcome` must treat an
 * unknown value as "not mine".
 */
export const PoliceDecisionRecordedV1 = defineEvent({
  type: 'police.decision-recorded.v1',
  description: 'The community police officer decided a police-approval case: approve, reject or needs-info, with a reason; or revoked an approval (a new decision with its own reason: the contact person is deactivated).',
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
      outcome: z.enum(['approve', 'reject', 'needs-info', 'revoked']),
      reason: z.string().min(1).max(2000),
      decidedBy: z.string().min(1).max(200),
      decidedAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  keyOf: (p) => p.caseId,
});
