import { HttpException, HttpStatus } from '@nestjs/common';
import { municipalityIdSchema } from '@trygg/contracts';

export type StaffGuardMode = 'allow' | 'deny';
export const DEV_STAFF_HEADER = 'x-dev-staff-municipality';
export const DEV_STAFF_ID_HEADER = 'x-dev-staff-id';

/**
 * ⚠ DEVELOPMENT GUARD — NOT AUTHENTICATION. Staff sign-in comes with the web capability. Until then a staff API
 * answers 401 unless STAFF_DEV_GUARD=allow, which (development and tests only) takes the municipality from
 * `x-dev-staff-municipality` (403 when the service does not know it) and the staff id for the audit from
 * `x-dev-staff-id` (default `dev:<municipality>`). Every query is then scoped to that municipality.
 */
export function devStaffAccess(
  mode: StaffGuardMode,
  municipalityHeader: string | undefined,
  knows: (municipalityId: string) => boolean,
  staffIdHeader?: string,
): { municipalityId: string; staffId: string } {
  if (mode !== 'allow' || !municipalityHeader) throw new HttpException({ statusCode: 401, error: 'unauthorised', message: 'staff sign-in required' }, HttpStatus.UNAUTHORIZED);
  const m = municipalityIdSchema.safeParse(municipalityHeader);
  if (!m.success || !knows(m.data)) throw new HttpException({ statusCode: 403, error: 'forbidden', message: 'unknown municipality' }, HttpStatus.FORBIDDEN);
  const staffId = staffIdHeader?.trim() ? staffIdHeader.trim().slice(0, 200) : `dev:${m.data}`;
  return { municipalityId: m.data, staffId };
}
