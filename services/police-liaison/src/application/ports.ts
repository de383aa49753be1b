import type { EventEnvelope } from '@trygg/contracts';
import type { StepWorkStore } from '@trygg/step-worker';
import type { AuditEntry } from '@trygg/audit';
import type { AuditLog } from '@trygg/values';
import type { PoliceCase } from '../domain/police-case';

/** Cases, scoped by police area: another area's case is not found. */
export interface CaseStore extends StepWorkStore<PoliceCase> {
  /**
   * Writes a revocation (the new standing decision and the history) and its events in one update, if nobody wrote
   * since `expectedVersion`: of two officers revoking at once, one write matches (the other reads again and is refused).
   */
  saveRevocation(policeCase: PoliceCase, expectedVersion: number, events: EventEnvelope[]): Promise<boolean>;
}

/** The hash-chained audit trail of decisions (@trygg/audit; the officer from the token is the actor). */
export type DecisionAudit = AuditLog<AuditEntry>;
/** DI token of the `DecisionAudit` (also what `GET /audit` reads: it has the trail's `find`). */
export const DECISION_AUDIT = Symbol('DecisionAudit');

export interface PoliceAreaDirectory {
  /** The police area of a municipality when the request names none. */
  defaultAreaOf(municipalityId: string): string | undefined;
}
