import { validateWalkerForm } from './walker-form';

const now = new Date('2026-12-01T10:00:00Z');
const valid = { name: ' Vera  Vandrare ', email: 'Vera@Example.se', birthYear: '1980', mobile: '', language: 'en' };

describe('the walker sign-up form', () => {
  it('accepts a valid sign-up: name tidied, email lower case, the chosen language, no mobile', () => {
    expect(validateWalkerForm(valid, 'sv', now)).toEqual({
      ok: true,
      value: { name: 'Vera Vandrare', email: 'vera@example.se', smsOptIn: false, birthYear: 1980, language: 'en', spokenLanguages: [], availability: [] },
    });
  });

  it('takes a Swedish mobile written any common way, and the SMS choice with it', () => {
    const result = validateWalkerForm({ ...valid, mobile: '070-123 45 67', smsOptIn: 'yes' }, 'sv', now);
    expect(result).toMatchObject({ ok: true, value: { mobile: '+46701234567', smsOptIn: true } });
  });

  it('uses the page language when none is chosen', () => {
    expect(validateWalkerForm({ ...valid, language: '' }, 'sv', now)).toMatchObject({ ok: true, value: { language: 'sv' } });
  });

  it('names every bad field and keeps what was typed', () => {
    const result = validateWalkerForm({ name: '', email: 'nope', birthYear: '80', mobile: '+47 412 34 567', smsOptIn: 'yes', language: 'de' }, 'sv', now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'name', key: 'errors.name.required' },
      { field: 'email', key: 'errors.email.invalid' },
      { field: 'mobile', key: 'errors.mobile.notSwedish' },
      { field: 'birthYear', key: 'errors.birthYear.invalid' },
      { field: 'language', key: 'errors.language.invalid' },
    ]);
    expect(result.values).toMatchObject({ email: 'nope', birthYear: '80', mobile: '+47 412 34 567', smsOptIn: true });
  });

  it('refuses a missing or implausible birth year, SMS without a number, a landline, a control character in the name', () => {
    const keys = (input: Record<string, string>) => {
      const r = validateWalkerForm({ ...valid, ...input }, 'sv', now);
      return r.ok ? [] : r.errors.map((e) => e.key);
    };
    expect(keys({ birthYear: '' })).toEqual(['errors.birthYear.required']);
    expect(keys({ birthYear: '1900' })).toEqual(['errors.birthYear.invalid']);
    expect(keys({ birthYear: '2027' })).toEqual(['errors.birthYear.invalid']);
    expect(keys({ smsOptIn: 'yes' })).toEqual(['errors.mobile.requiredForSms']);
    expect(keys({ mobile: '031-12 34 56' })).toEqual(['errors.mobile.invalid']);
    expect(keys({ name: 'Vera\u0007' })).toEqual(['errors.name.invalid']);
  });

  const organisations = ['ale-trygghetsvandrare', 'nattvandrarna-ale'];

  it('takes one of the municipality\'s organisations, the ticked languages (one or several), other languages and availability', () => {
    const result = validateWalkerForm(
      { ...valid, organisationId: 'nattvandrarna-ale', spokenLanguages: ['sv', 'ar'], otherLanguages: '  tyska,   bosniska ', availability: 'friday' },
      'sv',
      now,
      organisations,
    );
    expect(result).toMatchObject({ ok: true, value: { organisationId: 'nattvandrarna-ale', spokenLanguages: ['sv', 'ar'], otherLanguages: 'tyska, bosniska', availability: ['friday'] } });
  });

  it('requires an organisation when the municipality has some, and refuses one not in its list', () => {
    const keys = (input: Record<string, unknown>) => {
      const r = validateWalkerForm({ ...valid, ...input }, 'sv', now, organisations);
      return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.key}`);
    };
    expect(keys({})).toEqual(['organisationId:errors.organisationId.required']);
    expect(keys({ organisationId: 'ifk-trollhattan' })).toEqual(['organisationId:errors.organisationId.invalid']);
    // A municipality without walker organisations: none asked for.
    expect(validateWalkerForm(valid, 'sv', now, [])).toMatchObject({ ok: true });
  });

  it('names a language or time not in the list, and other languages that are too long or hold a link; keeps the ticks for the re-render', () => {
    const result = validateWalkerForm(
      { ...valid, organisationId: 'nattvandrarna-ale', spokenLanguages: ['sv', 'klingon'], otherLanguages: 'se www.example.se', availability: ['friday', 'sunday'] },
      'sv',
      now,
      organisations,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'spokenLanguages', key: 'errors.spokenLanguages.invalid' },
      { field: 'otherLanguages', key: 'errors.otherLanguages.invalid' },
      { field: 'availability', key: 'errors.availability.invalid' },
    ]);
    expect(result.values).toMatchObject({ organisationId: 'nattvandrarna-ale', 'spokenLanguages.sv': true, 'availability.friday': true });
    const long = validateWalkerForm({ ...valid, otherLanguages: 'x'.repeat(101) }, 'sv', now);
    expect(long.ok ? [] : long.errors.map((e) => e.key)).toEqual(['errors.otherLanguages.tooLong']);
  });
});
