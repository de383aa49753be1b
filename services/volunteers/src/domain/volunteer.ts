/**
 * A trygghetsvandrare / nattvandrare who signed up. Pure domain: the municipality's onboarding process (age check,
 * information meeting, record extract seen, agreement) decides; this service only records where the walker stands.
 */
export type VolunteerStatus = 'onboarding' | 'active' | 'rejected' | 'withdrawn';

export interface Volunteer {
  id: string;
  municipalityId: string;
  personId: string;
  name: string;
  email: string;
  birthYear: number;
  organisationId: string | null;
  status: VolunteerStatus;
  statusReason: string | null;
  signedUpAt: string;
  decidedAt: string | null;
}

export type OnboardingOutcome = 'approved' | 'rejected' | 'withdrawn';

const statusFor: Record<OnboardingOutcome, VolunteerStatus> = { approved: 'active', rejected: 'rejected', withdrawn: 'withdrawn' };

/** The walker's status after their onboarding ended; a decided walker is not changed again (events may repeat). */
export function applyOnboardingOutcome(
  volunteer: Volunteer,
  outcome: OnboardingOutcome,
  reason: string | null,
  now: Date,
): Volunteer | 'already-decided' {
  if (volunteer.status !== 'onboarding') return 'already-decided';
  return { ...volunteer, status: statusFor[outcome], statusReason: reason, decidedAt: now.toISOString() };
}

/** Plausible birth years: the age rule itself is the municipality's (onboarding's age-check step). */
export function isPlausibleBirthYear(year: number, now: Date): boolean {
  return Number.isInteger(year) && year >= now.getUTCFullYear() - 110 && year <= now.getUTCFullYear();
}
