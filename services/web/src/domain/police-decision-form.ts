import { asFormBody, type FieldError, text, type Validated } from './form-input';

export type DecisionOutcome = 'approve' | 'reject' | 'needs-info';
const OUTCOMES: readonly DecisionOutcome[] = ['approve', 'reject', 'needs-info'];

/** The longest reason police-liaison accepts. */
export const DECISION_REASON_MAX = 2000;

/** What police-liaison records as the reason when an officer approves without writing one. */
export const APPROVED_WITHOUT_REASON = 'Godkänd';

export interface DecisionForm {
  outcome: DecisionOutcome;
  reason: string;
}

/**
 * The officer's decision on a case: one of the outcomes police-liaison accepts; a reason is required to reject or to
 * ask for more information (the person and the coordinator read it), optional to approve.
 */
export function validateDecisionForm(input: unknown): Validated<DecisionForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const outcome = OUTCOMES.find((o) => o === text(body, 'outcome'));
  const reason = text(body, 'reason');
  if (!outcome) errors.push({ field: 'outcome', key: 'errors.decision.outcome' });
  if (reason.length > DECISION_REASON_MAX) errors.push({ field: 'reason', key: 'errors.decision.reasonTooLong' });
  else if (!reason && outcome && outcome !== 'approve') errors.push({ field: 'reason', key: outcome === 'reject' ? 'errors.decision.reasonReject' : 'errors.decision.reasonNeedsInfo' });
  if (errors.length || !outcome) return { ok: false, errors, values: { outcome: outcome ?? '', reason: reason.slice(0, DECISION_REASON_MAX * 2) } };
  return { ok: true, value: { outcome, reason: reason || APPROVED_WITHOUT_REASON } };
}
