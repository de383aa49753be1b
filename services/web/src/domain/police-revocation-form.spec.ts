import { validateRevocationForm } from './police-revocation-form';

describe('the officer\'s revocation form', () => {
  it('takes the trimmed reason', () => {
    expect(validateRevocationForm({ reason: '  Har flyttat  ', _csrf: 'x' })).toEqual({ ok: true, value: { reason: 'Har flyttat' } });
  });

  it('requires a reason: missing, blank, or not a single string', () => {
    for (const body of [{}, { reason: '   ' }, { reason: ['a', 'b'] }, null, 'reason=x']) {
      expect(validateRevocationForm(body)).toEqual({ ok: false, errors: [{ field: 'reason', key: 'errors.revocation.reasonRequired' }], values: { reason: '' } });
    }
  });

  it('refuses a reason over 2000 characters, keeping what was typed (bounded) for the form', () => {
    const result = validateRevocationForm({ reason: 'x'.repeat(5000) });
    expect(result).toMatchObject({ ok: false, errors: [{ field: 'reason', key: 'errors.decision.reasonTooLong' }] });
    expect(result.ok ? null : result.values['reason']).toHaveLength(4000);
    expect(validateRevocationForm({ reason: 'x'.repeat(2000) })).toMatchObject({ ok: true });
  });
});
