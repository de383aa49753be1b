import { createHash } from 'node:crypto';

/**
 * A police-approval case: one onboarding step request (instance, step, attempt) waiting for the community police
 * officer of a police area. Pure domain: no framework, no database.
 */
export type PoliceOutcome = 'approve' | 'reject' | 'needs-info';

export interface CaseSubject {
  kind: 'member' | 'contact-person' | 'volunteer';
  id: string;
  personId: string;
}

export interface PoliceDecision {
  outcome: PoliceOutcome;
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

export interface PoliceCase {
  id: string;
  municipalityId: string;
  policeAreaId: string;
  instanceId: string;
  stepId: string;
  stepType: string;
  attempt: number;
  subject: CaseSubject;
  /** Only the subject fields the municipality's process declared for this step (e.g. name). */
  subjectFields: Record<string, string | number | boolean>;
  dueAt: string | null;
  status: 'pending' | 'decided';
  decision: PoliceDecision | null;
  openedAt: string;
}

/** One case per step request: the id is derived from (instance, step, attempt), so a redelivered request finds it. */
export function caseIdFor(instanceId: string, stepId: string, attempt: number): string {
  const h = createHash('sha256').update(`police-case:${instanceId}:${stepId}:${attempt}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class CaseAlreadyDecided extends Error {
  constructor(readonly caseId: string) {
    super(`case ${caseId} is already decided`);
    this.name = 'CaseAlreadyDecided';
  }
}

/** The officer decides a pending case; a decided case never changes (a new attempt is a new case). */
export function decide(policeCase: PoliceCase, decision: Omit<PoliceDecision, 'decidedAt'>, now: Date): PoliceCase {
  if (policeCase.status !== 'pending') throw new CaseAlreadyDecided(policeCase.id);
  return { ...policeCase, status: 'decided', decision: { ...decision, decidedAt: now.toISOString() } };
}

/** The onboarding contract speaks approved/rejected/needs-info. */
export function stepOutcomeOf(outcome: PoliceOutcome): 'approved' | 'rejected' | 'needs-info' {
  return outcome === 'approve' ? 'approved' : outcome === 'reject' ? 'rejected' : 'needs-info';
}
