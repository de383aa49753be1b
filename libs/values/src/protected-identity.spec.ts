import { PROTECTED_PERSON, redactPerson, redactSubjectFields, seesProtectedIdentity } from './protected-identity';

describe('protected identity', () => {
  const row = { id: 'p1', name: 'Hemlig Hemligsson', email: 'hemlig@example.se', mobile: '+46701234567', street: 'Gömdavägen 7', status: 'pending' };

  it('only the protected-identity permission sees protected people in full', () => {
    expect(seesProtectedIdentity({ permissions: ['protected-identity'] })).toBe(true);
    expect(seesProtectedIdentity({ permissions: [] })).toBe(false);
    expect(seesProtectedIdentity(null)).toBe(false);
  });

  it('a protected person is "Skyddad person" without address, email or mobile; the rest of the row stays', () => {
    const out = redactPerson(row, true, false, { name: ['name'], clear: ['email', 'mobile', 'street'] });
    expect(out).toEqual({ id: 'p1', name: PROTECTED_PERSON, email: null, mobile: null, street: null, status: 'pending' });
    expect(JSON.stringify(out)).not.toMatch(/Hemlig|Gömda|example\.se|4670/);
    expect(row.name).toBe('Hemlig Hemligsson');
  });

  it('leaves the row as it is for a person who is not protected, and for a viewer with the permission', () => {
    expect(redactPerson(row, false, false, { name: ['name'], clear: ['email'] })).toBe(row);
    expect(redactPerson(row, true, true, { name: ['name'], clear: ['email'] })).toBe(row);
  });

  it('a missing name stays missing (nothing to say "Skyddad person" about)', () => {
    expect(redactPerson({ name: null as string | null }, true, false, { name: ['name'] })).toEqual({ name: null });
  });

  it('subject fields: every text field says "Skyddad person", numbers and booleans are kept', () => {
    const fields = { name: 'Hemlig Hemligsson', street: 'Gömdavägen 7', birthYear: 1980, adult: true };
    expect(redactSubjectFields(fields, true, false)).toEqual({ name: PROTECTED_PERSON, street: PROTECTED_PERSON, birthYear: 1980, adult: true });
    expect(redactSubjectFields(fields, true, true)).toBe(fields);
    expect(redactSubjectFields(fields, false, false)).toBe(fields);
  });
});
