import { validateFeedbackForm, validateSelfServiceForm } from './other-forms';

const person = { name: 'Bo Berg', email: 'bo@example.se', street: 'Ågatan', streetNumber: '3', postcode: '44930' };

describe('the self-service form', () => {
  it('reads the notification checkboxes whether posted once or several times', () => {
    const both = validateSelfServiceForm({ ...person, mobile: '0701234567', notifications: ['emailUpdates', 'sms'] });
    expect(both.ok && both.value).toMatchObject({ emailUpdates: true, smsOptIn: true, mobile: '+46701234567' });
    const one = validateSelfServiceForm({ ...person, notifications: 'emailUpdates' });
    expect(one.ok && one.value).toMatchObject({ emailUpdates: true, smsOptIn: false, mobile: null });
  });

  it('removes the mobile number when the field is emptied, and names the fields it rejects', () => {
    const result = validateSelfServiceForm({ ...person, email: 'nope', postcode: '1' });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['email', 'postcode']);
  });
});

describe('the accessibility feedback form', () => {
  it('needs a message and accepts an optional reply address', () => {
    expect(validateFeedbackForm({ feedback: ' Knappen syns dåligt ' })).toEqual({ ok: true, value: { feedback: 'Knappen syns dåligt' } });
    expect(validateFeedbackForm({ feedback: '' }).ok).toBe(false);
    const bad = validateFeedbackForm({ feedback: 'x', replyEmail: 'no' });
    expect(bad.ok ? [] : bad.errors).toEqual([{ field: 'replyEmail', key: 'errors.replyEmail.invalid' }]);
  });

  it('refuses a message over 2000 characters', () => {
    const result = validateFeedbackForm({ feedback: 'x'.repeat(2001) });
    expect(result.ok ? [] : result.errors).toEqual([{ field: 'feedback', key: 'errors.feedback.tooLong' }]);
  });
});
