import type { Logger } from 'pino';
import { createEvent, PoliceDecisionRecordedV1 } from '@trygg/contracts';
import { DecideStep, ReceiveStepRequest, type StepRequestBase, StepWorkNotFound, type StepWorkStore } from '@trygg/step-worker';
import type { AuditLog, Clock } from '@trygg/values';
import { caseIdFor, decide, type PoliceCase, type PoliceOutcome, stepOutcomeOf } from '../domain/police-case';

export const POLICE_APPROVAL = 'police-approval';

/** Cases, scoped by police area: another area's case is not found. */
export type CaseStore = StepWorkStore<PoliceCase>;

export type DecisionAudit = AuditLog<{
  caseId: string;
  municipalityId: string;
  policeAreaId: string;
  instanceId: string;
  outcome: PoliceOutcome;
  reason: string;
  decidedBy: string;
  at: Date;
}>;

export interface PoliceAreaDirectory {
  /** The police area of a municipality when the request names none. */
  defaultAreaOf(municipalityId: string): string | undefined;
}

export interface StepRequest extends StepRequestBase {
  /** The police area the request names (a contact person's, from the nomination), else the municipality's default. */
  policeAreaId: string | null;
}

export class NoPoliceArea extends Error {}

/** Opens a case for each police-approval step request (other step types are not ours), in its police area. */
export class OpenCase extends ReceiveStepRequest<StepRequest, PoliceCase> {
  constructor(cases: CaseStore, areas: PoliceAreaDirectory, logger: Logger, clock?: Clock) {
    super(
      cases,
      {
        stepType: POLICE_APPROVAL,
        open: (request, now) => {
          const policeAreaId = request.policeAreaId ?? areas.defaultAreaOf(request.municipalityId);
          if (!policeAreaId) throw new NoPoliceArea(`no police area for ${request.municipalityId}: the request names none and the municipality is unknown`);
          const { municipalityId, instanceId, stepId, stepType, attempt, subject, subjectFields, dueAt } = request;
          const id = caseIdFor(instanceId, stepId, attempt);
          return { id, municipalityId, policeAreaId, instanceId, stepId, stepType, attempt, subject, subjectFields, dueAt, status: 'pending', decision: null, openedAt: now.toISOString() };
        },
        opened: { message: 'police-approval case opened', fields: (c) => ({ caseId: c.id, policeAreaId: c.policeAreaId, instanceId: c.instanceId }) },
      },
      logger,
      clock,
    );
  }
}

export class CaseNotFound extends StepWorkNotFound {}

/** The officer's decision: audited, and answered to onboarding with step-completed plus police.decision-recorded. */
export class DecideCase extends DecideStep<PoliceCase, { outcome: PoliceOutcome; reason: string; decidedBy: string }, Parameters<DecisionAudit['record']>[0]> {
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
        audit: (decided, decision, policeAreaId, now) => ({
          caseId: decided.id,
          municipalityId: decided.municipalityId,
          policeAreaId,
          instanceId: decided.instanceId,
          outcome: decision.outcome,
          reason: decision.reason,
          decidedBy: decision.decidedBy,
          at: now,
        }),
      },
      audit,
      clock,
    );
  }
}
