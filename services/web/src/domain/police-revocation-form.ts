import { asFormBody, type FieldError, text, type Validated } from './form-input';
import { DECISION_REASON_MAX } from './police-decision-form';

/**
 * The officer's revocation of an approved case: the reason is required (the contact person and the coordinator read
 * it) and at most as long as any decision's reason.
 */
export function validateRevocationForm(input: unknown): Validated<{ reason: string }> {
  const reason = text(asFormBody(input), 'reason');
  const errors: FieldError[] = [];
  if (!reason) errors.push({ field: 'reason', key: 'errors.revocation.reasonRequired' });
  else if (reason.length > DECISION_REASON_MAX) errors.push({ field: 'reason', key: 'errors.decision.reasonTooLong' });
  if (errors.length) return { ok: false, errors, values: { reason: reason.slice(0, DECISION_REASON_MAX * 2) } };
  return { ok: true, value: { reason } };
}
