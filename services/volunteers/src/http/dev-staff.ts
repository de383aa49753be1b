import { HttpException, HttpStatus } from '@nestjs/common';
import { municipalityIdSchema } from '@trygg/contracts';

export const STAFF_DEV_GUARD = Symbol('STAFF_DEV_GUARD');
export type StaffGuardMode = 'allow' | 'deny';
export const DEV_STAFF_HEADER = 'x-dev-staff-municipality';
export const DEV_STAFF_ID_HEADER = 'x-dev-staff-id';

/**
 * ⚠ DEVELOPMENT GUARD — NOT AUTHENTICATION. Staff sign-in comes with the web capability. Until then the staff API
 * answers 401 unless STAFF_DEV_GUARD=allow, which (development and tests only) takes the municipality from
 * `x-dev-staff-municipality` (and the staff id for the audit from `x-dev-staff-id`). Every query is scoped to that
 * municipality.
 */
export function devStaff(mode: StaffGuardMode, municipality: string | undefined, staffId: string | undefined, knows: (id: string) => boolean): { municipalityId: string; staffId: string } {
  if (mode !== 'allow' || !municipality) throw new HttpException({ statusCode: 401, error: 'unauthorised', message: 'staff sign-in required' }, HttpStatus.UNAUTHORIZED);
  const m = municipalityIdSchema.safeParse(municipality);
  if (!m.success || !knows(m.data)) throw new HttpException({ statusCode: 403, error: 'forbidden', message: 'unknown municipality' }, HttpStatus.FORBIDDEN);
  const id = staffId?.trim() ? staffId.trim().slice(0, 200) : `dev:${m.data}`;
  return { municipalityId: m.data, staffId: id };
}
