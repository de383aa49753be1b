import type { AuditActor } from '@trygg/audit';

// Who acted, as the audit trail records it (libs/audit README, *Actors*); `scope` is the municipality acted in.

/**
 * The signed-in staff member a request of the staff API comes from: taken from the verified access token (libs/auth's
 * principal), never from a header or the body.
 */
export interface StaffMember {
  /** `${issuer}#${sub}`: who, in audit records. */
  readonly subject: string;
  /** Display name (the token's `name`); shown in a group's history. */
  readonly name: string;
  /** Holds the `protected-identity` permission: sees people with protected identity (skyddad identitet) in full. */
  readonly seesProtectedIdentity: boolean;
}

/** A coordinator of the staff API, as authenticated. */
export function staffActor(staff: Pick<StaffMember, 'subject' | 'name'>, municipalityId: string): AuditActor {
  return { subject: staff.subject, name: staff.name, role: 'coordinator', scope: municipalityId };
}

/** A resident acting through a link of theirs (self-service, confirmation, activity check). */
export function residentActor(personId: string, municipalityId: string): AuditActor {
  return { subject: `person:${personId}`, name: 'resident', role: 'resident', scope: municipalityId };
}

/**
 * A service acting on its own: `enrolment` (timers; `name` says which task), `onboarding` (an outcome or a request
 * from onboarding's events, applied here) or `police-liaison` (a police decision applied here: a revocation).
 */
export function systemActor(service: 'enrolment' | 'onboarding' | 'police-liaison', municipalityId: string, name: string = service): AuditActor {
  return { subject: `system:${service}`, name, role: 'system', scope: municipalityId };
}
