import { createEvent, ResidentDetailsChangedV1 } from '@trygg/contracts';
import type { Registration } from '../domain/registration';

/**
 * `enrolment.resident-details-changed.v1` of a registration as it now stands: one place builds it, so every writer
 * (a correction, a confirmed change of address) tells the same fields — the protected-identity flag included.
 */
export function residentDetailsChanged(next: Registration, correlationId: string, now: Date) {
  return createEvent(
    ResidentDetailsChangedV1,
    { municipalityId: next.municipalityId, correlationId },
    { personId: next.personId, name: next.name, email: next.email, mobile: next.mobile, smsOptIn: next.smsOptIn, emailUpdates: next.emailUpdates, language: next.language, protectedIdentity: next.protectedIdentity },
    now,
  );
}
