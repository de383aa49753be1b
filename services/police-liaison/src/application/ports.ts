import type { StepWorkStore } from '@trygg/step-worker';
import type { AuditLog } from '@trygg/values';
import type { PoliceCase, PoliceOutcome } from '../domain/police-case';

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
