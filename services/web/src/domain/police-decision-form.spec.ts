import { APPROVED_WITHOUT_REASON, validateDecisionForm } from './police-decision-form';

describe('the officer\'s decision form', () => {
  it('approves with or without a reason', () => {
    expect(validateDecisionForm({ outcome: 'approve', reason: ' Känd i området ' })).toEqual({ ok: true, value: { outcome: 'approve', reason: 'Känd i området' } });
    expect(validateDecisionForm({ outcome: 'approve', reason: '' })).toEqual({ ok: true, value: { outcome: 'approve', reason: APPROVED_WITHOUT_REASON } });
  });

  it('requires a reason to reject or to ask for more information, naming the field', () => {
    expect(validateDecisionForm({ outcome: 'reject' })).toMatchObject({ ok: false, errors: [{ field: 'reason', key: 'errors.decision.reasonReject' }] });
    expect(validateDecisionForm({ outcome: 'needs-info', reason: '  ' })).toMatchObject({ ok: false, errors: [{ field: 'reason', key: 'errors.decision.reasonNeedsInfo' }] });
    expect(validateDecisionForm({ outcome: 'reject', reason: 'Förekommer i utredning' })).toEqual({ ok: true, value: { outcome: 'reject', reason: 'Förekommer i utredning' } });
  });

  it('refuses an unknown outcome, a posted array and a too long reason', () => {
    expect(validateDecisionForm({ outcome: 'maybe', reason: 'x' })).toMatchObject({ ok: false, errors: [{ field: 'outcome' }] });
    expect(validateDecisionForm({ outcome: ['approve', 'reject'] })).toMatchObject({ ok: false, errors: [{ field: 'outcome' }] });
    expect(validateDecisionForm({ outcome: 'reject', reason: 'x'.repeat(2001) })).toMatchObject({ ok: false, errors: [{ field: 'reason', key: 'errors.decision.reasonTooLong' }] });
  });
});
