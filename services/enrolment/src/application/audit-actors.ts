import type { AuditActor } from '@trygg/audit';

// Who acted, as the audit trail records it (libs/audit README, *Actors*); `scope` is the municipality acted in.

/** A staff member of the staff API; `staffId` is what the caller was authenticated as (until staff sign-in, the development guard's id). */
export function staffActor(staffId: string, municipalityId: string): AuditActor {
  return { subject: staffId, name: staffId, role: 'coordinator', scope: municipalityId };
}

/** A resident acting through a link of theirs (self-service, confirmation, activity check). */
export function residentActor(personId: string, municipalityId: string): AuditActor {
  return { subject: `person:${personId}`, name: 'resident', role: 'resident', scope: municipalityId };
}

/**
 * A service acting on its own: `enrolment` (timers; `name` says which task) or `onboarding` (an outcome or a request
 * from onboarding's events, applied here).
 */
export function systemActor(service: 'enrolment' | 'onboarding', municipalityId: string, name: string = service): AuditActor {
  return { subject: `system:${service}`, name, role: 'system', scope: municipalityId };
}
