import type { AuditActor, AuditEntry } from '@trygg/audit';
import type { EventEnvelope } from '@trygg/contracts';
import type { AuditLog } from '@trygg/values';
import type { Volunteer } from '../domain/volunteer';

/** What a change to one volunteer writes: the new state and the events of that change, in one document write. */
export type VolunteerChange = { next: Volunteer; events: EventEnvelope[] } | 'unchanged';

/** The walkers with the outbox of their events (one document per walker). */
export interface VolunteerStore {
  insert(volunteer: Volunteer, events: EventEnvelope[]): Promise<void>;
  /** Runs `change` on the current state and writes its result with a version check (run again on the latest state when another write won). */
  change(municipalityId: string, id: string, change: (current: Volunteer) => VolunteerChange): Promise<'changed' | 'unchanged' | 'not-found'>;
}
/** DI token of the `VolunteerStore`. */
export const VOLUNTEER_STORE = Symbol('VolunteerStore');

/** The municipalities this installation serves (municipalities/ as data). */
export interface KnownMunicipalities {
  exists(municipalityId: string): boolean;
  /** Is the mobile number (E.164) of a country the municipality accepts (`sms.countries`, Sweden by default)? */
  mobileAllowed(municipalityId: string, e164: string): boolean;
}
/** DI token of `KnownMunicipalities`. */
export const KNOWN_MUNICIPALITIES = Symbol('KnownMunicipalities');

/** A signed-in staff member as the audit trail names them; `scope` is their municipality (where they act). */
export type StaffActor = AuditActor;

/** The service's hash-chained audit trail (libs/audit), as the erasure writes to it. */
export type ErasureAudit = AuditLog<AuditEntry>;
/** DI token of the `ErasureAudit`. */
export const ERASURE_AUDIT = Symbol('ErasureAudit');
