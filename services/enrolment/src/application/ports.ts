import type { AuditActor } from '@trygg/audit';
import type { EventEnvelope } from '@trygg/contracts';
import type { ActivityCheckRules } from '../domain/activity-check';
import type { Area } from '../domain/area';
import type { Group, GroupStatus } from '../domain/group';
import type { LinkToken } from '../domain/link-token';
import type { Registration, Retention } from '../domain/registration';

/** A change to an aggregate and the events it causes, written together (outbox in the aggregate's document). */
export interface Change<T> {
  next: T;
  events: EventEnvelope[];
}

/** `change` returns null for "nothing to do"; it runs under the aggregate's lock, on its latest state. */
export type Mutation<T> = (current: T) => Change<T> | null;

export interface RegistrationRepository {
  /** `duplicate` when a live registration with the same dedupe key exists (same email + household). */
  insert(registration: Registration, events: EventEnvelope[]): Promise<'inserted' | 'duplicate'>;
  findById(municipalityId: string, id: string): Promise<Registration | null>;
  /** Only for the internal links endpoint: the caller is another service that knows the id, not the municipality. */
  findByIdAcrossMunicipalities(id: string): Promise<Registration | null>;
  findManyByIds(municipalityId: string, ids: readonly string[]): Promise<Registration[]>;
  findByDedupeKey(municipalityId: string, dedupeKey: string): Promise<Registration | null>;
  findByPerson(municipalityId: string, personId: string): Promise<Registration[]>;
  /** The registration whose household got this member id (onboarding's subject id for a member). */
  findByMemberId(municipalityId: string, memberId: string): Promise<Registration | null>;
  /** Only for the internal links endpoint (see findByIdAcrossMunicipalities). */
  findByPersonAcrossMunicipalities(personId: string): Promise<Registration[]>;
  findLiveByEmail(municipalityId: string, email: string): Promise<Registration | null>;
  listTriage(municipalityId: string): Promise<Registration[]>;
  listPendingPlacement(municipalityId: string): Promise<Registration[]>;
  listDueForAnonymisation(municipalityId: string, now: Date): Promise<Registration[]>;
  /**
   * Still `submitted` (never confirmed) and their latest confirmation request (or, on older records, their
   * submission) at or before `before`: candidates for the purge of unconfirmed registrations, at most `limit`.
   */
  listUnconfirmedRequestedBefore(municipalityId: string, before: Date, limit: number): Promise<Registration[]>;
  update(municipalityId: string, id: string, mutation: Mutation<Registration>): Promise<Registration | null>;
}

export interface GroupFilter {
  areaId?: string | undefined;
  status?: GroupStatus | undefined;
}

export interface GroupRepository {
  /** false when the area already has a group of this name (names are unique per area; the database decides). */
  insert(group: Group, events: EventEnvelope[]): Promise<boolean>;
  findById(municipalityId: string, id: string): Promise<Group | null>;
  findByRegistration(municipalityId: string, registrationId: string): Promise<Group | null>;
  findByNomination(municipalityId: string, nominationId: string): Promise<Group | null>;
  findByPerson(municipalityId: string, personId: string): Promise<Group[]>;
  /** Only for the internal links endpoint (the caller knows the check id, not the municipality). */
  findByActivityCheckAcrossMunicipalities(checkId: string): Promise<Group | null>;
  list(municipalityId: string, filter: GroupFilter): Promise<Group[]>;
  update(municipalityId: string, id: string, mutation: Mutation<Group>): Promise<Group | null>;
}

export interface LinkTokenStore {
  insert(token: LinkToken): Promise<void>;
  findByHash(hash: string): Promise<LinkToken | null>;
  /** Single use: true only for the caller that marked it. */
  markUsed(hash: string, now: Date): Promise<boolean>;
  revokeForPerson(municipalityId: string, personId: string): Promise<void>;
  /** The latest expiry of the confirmation links issued for a registration, or null when none is (still) stored. */
  latestConfirmationExpiry(municipalityId: string, registrationId: string): Promise<Date | null>;
}

/**
 * One record of the audit trail (`@trygg/audit`; the adapter stamps the time and chains it). `details` holds ids,
 * counts and codes only — never a name, address, email or phone number: records are never changed, also not when
 * the person is erased.
 */
export interface AuditEntry {
  municipalityId: string;
  actor: AuditActor;
  action: string;
  subject: { kind: 'registration' | 'group' | 'person' | 'import' | 'municipality'; id: string };
  details: Record<string, string | number | boolean | null>;
  /** The request's or event's; when left out, the adapter takes the one being handled. */
  correlationId?: string;
}

export interface MunicipalityCatalogue {
  exists(municipalityId: string): boolean;
  /** Is the mobile number (E.164) of a country the municipality accepts (`sms.countries`, Sweden by default)? */
  mobileAllowed(municipalityId: string, e164: string): boolean;
  areas(municipalityId: string): readonly Area[];
  area(municipalityId: string, areaId: string): Area | undefined;
  retention(municipalityId: string): Retention & { text: { sv: string; en: string } };
  activityCheck(municipalityId: string): ActivityCheckRules;
  municipalityIds(): string[];
}

export type IdGenerator = () => string;
/**
 * A fresh secret for a link in an email: 32 random bytes, base64url (43 characters of [A-Za-z0-9_-], what
 * `looksLikeToken` accepts). Only its sha256 is stored (domain/link-token.ts).
 */
export type LinkSecretGenerator = () => string;

/**
 * At most one confirmation email per email address per interval, across every instance: `mayMail` is true for the
 * first asker of an interval, false for the rest (CONFIRMATION_MAIL_INTERVAL_SECONDS).
 */
export interface ConfirmationMailThrottle {
  mayMail(email: string): Promise<boolean>;
  /** The mail `mayMail` allowed was not sent after all (the write failed): the next asker may mail. */
  giveBack(email: string): Promise<void>;
}

/** No throttle (the unit tests' world): every confirmation is mailed. */
export const unthrottledConfirmationMails: ConfirmationMailThrottle = { mayMail: () => Promise.resolve(true), giveBack: () => Promise.resolve() };

/** Injection tokens of the ports above, bound to their adapters in the feature modules (src/*.module.ts). */
export const REGISTRATIONS = Symbol('RegistrationRepository');
export const GROUPS = Symbol('GroupRepository');
export const LINK_TOKENS = Symbol('LinkTokenStore');
export const AUDIT_LOG = Symbol('AuditLog');
export const MUNICIPALITIES = Symbol('MunicipalityCatalogue');
export const ID_GENERATOR = Symbol('IdGenerator');
export const CLOCK = Symbol('Clock');
export const LINK_SECRET_GENERATOR = Symbol('LinkSecretGenerator');
export const CONFIRMATION_MAIL_THROTTLE = Symbol('ConfirmationMailThrottle');
