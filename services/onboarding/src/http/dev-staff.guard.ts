import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, Inject, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { municipalityIdSchema } from '@trygg/contracts';

export const STAFF_DEV_GUARD = Symbol('STAFF_DEV_GUARD');
export const DEV_STAFF_HEADER = 'x-dev-staff-municipality';

/**
 * ⚠ DEVELOPMENT GUARD — NOT AUTHENTICATION. Until staff sign-in exists (a later issue), staff endpoints trust the
 * municipality named in the `x-dev-staff-municipality` header, and only when STAFF_DEV_GUARD=allow. Every query
 * is scoped to that municipality, so another municipality's instance is simply not found (404).
 */
@Injectable()
export class DevStaffGuard implements CanActivate {
  constructor(@Inject(STAFF_DEV_GUARD) private readonly mode: 'allow' | 'deny') {}

  canActivate(context: ExecutionContext): boolean {
    if (this.mode !== 'allow') throw new ForbiddenException({ statusCode: 403, error: 'staff_sign_in_unavailable', message: 'Staff sign-in is not available' });
    const req = context.switchToHttp().getRequest<Request>();
    const parsed = municipalityIdSchema.safeParse(req.headers[DEV_STAFF_HEADER]);
    if (!parsed.success) throw new ForbiddenException({ statusCode: 403, error: 'no_municipality', message: `Header ${DEV_STAFF_HEADER} is required` });
    (req as Request & { staffMunicipality?: string }).staffMunicipality = parsed.data;
    return true;
  }
}

/** The municipality the (development) staff user acts for. */
export const StaffMunicipality = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return (context.switchToHttp().getRequest<Request & { staffMunicipality?: string }>()).staffMunicipality ?? '';
});
