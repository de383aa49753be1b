import type { EventEnvelope } from '@trygg/contracts';
import type { StepWorkStore } from '@trygg/step-worker';
import type { AuditEntry } from '@trygg/audit';
import type { AuditLog } from '@trygg/values';
import type { PoliceCase } from '../domain/police-case';

/** Cases, scoped by police area: another area's case is not found. */
export interface CaseStore extends StepWorkStore<PoliceCase>, OverdueCases, DecidedCases {
  /**
   * Writes a revocation (the new standing decision and the history) and its events in one update, if nobody wrote
   * since `expectedVersion`: of two officers revoking at once, one write matches (the other reads again and is refused).
   */
  saveRevocation(policeCase: PoliceCase, expectedVersion: number, events: EventEnvelope[]): Promise<boolean>;
}

/** The housekeeping's view of the cases: those past their target without a reminder, and the one reminder each. */
export interface OverdueCases {
  /** Pending cases of the municipality opened at or before `openedAtOrBefore` whose reminder has not gone out, oldest first. */
  overdueWithoutReminder(municipalityId: string, openedAtOrBefore: string, limit: number): Promise<PoliceCase[]>;
  /**
   * Records the reminder and its events in one conditional single-document update (`overdueReminderSentAt: null → at`,
   * only while the case is pending): true for the one writer that set it, false for every other (another instance, a
   * later round, a case decided meanwhile).
   */
  markReminderSent(caseId: string, at: string, events: EventEnvelope[]): Promise<boolean>;
}

/** Decided cases of a police area (the officer's overview: how long decisions took). */
export interface DecidedCases {
  /** Cases of the area decided at or after `since` (ISO time). */
  decidedSince(policeAreaId: string, since: string): Promise<PoliceCase[]>;
}

/** The hash-chained audit trail of decisions (@trygg/audit; the officer from the token is the actor). */
export type DecisionAudit = AuditLog<AuditEntry>;
/** DI token of the `DecisionAudit` (also what `GET /audit` reads: it has the trail's `find`). */
export const DECISION_AUDIT = Symbol('DecisionAudit');

export interface PoliceAreaDirectory {
  /** The police area of a municipality when the request names none. */
  defaultAreaOf(municipalityId: string): string | undefined;
}

/** Each municipality's approval target (`municipality.yaml` `police.approvalTargetDays`) and time zone. */
export interface ApprovalTargets {
  /** Every municipality with a target (the housekeeping looks for overdue cases in each). */
  municipalityIds(): string[];
  /** Days a case may wait for the officer's decision; the default (14) for an unknown municipality. */
  targetDaysOf(municipalityId: string): number;
  /** The municipality's time zone (its calendar year); Europe/Stockholm for an unknown one. */
  timeZoneOf(municipalityId: string): string;
}
