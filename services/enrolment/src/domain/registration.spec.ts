import { hasControlCharacters, normaliseEmail, normaliseName, submitRegistration } from './registration';

describe('a registration', () => {
  it('starts as submitted, with the name tidied and the email lower-cased', () => {
    const registration = submitRegistration(
      { municipalityId: 'ale', name: '  Anna   Andersson ', email: ' Anna@Example.SE ', language: 'sv' },
      { registrationId: 'r1', personId: 'p1' },
      new Date('2026-11-26T10:00:00Z'),
    );
    expect(registration).toEqual({
      id: 'r1',
      personId: 'p1',
      municipalityId: 'ale',
      name: 'Anna Andersson',
      email: 'anna@example.se',
      language: 'sv',
      status: 'submitted',
      submittedAt: new Date('2026-11-26T10:00:00Z'),
    });
  });

  it('keeps Swedish letters and composes them to one form', () => {
    expect(normaliseName('Åsa O\u0308berg')).toBe('Åsa Öberg');
    expect(normaliseEmail('Örjan@Exempel.se')).toBe('örjan@exempel.se');
  });

  it('recognises control characters but not ordinary text', () => {
    expect(hasControlCharacters('Anna\u0000')).toBe(true);
    expect(hasControlCharacters('Anna\nAndersson')).toBe(true);
    expect(hasControlCharacters('Anna-Lena Ågren <b>')).toBe(false);
  });
});
