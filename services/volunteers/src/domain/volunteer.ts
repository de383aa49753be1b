/**
 * A trygghetsvandrare / nattvandrare who signed up. Pure domain: the municipality's onboarding process (age check,
 * information meeting, record extract seen, agreement) decides; this service only records where the walker stands.
 * A sign-up is `unconfirmed` until the person opens the link of the confirmation email (double opt-in); only then
 * does their onboarding start and notifications learn their mobile number.
 */
export type VolunteerStatus = 'unconfirmed' | 'onboarding' | 'active' | 'rejected' | 'withdrawn' | 'erased';
export type Language = 'sv' | 'en';

/**
 * Why a walker was erased: on their own request, because the municipality's retention rules say so, or a sign-up
 * never confirmed (housekeeping `purge-unconfirmed`).
 */
export type ErasureReason = 'walker-request' | 'retention' | 'unconfirmed';

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
  /**
   * The double opt-in. `requestedAt`: the latest confirmation email asked for (sign-up, or the same address again a
   * few minutes later); `linkExpiresAt`: the latest expiry of a link issued for it; `confirmedAt`: when the link was
   * confirmed. Absent on walkers signed up before the double opt-in (they count as confirmed).
   */
  confirmation?: Confirmation;
  decidedAt: string | null;
  erasure: Erasure | null;
  /**
   * What the coordinator recorded for the walks' composition rules: basic training done, a guardian's consent (youth
   * walkers). Absent: neither. Nulled by the erasure.
   */
  qualifications?: Qualifications | null;
  /** Languages spoken (ISO 639-1 codes of the form's list) and others as the walker wrote them. Absent on older sign-ups. */
  spokenLanguages?: string[];
  otherLanguages?: string | null;
  /** When the walker can usually walk (`weekday-evenings`, `friday`, `saturday`, `daytime`). Absent on older sign-ups. */
  availability?: string[];
  /**
   * The onboarding step the walker waits at, as onboarding last requested it (`onboarding.step-requested.v1`), for the
   * coordinator's list. Absent: none requested yet. Only meaningful while `onboarding`.
   */
  onboardingStep?: OnboardingStep | null;
}

export interface OnboardingStep {
  stepId: string;
  stepType: string;
  attempt: number;
  requestedAt: string;
}

export interface Qualifications {
  basicTrainingAt: string | null;
  guardianConsentAt: string | null;
  recordedBy: string;
}

export interface Confirmation {
  requestedAt: string;
  linkExpiresAt: string | null;
  confirmedAt: string | null;
}

/** How long a confirmation link works (as enrolment's confirmation links). */
export const CONFIRMATION_LINK_VALIDITY_DAYS = 7;
/** At most one confirmation email per sign-up per this long, however often the same address is posted. */
export const CONFIRMATION_RESEND_INTERVAL_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** What the sign-up form holds, as validated (name trimmed, email lower case, mobile E.164 or null). */
export interface SignUpDetails {
  municipalityId: string;
  name: string;
  email: string;
  mobile: string | null;
  smsOptIn: boolean;
  language: Language;
  birthYear: number;
  organisationId: string | null;
  spokenLanguages: string[];
  otherLanguages: string | null;
  availability: string[];
}

/** A new sign-up: unconfirmed, a confirmation email requested now. */
export function newSignUp(ids: { id: string; personId: string }, details: SignUpDetails, now: Date): Volunteer {
  return {
    ...ids,
    ...details,
    smsOptIn: smsOptInFor(details.mobile, details.smsOptIn),
    status: 'unconfirmed',
    statusReason: null,
    signedUpAt: now.toISOString(),
    confirmation: { requestedAt: now.toISOString(), linkExpiresAt: null, confirmedAt: null },
    decidedAt: null,
    erasure: null,
  };
}

/**
 * The same address signs up again before confirming: the latest form's details count (a typo corrected), and a new
 * confirmation email is asked for only when the last one was asked for at least `CONFIRMATION_RESEND_INTERVAL_MS`
 * ago. `mail` says whether to send one. Anything but an unconfirmed sign-up is left alone.
 */
export function signUpAgain(volunteer: Volunteer, details: SignUpDetails, now: Date): { next: Volunteer; mail: boolean } | 'unchanged' {
  if (volunteer.status !== 'unconfirmed' || !volunteer.confirmation) return 'unchanged';
  const mail = now.getTime() - Date.parse(volunteer.confirmation.requestedAt) >= CONFIRMATION_RESEND_INTERVAL_MS;
  const next: Volunteer = {
    ...volunteer,
    name: details.name,
    mobile: details.mobile,
    smsOptIn: smsOptInFor(details.mobile, details.smsOptIn),
    language: details.language,
    birthYear: details.birthYear,
    organisationId: details.organisationId,
    spokenLanguages: details.spokenLanguages,
    otherLanguages: details.otherLanguages,
    availability: details.availability,
    confirmation: mail ? { ...volunteer.confirmation, requestedAt: now.toISOString() } : volunteer.confirmation,
  };
  return { next, mail };
}

/** A confirmation link was issued for the sign-up: the latest expiry counts (for the purge). */
export function linkIssued(volunteer: Volunteer, expiresAt: Date): Volunteer {
  if (!volunteer.confirmation) return volunteer;
  const current = volunteer.confirmation.linkExpiresAt ? Date.parse(volunteer.confirmation.linkExpiresAt) : 0;
  if (current >= expiresAt.getTime()) return volunteer;
  return { ...volunteer, confirmation: { ...volunteer.confirmation, linkExpiresAt: expiresAt.toISOString() } };
}

export function confirmationLinkExpiry(now: Date): Date {
  return new Date(now.getTime() + CONFIRMATION_LINK_VALIDITY_DAYS * DAY_MS);
}

/**
 * The person opened the link and confirmed: the walker is signed up and their onboarding starts. Confirming again
 * changes nothing (`already-confirmed`); an erased sign-up cannot be confirmed.
 */
export function confirmSignUp(volunteer: Volunteer, now: Date): Volunteer | 'already-confirmed' | 'erased' {
  if (volunteer.status === 'erased') return 'erased';
  if (volunteer.status !== 'unconfirmed' || !volunteer.confirmation) return 'already-confirmed';
  return { ...volunteer, status: 'onboarding', confirmation: { ...volunteer.confirmation, confirmedAt: now.toISOString() } };
}

/**
 * When a sign-up never confirmed is purged: `graceDays` after its confirmation link expired (counted from the latest
 * request, or from a link issued later than that, so nobody's data disappears while a link they were sent still
 * works). Null when it never is (confirmed, erased).
 */
export function unconfirmedPurgeDueAt(volunteer: Volunteer, graceDays: number): Date | null {
  if (volunteer.status !== 'unconfirmed' || !volunteer.confirmation) return null;
  const requested = Date.parse(volunteer.confirmation.requestedAt) + CONFIRMATION_LINK_VALIDITY_DAYS * DAY_MS;
  const issued = volunteer.confirmation.linkExpiresAt ? Date.parse(volunteer.confirmation.linkExpiresAt) : 0;
  return new Date(Math.max(requested, issued) + graceDays * DAY_MS);
}

export function isUnconfirmedPurgeDue(volunteer: Volunteer, graceDays: number, now: Date): boolean {
  const due = unconfirmedPurgeDueAt(volunteer, graceDays);
  return due !== null && due.getTime() <= now.getTime();
}

/**
 * Onboarding asked for a step of the walker's process: the walker now waits at it. Only while onboarding; a request
 * older than the one recorded (a redelivery) changes nothing.
 */
export function onboardingStepRequested(volunteer: Volunteer, step: OnboardingStep): Volunteer | 'unchanged' {
  if (volunteer.status !== 'onboarding') return 'unchanged';
  const current = volunteer.onboardingStep;
  if (current && Date.parse(current.requestedAt) > Date.parse(step.requestedAt)) return 'unchanged';
  if (current && current.stepId === step.stepId && current.attempt === step.attempt && current.requestedAt === step.requestedAt) return 'unchanged';
  return { ...volunteer, onboardingStep: step };
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
 * Forgets everything personal about the walker — name, contact details, birth year, organisation, languages,
 * availability and the (staff-written) status reason — and keeps only ids, dates and the audit of who erased them,
 * when and why.
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
    spokenLanguages: [],
    otherLanguages: null,
    availability: [],
    status: 'erased',
    statusReason: null,
    qualifications: null,
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

/**
 * The coordinator records (or withdraws) a walker's basic training and a guardian's consent. `unchanged` when both
 * are as recorded already; an erased walker cannot be changed.
 */
export function recordQualifications(
  volunteer: Volunteer,
  change: { basicTraining?: boolean | undefined; guardianConsent?: boolean | undefined },
  recordedBy: string,
  now: Date,
): Volunteer | 'unchanged' | 'erased' {
  if (volunteer.status === 'erased') return 'erased';
  const current = volunteer.qualifications ?? { basicTrainingAt: null, guardianConsentAt: null, recordedBy };
  const at = (wanted: boolean | undefined, was: string | null) => (wanted === undefined ? was : wanted ? (was ?? now.toISOString()) : null);
  const basicTrainingAt = at(change.basicTraining, current.basicTrainingAt);
  const guardianConsentAt = at(change.guardianConsent, current.guardianConsentAt);
  if (basicTrainingAt === current.basicTrainingAt && guardianConsentAt === current.guardianConsentAt && volunteer.qualifications) return 'unchanged';
  return { ...volunteer, qualifications: { basicTrainingAt, guardianConsentAt, recordedBy } };
}

/**
 * What the walks' composition rules know of the walker: active (onboarding approved), organisation (the municipality's
 * default when they named none), birth year, training and consent. Null for a walker with no birth year (erased).
 */
export function walkerFactsOf(volunteer: Volunteer, defaultOrganisation: string) {
  if (volunteer.birthYear === null) return null;
  return {
    volunteerId: volunteer.id,
    personId: volunteer.personId,
    organisationId: volunteer.organisationId ?? defaultOrganisation,
    birthYear: volunteer.birthYear,
    active: volunteer.status === 'active',
    basicTraining: Boolean(volunteer.qualifications?.basicTrainingAt),
    guardianConsent: Boolean(volunteer.qualifications?.guardianConsentAt),
  };
}
