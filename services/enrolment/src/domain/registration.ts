import { type Address, type Coordinates, householdKey } from './address';

/**
 * A resident's registration for grannsamverkan at one address (one household). Pure domain: no framework, no
 * database. It starts `submitted`; the email link confirms it (double opt-in); only then is it placed in a group.
 * A person (personId) may have registrations at several addresses; the same email + address is one registration.
 */
export type Language = 'sv' | 'en';
export type Intent = 'join' | 'start-group' | 'contact-person';
export type RegistrationStatus = 'submitted' | 'confirmed' | 'erased';
export type ErasureReason = 'requested' | 'unconfirmed';

export type RegistrationPlacement =
  | { kind: 'unplaced' }
  /** Confirmed; the group placement is being done (a crash here is finished by the next attempt). */
  | { kind: 'pending' }
  | { kind: 'placed'; areaId: string; groupId: string }
  /** No area matched: the coordinator's triage list. */
  | { kind: 'triage' };

export interface Registration {
  id: string;
  municipalityId: string;
  personId: string;
  /** The member id this household gets in its group (fixed up front so placement is idempotent). */
  memberId: string;
  name: string;
  email: string;
  mobile: string | null;
  smsOptIn: boolean;
  /** News from the group by email; confirmation and link emails are always sent. */
  emailUpdates: boolean;
  language: Language;
  address: Address;
  coordinates: Coordinates | null;
  intent: Intent;
  protectedIdentity: boolean;
  status: RegistrationStatus;
  placement: RegistrationPlacement;
  source: 'form' | 'import';
  submittedAt: Date;
  confirmedAt: Date | null;
  /**
   * When the latest confirmation email was asked for (the first submission, or the same form sent again before
   * confirming). Absent on registrations stored before it existed: `submittedAt` stands in.
   */
  confirmationRequestedAt?: Date;
  /**
   * Set when the registration is erased; the record is anonymised at `anonymiseAt`. `reason` tells a resident's own
   * request (absent on older records) from the purge of a registration never confirmed.
   */
  erasure: { requestedAt: Date; anonymiseAt: Date; anonymisedAt: Date | null; reason?: ErasureReason } | null;
  /** Unique per municipality + email + household while the registration lives; see dedupeKeyOf. */
  dedupeKey: string;
  /**
   * Stale contacts: what notifications last told about the email address (a hard bounce, or a changed address that
   * works again). Absent until it has said anything: the address is assumed to work.
   */
  emailReachability?: EmailReachability | null;
  /**
   * Onboarding's `email-verification` step requests for this person (member or contact-person process): enrolment
   * owns the double opt-in link, so it answers them. A request that came before the link was used waits here and is
   * answered in the same write as the confirmation. Absent on registrations stored before this existed.
   */
  emailVerifications?: EmailVerificationRequest[];
  /**
   * A new email address the person asked for in self-service: it takes effect only when the link sent to it is
   * opened (ConfirmEmailChange). Null or absent: none pending. A newer request replaces it.
   */
  emailChange?: PendingEmailChange | null;
}

/** A new email address waiting for its confirmation link. */
export interface PendingEmailChange {
  changeId: string;
  email: string;
  requestedAt: Date;
  expiresAt: Date;
}

/** One `onboarding.step-requested.v1` of type `email-verification`, remembered on the person's registration. */
export interface EmailVerificationRequest {
  /** The step-requested event (the answer's causation). */
  requestEventId: string;
  correlationId: string;
  instanceId: string;
  stepId: string;
  stepType: string;
  attempt: number;
  subjectKind: 'member' | 'contact-person';
  requestedAt: Date;
  /** When enrolment answered it (the step-completed event went out in the same write); null while it waits. */
  answeredAt: Date | null;
}

/** How many requests a registration remembers (the newest); a person has one or two onboarding instances. */
const EMAIL_VERIFICATION_LIMIT = 20;

export interface EmailReachability {
  working: boolean;
  /** When notifications recorded the change: the newest wins, whatever order the events arrive in. */
  changedAt: Date;
  /** Since when the address has not worked (the first bounce of this address); null while it works. */
  notWorkingSince: Date | null;
}

export interface NewRegistration {
  municipalityId: string;
  name: string;
  email: string;
  mobile: string | null;
  smsOptIn: boolean;
  language: Language;
  address: Address;
  coordinates: Coordinates | null;
  intent: Intent;
  protectedIdentity: boolean;
}

/** Names are kept as the resident wrote them, with surrounding and repeated white space folded. */
export function normaliseName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/** Email addresses compare case-insensitively in practice; store them lower-case so duplicates are found. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The same email at the same address in the same municipality is one registration. */
export function dedupeKeyOf(municipalityId: string, email: string, address: Pick<Address, 'street' | 'number' | 'postcode'>): string {
  return `${municipalityId}|${normaliseEmail(email)}|${householdKey(address)}`;
}

export function submitRegistration(
  input: NewRegistration,
  ids: { registrationId: string; personId: string; memberId: string },
  now: Date,
  source: Registration['source'] = 'form',
): Registration {
  const email = normaliseEmail(input.email);
  return {
    id: ids.registrationId,
    municipalityId: input.municipalityId,
    personId: ids.personId,
    memberId: ids.memberId,
    name: normaliseName(input.name),
    email,
    mobile: input.mobile,
    // SMS needs a number: an opt-in without one means nothing.
    smsOptIn: input.smsOptIn && input.mobile !== null,
    emailUpdates: true,
    language: input.language,
    address: input.address,
    coordinates: input.coordinates,
    intent: input.intent,
    protectedIdentity: input.protectedIdentity,
    status: 'submitted',
    placement: { kind: 'unplaced' },
    source,
    submittedAt: now,
    confirmedAt: null,
    confirmationRequestedAt: now,
    erasure: null,
    dedupeKey: dedupeKeyOf(input.municipalityId, email, input.address),
  };
}

export class RegistrationNotConfirmable extends Error {
  constructor(readonly reason: 'erased') {
    super(`registration cannot be confirmed: ${reason}`);
  }
}

/**
 * Double opt-in done. Confirming twice changes nothing (returns `changed: false`). Email-verification requests that
 * waited for the link are marked answered now: `answered` lists them (the caller writes their answers with it).
 */
export function confirmRegistration(
  registration: Registration,
  now: Date,
): { registration: Registration; changed: boolean; answered: EmailVerificationRequest[] } {
  if (registration.status === 'erased') throw new RegistrationNotConfirmable('erased');
  if (registration.status === 'confirmed') return { registration, changed: false, answered: [] };
  const requests = registration.emailVerifications ?? [];
  const answered = requests.filter((r) => r.answeredAt === null).map((r) => ({ ...r, answeredAt: now }));
  const emailVerifications = requests.map((r) => (r.answeredAt === null ? { ...r, answeredAt: now } : r));
  return {
    registration: { ...registration, status: 'confirmed', confirmedAt: now, placement: { kind: 'pending' }, ...(requests.length ? { emailVerifications } : {}) },
    changed: true,
    answered,
  };
}

export type EmailVerificationDecision =
  /** The link was used already: answer now (the request is recorded as answered in `registration`). */
  | { kind: 'answer'; registration: Registration; request: EmailVerificationRequest; confirmedAt: Date }
  /** Not confirmed yet: the request waits on the registration and is answered when the link is used. */
  | { kind: 'wait'; registration: Registration }
  /** The same step attempt was seen before (answered or waiting): nothing to do. */
  | { kind: 'already-seen' }
  /** The person asked to be erased: nothing is answered (onboarding ends their instances itself). */
  | { kind: 'erased' };

/**
 * Onboarding asks whether the person's email address is verified (an `email-verification` step). Keyed by instance,
 * step and attempt, so a request delivered twice is answered once.
 */
export function requestEmailVerification(
  registration: Registration,
  request: Omit<EmailVerificationRequest, 'requestedAt' | 'answeredAt'>,
  now: Date,
): EmailVerificationDecision {
  if (registration.status === 'erased') return { kind: 'erased' };
  const requests = registration.emailVerifications ?? [];
  if (requests.some((r) => r.instanceId === request.instanceId && r.stepId === request.stepId && r.attempt === request.attempt)) return { kind: 'already-seen' };
  const confirmedAt = registration.status === 'confirmed' ? registration.confirmedAt : null;
  const stored: EmailVerificationRequest = { ...request, requestedAt: now, answeredAt: confirmedAt ? now : null };
  const next: Registration = { ...registration, emailVerifications: [...requests, stored].slice(-EMAIL_VERIFICATION_LIMIT) };
  return confirmedAt ? { kind: 'answer', registration: next, request: stored, confirmedAt } : { kind: 'wait', registration: next };
}

/** Control characters have no place in a name typed into a form. */
export function hasControlCharacters(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export interface Retention {
  mode: 'anonymise-now' | 'keep-days';
  keepDays: number;
}

/** The resident asked to be erased: every use stops now; the record is anonymised now or after the retention time. */
export function requestErasure(registration: Registration, retention: Retention, now: Date): Registration {
  const anonymiseAt = retention.mode === 'anonymise-now' ? now : new Date(now.getTime() + retention.keepDays * 86_400_000);
  const marked: Registration = {
    ...registration,
    status: 'erased',
    placement: { kind: 'unplaced' },
    erasure: { requestedAt: now, anonymiseAt, anonymisedAt: null },
    dedupeKey: `erased|${registration.id}`,
  };
  return anonymiseAt.getTime() <= now.getTime() ? anonymise(marked, now) : marked;
}

/** Removes every personal detail; what remains (ids, dates, area) cannot identify the person. */
export function anonymise(registration: Registration, now: Date): Registration {
  return {
    ...registration,
    name: '',
    email: '',
    mobile: null,
    smsOptIn: false,
    emailUpdates: false,
    address: { street: '', number: '', postcode: '', city: null },
    coordinates: null,
    emailReachability: null,
    emailChange: null,
    status: 'erased',
    erasure: {
      requestedAt: registration.erasure?.requestedAt ?? now,
      anonymiseAt: registration.erasure?.anonymiseAt ?? now,
      anonymisedAt: now,
      ...(registration.erasure?.reason ? { reason: registration.erasure.reason } : {}),
    },
    dedupeKey: `erased|${registration.id}`,
  };
}

/** The same form sent again before confirming: a new confirmation email (and link) is on its way. */
export function requestConfirmationAgain(registration: Registration, now: Date): Registration {
  return registration.status === 'submitted' ? { ...registration, confirmationRequestedAt: now } : registration;
}

/**
 * Unconfirmed registrations (privacy): someone who never confirms — or whose address or email was typed by someone
 * else — should not stay on file. Their data is erased when the confirmation link has expired and `graceDays` more
 * have passed (time for a late click to be answered "expired, register again" rather than finding nothing, and for a
 * mail delayed by notifications to have been sent).
 */
export interface UnconfirmedRetention {
  /** How long a confirmation link is valid (LINK_VALIDITY_DAYS.confirmation). */
  linkValidityDays: number;
  graceDays: number;
}

/**
 * When an unconfirmed registration is due for erasure, or null when it never is (confirmed or already erased).
 * Counted from the latest confirmation request; a link issued later than that (a delayed mail) counts from its own
 * expiry, so nobody's data disappears while a link they were sent still works.
 */
export function unconfirmedErasureDueAt(registration: Registration, rules: UnconfirmedRetention, latestLinkExpiresAt: Date | null = null): Date | null {
  if (registration.status !== 'submitted') return null;
  const requestedAt = registration.confirmationRequestedAt ?? registration.submittedAt;
  const linkExpiry = Math.max(requestedAt.getTime() + rules.linkValidityDays * 86_400_000, latestLinkExpiresAt?.getTime() ?? 0);
  return new Date(linkExpiry + rules.graceDays * 86_400_000);
}

export function isUnconfirmedErasureDue(registration: Registration, rules: UnconfirmedRetention, now: Date, latestLinkExpiresAt: Date | null = null): boolean {
  const dueAt = unconfirmedErasureDueAt(registration, rules, latestLinkExpiresAt);
  return dueAt !== null && dueAt.getTime() <= now.getTime();
}

/**
 * Erases a registration that was never confirmed: anonymised at once (nothing personal is kept, whatever the
 * municipality's keep-days rule for members says — an unconfirmed form never became part of any group or case), the
 * record of ids and dates stays for statistics, as after a resident's own erasure.
 */
export function eraseUnconfirmed(registration: Registration, now: Date): Registration {
  if (registration.status !== 'submitted') throw new Error(`only an unconfirmed registration can be purged (status ${registration.status})`);
  const marked: Registration = {
    ...registration,
    status: 'erased',
    placement: { kind: 'unplaced' },
    erasure: { requestedAt: now, anonymiseAt: now, anonymisedAt: null, reason: 'unconfirmed' },
  };
  return anonymise(marked, now);
}

/**
 * Notifications told whether the person's email address works (`notifications.contact-reachability-changed.v1`).
 * Only a newer fact than the one recorded changes anything (events may arrive late or twice); an erased registration
 * keeps nothing. Returns null for "nothing to change".
 */
export function recordEmailReachability(registration: Registration, fact: { working: boolean; changedAt: Date }): Registration | null {
  if (registration.status === 'erased') return null;
  const current = registration.emailReachability;
  if (current && current.changedAt.getTime() >= fact.changedAt.getTime()) return null;
  const notWorkingSince = fact.working ? null : current && !current.working ? current.notWorkingSince : fact.changedAt;
  return { ...registration, emailReachability: { working: fact.working, changedAt: fact.changedAt, notWorkingSince } };
}

/** Since when the email address has not worked, or null (works, or nothing known). */
export function emailNotWorkingSince(registration: Registration): Date | null {
  const r = registration.emailReachability;
  return r && !r.working ? r.notWorkingSince : null;
}
