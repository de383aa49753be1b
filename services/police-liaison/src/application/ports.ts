import type { StepWorkStore } from '@trygg/step-worker';
import type { AuditEntry } from '@trygg/audit';
import type { AuditLog } from '@trygg/values';
import type { PoliceCase } from '../domain/police-case';

/** Cases, scoped by police area: another area's case is not found. */
export type CaseStore = StepWorkStore<PoliceCase>;

/** The hash-chained audit trail of decisions (@trygg/audit; the officer from the token is the actor). */
export type DecisionAudit = AuditLog<AuditEntry>;
/** DI token of the `DecisionAudit` (also what `GET /audit` reads: it has the trail's `find`). */
export const DECISION_AUDIT = Symbol('DecisionAudit');

export interface PoliceAreaDirectory {
  /** The police area of a municipality when the request names none. */
  defaultAreaOf(municipalityId: string): string | undefined;
}
