import {
  applyOnboardingOutcome,
  confirmSignUp,
  eraseVolunteer,
  isPlausibleBirthYear,
  isSwedishNumber,
  linkIssued,
  newSignUp,
  signUpAgain,
  smsOptInFor,
  unconfirmedPurgeDueAt,
  type Volunteer,
} from './volunteer';

const walker: Volunteer = {
  id: 'v1',
  municipalityId: 'ale',
  personId: 'p1',
  name: 'Vera Vandrare',
  email: 'vera@example.se',
  mobile: '+46701234567',
  smsOptIn: true,
  language: 'sv',
  birthYear: 1980,
  organisationId: null,
  status: 'onboarding',
  statusReason: null,
  signedUpAt: '2026-11-01T10:00:00.000Z',
  decidedAt: null,
  erasure: null,
};
const now = new Date('2026-11-26T10:00:00Z');

describe('a volunteer', () => {
  it('becomes active when their onboarding is approved', () => {
    expect(applyOnboardingOutcome(walker, 'approved', null, now)).toMatchObject({ status: 'active', decidedAt: now.toISOString() });
  });

  it('keeps the reason when their onboarding is rejected or withdrawn', () => {
    expect(applyOnboardingOutcome(walker, 'rejected', 'Under 20 år', now)).toMatchObject({ status: 'rejected', statusReason: 'Under 20 år' });
    expect(applyOnboardingOutcome(walker, 'withdrawn', null, now)).toMatchObject({ status: 'withdrawn' });
  });

  it('is not changed again once decided', () => {
    expect(applyOnboardingOutcome({ ...walker, status: 'active' }, 'rejected', 'late', now)).toBe('already-decided');
  });

  it('accepts only plausible birth years', () => {
    expect(isPlausibleBirthYear(1950, now)).toBe(true);
    expect(isPlausibleBirthYear(1900, now)).toBe(false);
    expect(isPlausibleBirthYear(2030, now)).toBe(false);
    expect(isPlausibleBirthYear(1980.5, now)).toBe(false);
  });

  it('is forgotten when erased: no name, contact details, birth year, languages, availability, reason or training, only ids, dates and the audit', () => {
    const qualifications = { basicTrainingAt: now.toISOString(), guardianConsentAt: null, recordedBy: 'dev:ale' };
    const given = { spokenLanguages: ['sv', 'ar'], otherLanguages: 'tyska', availability: ['friday'] };
    const erased = eraseVolunteer({ ...walker, ...given, status: 'rejected', statusReason: 'Under 20 år', qualifications }, 'dev:ale', 'walker-request', now);
    expect(erased).toEqual({
      ...walker,
      name: null,
      email: null,
      mobile: null,
      smsOptIn: false,
      birthYear: null,
      organisationId: null,
      spokenLanguages: [],
      otherLanguages: null,
      availability: [],
      status: 'erased',
      statusReason: null,
      qualifications: null,
      erasure: { erasedAt: now.toISOString(), erasedBy: 'dev:ale', reason: 'walker-request' },
    });
  });

  it('is erased once: erasing again changes nothing', () => {
    const erased = eraseVolunteer(walker, 'dev:ale', 'retention', now) as Volunteer;
    expect(eraseVolunteer(erased, 'dev:ale', 'retention', new Date('2027-01-01T00:00:00Z'))).toBe('already-erased');
  });

  it('is not given a status by an onboarding that ends after the erasure', () => {
    const erased = eraseVolunteer(walker, 'dev:ale', 'walker-request', now) as Volunteer;
    expect(applyOnboardingOutcome(erased, 'approved', null, now)).toBe('already-decided');
  });

  it('gets SMS only with a mobile number', () => {
    expect(smsOptInFor('+46701234567', true)).toBe(true);
    expect(smsOptInFor(null, true)).toBe(false);
    expect(smsOptInFor('+46701234567', false)).toBe(false);
  });

  it('recognises Swedish numbers, not foreign ones', () => {
    expect(isSwedishNumber('+46701234567')).toBe(true);
    expect(isSwedishNumber('+46761234567')).toBe(true);
    expect(isSwedishNumber('+4520123456')).toBe(false);
  });
});

describe('a sign-up (double opt-in)', () => {
  const t0 = new Date('2026-11-01T10:00:00Z');
  const details = {
    municipalityId: 'ale', name: 'Vera', email: 'vera@example.se', mobile: null, smsOptIn: true, language: 'sv' as const, birthYear: 1980, organisationId: null,
    spokenLanguages: ['sv'], otherLanguages: null, availability: ['friday'],
  };
  const fresh = newSignUp({ id: 'v1', personId: 'p1' }, details, t0);
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  it('starts unconfirmed, with the request time and no SMS without a number', () => {
    expect(fresh).toMatchObject({ status: 'unconfirmed', smsOptIn: false, confirmation: { requestedAt: t0.toISOString(), linkExpiresAt: null, confirmedAt: null } });
  });

  it('the same address again: the latest details count; a new email only after five minutes', () => {
    const soon = signUpAgain(fresh, { ...details, name: 'Vera V', mobile: '+46701234567', spokenLanguages: ['sv', 'fi'], availability: ['daytime'] }, at(4));
    expect(soon).toMatchObject({
      mail: false,
      next: { name: 'Vera V', mobile: '+46701234567', smsOptIn: true, spokenLanguages: ['sv', 'fi'], availability: ['daytime'], confirmation: { requestedAt: t0.toISOString() } },
    });
    expect(signUpAgain(fresh, details, at(5))).toMatchObject({ mail: true, next: { confirmation: { requestedAt: at(5).toISOString() } } });
    expect(signUpAgain({ ...fresh, status: 'onboarding' }, details, at(60))).toBe('unchanged');
  });

  it('is confirmed once; an erased one cannot be', () => {
    const confirmed = confirmSignUp(fresh, at(10));
    expect(confirmed).toMatchObject({ status: 'onboarding', confirmation: { confirmedAt: at(10).toISOString() } });
    expect(confirmSignUp(confirmed as Volunteer, at(11))).toBe('already-confirmed');
    expect(confirmSignUp({ ...fresh, status: 'erased' }, at(11))).toBe('erased');
  });

  it('is due for the purge 7 days after the request (or the latest link) plus the grace days, never once confirmed', () => {
    expect(unconfirmedPurgeDueAt(fresh, 14)?.toISOString()).toBe('2026-11-22T10:00:00.000Z');
    const later = linkIssued(fresh, new Date('2026-11-12T10:00:00Z'));
    expect(unconfirmedPurgeDueAt(later, 14)?.toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(linkIssued(later, new Date('2026-11-05T10:00:00Z'))).toBe(later); // an earlier link changes nothing
    expect(unconfirmedPurgeDueAt(confirmSignUp(fresh, at(1)) as Volunteer, 14)).toBeNull();
  });
});
