/**
 * A trygghetsvandrare / nattvandrare who signed up. Pure domain: the municipality's onboarding process (age check,
 * information meeting, record extract seen, agreement) decides; this service only records where the walker stands.
 */
export type VolunteerStatus = 'onboarding' | 'active' | 'rejected' | 'withdrawn' | 'erased';
export type Language = 'sv' | 'en';

/** Why a walker was erased: on their own request, or because the municipality's retention rules say so. */
export type ErasureReason = 'walker-request' | 'retention';

/** The audit of an erasure, kept in the (otherwise emptied) volunteer document: who, when, why. */
export interface Erasure {
  erasedAt: string;
  erasedBy: string;
  reason: ErasureReason;
}

export interface Volunteer {
  id: string;
  municipalityId: string;
  personId: string;
  /** Personal data: null once erased. */
  name: string | null;
  email: string | null;
  mobile: string | null;
  /** SMS only with a mobile. */
  smsOptIn: boolean;
  language: Language;
  birthYear: number | null;
  organisationId: string | null;
  status: VolunteerStatus;
  statusReason: string | null;
  signedUpAt: string;
  decidedAt: string | null;
  erasure: Erasure | null;
}

export type OnboardingOutcome = 'approved' | 'rejected' | 'withdrawn';

const statusFor: Record<OnboardingOutcome, VolunteerStatus> = { approved: 'active', rejected: 'rejected', withdrawn: 'withdrawn' };

/**
 * The walker's status after their onboarding ended; a decided walker is not changed again (events may repeat), nor is
 * an erased one (their onboarding may still end after the erasure).
 */
export function applyOnboardingOutcome(
  volunteer: Volunteer,
  outcome: OnboardingOutcome,
  reason: string | null,
  now: Date,
): Volunteer | 'already-decided' {
  if (volunteer.status !== 'onboarding') return 'already-decided';
  return { ...volunteer, status: statusFor[outcome], statusReason: reason, decidedAt: now.toISOString() };
}

/**
 * Forgets everything personal about the walker — name, contact details, birth year, organisation and the
 * (staff-written) status reason — and keeps only ids, dates and the audit of who erased them, when and why.
 */
export function eraseVolunteer(volunteer: Volunteer, erasedBy: string, reason: ErasureReason, now: Date): Volunteer | 'already-erased' {
  if (volunteer.erasure) return 'already-erased'; // (documents from before erasure existed have no field)
  return {
    ...volunteer,
    name: null,
    email: null,
    mobile: null,
    smsOptIn: false,
    birthYear: null,
    organisationId: null,
    status: 'erased',
    statusReason: null,
    erasure: { erasedAt: now.toISOString(), erasedBy, reason },
  };
}

/** An SMS choice needs a number to reach. */
export function smsOptInFor(mobile: string | null, wanted: boolean): boolean {
  return wanted && mobile !== null;
}

/** Plausible birth years: the age rule itself is the municipality's (onboarding's age-check step). */
export function isPlausibleBirthYear(year: number, now: Date): boolean {
  return Number.isInteger(year) && year >= now.getUTCFullYear() - 110 && year <= now.getUTCFullYear();
}

/**
 * This service's own rule on top of the platform's mobile rule (`normaliseMobile` in @trygg/values, which already
 * refuses landlines): walkers are reached on Swedish numbers only.
 */
export function isSwedishNumber(e164: string): boolean {
  return e164.startsWith('+46');
}
