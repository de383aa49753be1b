import { type FieldError } from './form-input';
import { normalisePostcode, validateMobile, validateRegistrationForm } from './registration-form';

const valid = {
  name: '  Anna   Andersson ',
  email: 'Anna@Example.SE',
  mobile: '',
  street: 'Storgatan',
  streetNumber: '12b',
  postcode: '46330',
  city: 'Lilla Edet',
  choice: 'join',
};

describe('the registration form', () => {
  it('accepts a complete answer and normalises it', () => {
    const result = validateRegistrationForm(valid);
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'Anna Andersson',
        email: 'anna@example.se',
        smsOptIn: false,
        street: 'Storgatan',
        streetNumber: '12B',
        postcode: '463 30',
        city: 'Lilla Edet',
        choice: 'join',
        protectedIdentity: false,
      },
    });
  });

  it('names every missing field, in the order of the form', () => {
    const result = validateRegistrationForm({});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['name', 'email', 'street', 'streetNumber', 'postcode', 'choice']);
    expect(result.errors[0]).toEqual({ field: 'name', key: 'errors.name.required' });
  });

  it('asks for a mobile number when SMS is chosen without one', () => {
    const result = validateRegistrationForm({ ...valid, smsOptIn: 'yes' });
    expect(result.ok ? [] : result.errors).toEqual([{ field: 'mobile', key: 'errors.mobile.requiredForSms' }]);
  });

  it('keeps the SMS choice and the protected-identity box only when ticked with "yes"', () => {
    const result = validateRegistrationForm({ ...valid, mobile: '070-123 45 67', smsOptIn: 'yes', protectedIdentity: 'yes' });
    expect(result.ok && result.value).toMatchObject({ mobile: '+46701234567', smsOptIn: true, protectedIdentity: true });
    const tricked = validateRegistrationForm({ ...valid, smsOptIn: ['yes', 'yes'], protectedIdentity: { a: 'yes' } });
    expect(tricked.ok && tricked.value).toMatchObject({ smsOptIn: false, protectedIdentity: false });
  });

  it('treats arrays, objects and numbers as no answer, never as a crash', () => {
    for (const body of [null, undefined, 'x', 42, [], { name: ['a', 'b'], email: { $gt: '' }, choice: ['join'] }]) {
      const result = validateRegistrationForm(body);
      expect(result.ok).toBe(false);
    }
  });

  it('rejects an unknown choice, a bad postcode, a bad street number and over-long or control-character text', () => {
    const result = validateRegistrationForm({
      ...valid,
      name: 'x'.repeat(101),
      street: 'Gatan\u0000',
      streetNumber: '12; DROP',
      postcode: '4633',
      choice: 'admin',
    });
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'name', key: 'errors.name.tooLong' },
      { field: 'street', key: 'errors.street.invalid' },
      { field: 'streetNumber', key: 'errors.streetNumber.invalid' },
      { field: 'postcode', key: 'errors.postcode.invalid' },
      { field: 'choice', key: 'errors.choice.required' },
    ]);
  });

  it('keeps HTML in an address as text: validation does not alter it (the page escapes it on output)', () => {
    const result = validateRegistrationForm({ ...valid, street: '<script>alert(1)</script>' });
    expect(result.ok && result.value.street).toBe('<script>alert(1)</script>');
  });

  it.each(['Logga in på https://bankid-verify.com', 'Anna bankid-verify.com', 'anna@example.se', 'Anna <a href="x">', 'www.example'])('refuses a name that looks like a link: %j', (name) => {
    const result = validateRegistrationForm({ ...valid, name });
    expect(!result.ok && result.errors).toEqual([{ field: 'name', key: 'errors.name.link' }]);
  });

  it.each(["Anna-Lena O'Brien", 'Zoë Ångström', 'Nguyễn Thị Minh', 'محمد الأحمد', 'J. R. Tolkien'])('accepts the name %j', (name) => {
    expect(validateRegistrationForm({ ...valid, name }).ok).toBe(true);
  });

  it('refuses a bidi override in a name', () => {
    const result = validateRegistrationForm({ ...valid, name: 'Anna \u202Emoc.dikab' });
    expect(!result.ok && result.errors).toEqual([{ field: 'name', key: 'errors.name.invalid' }]);
  });
});

describe('postcodes and mobile numbers', () => {
  it.each([
    ['463 30', '463 30'],
    ['46330', '463 30'],
    [' 463 30 ', '463 30'],
    ['4633', undefined],
    ['463-30', undefined],
    ['abc de', undefined],
  ])('postcode %j → %j', (input, expected) => expect(normalisePostcode(input)).toBe(expected));

  it.each([
    ['070-123 45 67', '+46701234567'],
    ['+46 70 123 45 67', '+46701234567'],
    ['0046701234567', '+46701234567'],
    ['+46 (0)70 123 45 67', '+46701234567'],
    ['+4915112345678', '+4915112345678'],
    ['12345', undefined],
    ['070 abc', undefined],
    ['+46 70 123 45 67 89 00', undefined],
    ['031-123 45 67', undefined], // a landline: no SMS can reach it
  ])('mobile %j → %j', (input, expected) => {
    const errors: FieldError[] = [];
    expect(validateMobile(input, false, errors)).toBe(expected);
    expect(errors).toEqual(expected ? [] : [{ field: 'mobile', key: 'errors.mobile.invalid' }]);
  });
});
