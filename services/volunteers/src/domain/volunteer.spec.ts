import { applyOnboardingOutcome, isPlausibleBirthYear, type Volunteer } from './volunteer';

const walker: Volunteer = {
  id: 'v1',
  municipalityId: 'ale',
  personId: 'p1',
  name: 'Vera Vandrare',
  email: 'vera@example.se',
  birthYear: 1980,
  organisationId: null,
  status: 'onboarding',
  statusReason: null,
  signedUpAt: '2026-11-01T10:00:00.000Z',
  decidedAt: null,
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
});
