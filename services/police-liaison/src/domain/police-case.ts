import { decideStepWork, type StepWork, StepWorkAlreadyDecided, stepWorkIdFor } from '@trygg/step-worker';

/**
 * A police-approval case: one onboarding step request (instance, step, attempt) waiting for the community police
 * officer of a police area. Pure domain: no framework, no database.
 */
export type PoliceOutcome = 'approve' | 'reject' | 'needs-info';
/** What a case's decision can say: one of the officer's first decisions, or `revoked` (a later decision on an approval). */
export type RecordedOutcome = PoliceOutcome | 'revoked';

export interface PoliceDecision {
  outcome: RecordedOutcome;
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
  /**
   * The decisions the standing `decision` replaced, oldest first: a decision is never edited, so a revocation is a
   * new decision and the approval it revokes moves here. Absent on a case with only one decision (or none).
   */
  decisionHistory?: PoliceDecision[];
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

/** A revocation needs an approved case: pending, rejected, needs-info or an already revoked case is refused. */
export class CaseNotApproved extends Error {
  constructor(
    readonly caseId: string,
    readonly outcome: RecordedOutcome | null,
  ) {
    super(outcome === 'revoked' ? `case ${caseId} is revoked already` : `case ${caseId} is not approved (${outcome ?? 'pending'})`);
    this.name = 'CaseNotApproved';
  }
}

/**
 * The officer revokes an approved case: a new decision (`revoked`, with its own reason, officer and time) stands, and
 * the approval moves to the history unchanged. Only an approved case can be revoked, once.
 */
export function revoke(policeCase: PoliceCase, revocation: { reason: string; decidedBy: string }, now: Date): PoliceCase {
  const standing = policeCase.decision;
  if (policeCase.status !== 'decided' || standing?.outcome !== 'approve') throw new CaseNotApproved(policeCase.id, standing?.outcome ?? null);
  return {
    ...policeCase,
    decision: { outcome: 'revoked', reason: revocation.reason, decidedBy: revocation.decidedBy, decidedAt: now.toISOString() },
    decisionHistory: [...(policeCase.decisionHistory ?? []), standing],
  };
}
