import type { AuditActor, AuditEntry } from '@trygg/audit';
import type { EventEnvelope } from '@trygg/contracts';
import type { AuditLog } from '@trygg/values';
import type { ConfirmationLink } from '../domain/confirmation-link';
import type { StaffingRules } from '../domain/staffing';
import type { Volunteer } from '../domain/volunteer';
import type { Walk } from '../domain/walk';

/** What a change to one volunteer writes: the new state and the events of that change, in one document write. */
export type VolunteerChange = { next: Volunteer; events: EventEnvelope[] } | 'unchanged';

/** The walkers with the outbox of their events (one document per walker). */
export interface VolunteerStore {
  insert(volunteer: Volunteer, events: EventEnvelope[]): Promise<void>;
  /** Runs `change` on the current state and writes its result with a version check (run again on the latest state when another write won). */
  change(municipalityId: string, id: string, change: (current: Volunteer) => VolunteerChange): Promise<'changed' | 'unchanged' | 'not-found'>;
  /** One walker by id in any municipality (notifications asks for a link by id only). */
  findById(id: string): Promise<Volunteer | null>;
  /** The walkers not erased with this email address (lower case) in the municipality. */
  findByEmail(municipalityId: string, email: string): Promise<Volunteer[]>;
  /** Unconfirmed sign-ups whose latest confirmation email was asked for at or before `before`, oldest first, at most `limit`. */
  listUnconfirmedRequestedBefore(before: Date, limit: number): Promise<Volunteer[]>;
  /** The walker records of a person in a municipality ("Mina uppgifter"). */
  ofPerson(municipalityId: string, personId: string): Promise<Volunteer[]>;
  /** The municipality's confirmed walkers (not unconfirmed, not erased), earliest sign-up first, at most `limit`. */
  listSignedUp(municipalityId: string, limit: number): Promise<Volunteer[]>;
  /** The municipality's active walkers of these organisations (null: named none), earliest sign-up first, at most `limit` (the invitations). */
  listActive(municipalityId: string, organisationIds: Array<string | null>, limit: number): Promise<Volunteer[]>;
}

/** The confirmation links issued (only their hashes). */
export interface ConfirmationLinks {
  insert(link: ConfirmationLink): Promise<void>;
  findByHash(hash: string): Promise<ConfirmationLink | null>;
  /** Marks an unused link used; false when it was used already (two clicks at once: only one wins). */
  markUsed(hash: string, at: Date): Promise<boolean>;
  /** The links of a purged sign-up go with it. */
  deleteForVolunteer(volunteerId: string): Promise<void>;
  /** Links that expired long ago (kept a while so "expired" can be told apart from "unknown"). Returns how many. */
  purgeExpiredBefore(before: Date): Promise<number>;
}
/** DI token of the `ConfirmationLinks`. */
export const CONFIRMATION_LINKS = Symbol('ConfirmationLinks');

/** Draws the secret of a link: 32 random bytes, base64url. */
export type LinkSecrets = () => string;
/** DI token of the `LinkSecrets`. */
export const LINK_SECRETS = Symbol('LinkSecrets');
/** DI token of the `VolunteerStore`. */
export const VOLUNTEER_STORE = Symbol('VolunteerStore');

/** The municipalities this installation serves (municipalities/ as data). */
export interface KnownMunicipalities {
  exists(municipalityId: string): boolean;
  /** Is the mobile number (E.164) of a country the municipality accepts (`sms.countries`, Sweden by default)? */
  mobileAllowed(municipalityId: string, e164: string): boolean;
  /** Is it one of the municipality's walker organisations (`municipalities/<id>/volunteers.yaml`)? */
  organisationExists(municipalityId: string, organisationId: string): boolean;
}
/** DI token of `KnownMunicipalities`. */
export const KNOWN_MUNICIPALITIES = Symbol('KnownMunicipalities');

/** A signed-in staff member as the audit trail names them; `scope` is their municipality (where they act). */
export type StaffActor = AuditActor;

/** The service's hash-chained audit trail (libs/audit), as the erasure writes to it. */
export type ErasureAudit = AuditLog<AuditEntry>;
/** DI token of the `ErasureAudit`. */
export const ERASURE_AUDIT = Symbol('ErasureAudit');

/** What a decision on one walk writes (the new state and its events, in one conditional document write), and answers. */
export type WalkDecision<R> = { next: Walk; events: EventEnvelope[]; result: R } | { result: R };

/** The walks with the outbox of their events (one document per walk; collection `walks`). */
export interface WalkStore {
  insert(walk: Walk, events: EventEnvelope[]): Promise<void>;
  /**
   * Decides on the current walk and writes the result only if nobody wrote the walk meanwhile (a version-checked
   * single-document update; decided again on the latest state when another write won, in this process or another).
   */
  change<R>(municipalityId: string, id: string, decide: (current: Walk) => WalkDecision<R>): Promise<R | 'not-found'>;
  findById(municipalityId: string, id: string): Promise<Walk | null>;
  /** The municipality's walks starting in [from, to), earliest first, at most `limit`. */
  list(municipalityId: string, from: Date, to: Date, limit: number): Promise<Walk[]>;
  /** Scheduled walks of every municipality starting in [from, to) not yet marked understaffed, at most `limit`. */
  dueForStaffingCheck(from: Date, to: Date, limit: number): Promise<Walk[]>;
  /** Scheduled walks of every municipality starting in [from, to), earliest first, at most `limit` (reminders, invitations, automatic cancellation). */
  scheduledStartingBetween(from: Date, to: Date, limit: number): Promise<Walk[]>;
  /** The ids of the municipality's walks with a booking of the walker (the erasure). */
  bookedBy(municipalityId: string, volunteerId: string): Promise<string[]>;
}
/** DI token of the `WalkStore`. */
export const WALK_STORE = Symbol('WalkStore');

/**
 * A walker's link to their walks (book, unbook, check in and out): a secret of 32 random bytes, base64url, in the URL
 * of the messages the walker gets; only its sha256 is stored (collection `walker_links`). Many uses until it expires.
 */
export interface WalkerLink {
  hash: string;
  volunteerId: string;
  municipalityId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface WalkerLinks {
  insert(link: WalkerLink): Promise<void>;
  findByHash(hash: string): Promise<WalkerLink | null>;
  /** Links that expired before `before` are deleted. Returns how many. */
  purgeExpiredBefore(before: Date): Promise<number>;
}
/** DI token of the `WalkerLinks`. */
export const WALKER_LINKS = Symbol('WalkerLinks');

/** The walker organisations of each municipality and their composition rules (`municipalities/<id>/volunteers.yaml`). */
export interface WalkRules {
  organisation(municipalityId: string, organisationId: string): StaffingRules | undefined;
  /** The organisation of a walker who named none; undefined: the municipality has no walker organisations. */
  defaultOrganisation(municipalityId: string): string | undefined;
  timezone(municipalityId: string): string;
  /** How long before its start a walk that still cannot be staffed is cancelled (`walks.cancelUnstaffedHoursBefore`), in ms; 0: never. */
  cancelUnstaffedLeadMs(municipalityId: string): number;
}
/** DI token of the `WalkRules`. */
export const WALK_RULES = Symbol('WalkRules');
