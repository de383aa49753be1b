import type { AuditEntry } from '@trygg/audit';
import type { StepWorkStore } from '@trygg/step-worker';
import type { AuditLog } from '@trygg/values';
import type { Review } from '../domain/review';

/** Reviews, scoped to one municipality: another municipality's review is not found. */
export type ReviewStore = StepWorkStore<Review>;

export interface PluginIdentity {
  /** The step type this plug-in does (what the municipality's definition declares under plugins). */
  stepType: string;
  /** The actor id it answers with (the definition's plugins.<type>.sender). */
  sender: string;
}

/** The hash-chained audit trail of decisions (@trygg/audit; the reviewer from the token is the actor). */
export type DecisionAudit = AuditLog<AuditEntry>;
/** DI token of the `DecisionAudit` (also what `GET /audit` reads: it has the trail's `find`). */
export const DECISION_AUDIT = Symbol('DecisionAudit');
