import { HttpException, HttpStatus } from '@nestjs/common';
import type { StaffGuardMode } from './tokens';

/**
 * Staff sign-in comes with the web capability. Until then the staff API is closed unless STAFF_DEV_GUARD=allow,
 * which (in development and tests only) takes the municipality from the `x-dev-staff-municipality` header.
 * Every query is scoped to that municipality.
 */
export function staffMunicipality(mode: StaffGuardMode, header: string | undefined, knows: (id: string) => boolean): string {
  if (mode !== 'allow' || !header) throw new HttpException({ statusCode: 401, error: 'unauthorised', message: 'staff sign-in required' }, HttpStatus.UNAUTHORIZED);
  if (!knows(header)) throw new HttpException({ statusCode: 403, error: 'forbidden', message: 'unknown municipality' }, HttpStatus.FORBIDDEN);
  return header;
}
