import { createEvent, PoliceDecisionRecordedV1 } from '@trygg/contracts';
import { DecideStep, StepWorkNotFound } from '@trygg/step-worker';
import type { Clock } from '@trygg/values';
import { decide, type PoliceCase, type PoliceOutcome, stepOutcomeOf } from '../domain/police-case';
import type { CaseStore, DecisionAudit } from './ports';

export class CaseNotFound extends StepWorkNotFound {}

/** The action of a decision's record in the audit trail. */
export const AUDIT_ACTION = 'police-decision';

/** The officer's decision: audited, and answered to onboarding with step-completed plus police.decision-recorded. */
export class DecideCase extends DecideStep<PoliceCase, { outcome: PoliceOutcome; reason: string; decidedBy: string }> {
  constructor(cases: CaseStore, audit: DecisionAudit, clock?: Clock) {
    super(
      cases,
      {
        noun: 'case',
        notFound: (message) => new CaseNotFound(message),
        decide,
        answer: (_decided, decision) => ({ outcome: stepOutcomeOf(decision.outcome), reason: decision.reason, actor: { kind: 'police', id: decision.decidedBy } }),
        alsoTell: (decided, decision, context, policeAreaId, now) => [
          createEvent(
            PoliceDecisionRecordedV1,
            context,
            {
              caseId: decided.id,
              policeAreaId,
              instanceId: decided.instanceId,
              stepId: decided.stepId,
              attempt: decided.attempt,
              subject: decided.subject,
              outcome: decision.outcome,
              reason: decision.reason,
              decidedBy: decision.decidedBy,
              decidedAt: now.toISOString(),
            },
            now,
          ),
        ],
        audit: (decided, decision, policeAreaId) => ({
          action: AUDIT_ACTION,
          subject: { kind: 'police-case', id: decided.id },
          municipalityId: decided.municipalityId,
          policeAreaId,
          details: { instanceId: decided.instanceId, stepId: decided.stepId, attempt: decided.attempt, outcome: decision.outcome, reason: decision.reason },
        }),
      },
      audit,
      clock,
    );
  }
}
