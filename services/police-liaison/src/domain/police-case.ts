import { decideStepWork, type StepWork, StepWorkAlreadyDecided, stepWorkIdFor } from '@trygg/step-worker';

/**
 * A police-approval case: one onboarding step request (instance, step, attempt) waiting for the community police
 * officer of a police area. Pure domain: no framework, no database.
 */
export type PoliceOutcome = 'approve' | 'reject' | 'needs-info';

export interface PoliceDecision {
  outcome: PoliceOutcome;
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

export interface PoliceCase extends StepWork<Omit<PoliceDecision, 'decidedAt'>> {
  policeAreaId: string;
  openedAt: string;
  /**
   * When the one reminder that the case passed its municipality's approval target went out (police.approval-overdue.v1);
   * absent or null until then. Set once, by a conditional single-document update, and never again.
   */
  overdueReminderSentAt?: string | null;
}

/** One case per step request: the id is derived from (instance, step, attempt), so a redelivered request finds it. */
export function caseIdFor(instanceId: string, stepId: string, attempt: number): string {
  return stepWorkIdFor('police-case', instanceId, stepId, attempt);
}

export class CaseAlreadyDecided extends StepWorkAlreadyDecided {
  constructor(readonly caseId: string) {
    super(`case ${caseId} is already decided`);
    this.name = 'CaseAlreadyDecided';
  }
}

/** The officer decides a pending case; a decided case never changes (a new attempt is a new case). */
export function decide(policeCase: PoliceCase, decision: Omit<PoliceDecision, 'decidedAt'>, now: Date): PoliceCase {
  return decideStepWork(policeCase, decision, now, (id) => new CaseAlreadyDecided(id));
}

/** The onboarding contract speaks approved/rejected/needs-info. */
export function stepOutcomeOf(outcome: PoliceOutcome): 'approved' | 'rejected' | 'needs-info' {
  return outcome === 'approve' ? 'approved' : outcome === 'reject' ? 'rejected' : 'needs-info';
}
