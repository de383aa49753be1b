import { z } from 'zod';
import { defineEvent } from '../define-event';
import { stepIdSchema } from './onboarding';

/**
 * A police-approval case waited longer than its municipality's target (`municipality.yaml` `police.approvalTargetDays`)
 * without the officer's decision. police-liaison publishes it once per case (never again for that case, however long
 * it waits); notifications mails the police area's mailbox and the municipality's coordinator.
 */
export const PoliceApprovalOverdueV1 = defineEvent({
  type: 'police.approval-overdue.v1',
  description: 'A police-approval case passed the municipality\'s approval target without a decision (once per case): the officer\'s area and the coordinator are reminded.',
  containsPersonalData: false,
  personalData: 'none: the case and the onboarding instance by id, times and counts (no person, not even by id).',
  payload: z
    .object({
      caseId: z.uuid(),
      policeAreaId: z.string().min(1).max(100),
      instanceId: z.uuid(),
      stepId: stepIdSchema,
      attempt: z.number().int().positive(),
      waitingSince: z.iso.datetime({ offset: true }),
      targetDays: z.number().int().positive(),
      /** Whole days waited when the reminder was decided (at least `targetDays`). */
      daysWaiting: z.number().int().nonnegative(),
    })
    .strict(),
  keyOf: (p) => p.caseId,
});
