import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { municipalityIdSchema } from '@trygg/contracts';

export const STAFF_DEV_GUARD = Symbol('STAFF_DEV_GUARD');
export const DEV_STAFF_HEADER = 'x-dev-staff-municipality';
export const DEV_REVIEWER_HEADER = 'x-dev-reviewer';

export interface DevReviewer {
  municipalityId: string;
  reviewer: string;
}

/**
 * ⚠ DEVELOPMENT GUARD — NOT AUTHENTICATION. Until staff sign-in exists, the endpoints trust the municipality in
 * `x-dev-staff-municipality` (and the reviewer in `x-dev-reviewer`), and only when STAFF_DEV_GUARD=allow.
 */
@Injectable()
export class DevStaffGuard implements CanActivate {
  constructor(@Inject(STAFF_DEV_GUARD) private readonly mode: 'allow' | 'deny') {}

  canActivate(context: ExecutionContext): boolean {
    if (this.mode !== 'allow') throw new ForbiddenException({ statusCode: 403, error: 'staff_sign_in_unavailable', message: 'Staff sign-in is not available' });
    const req = context.switchToHttp().getRequest<Request & { devReviewer?: DevReviewer }>();
    const m = municipalityIdSchema.safeParse(req.headers[DEV_STAFF_HEADER]);
    if (!m.success) throw new ForbiddenException({ statusCode: 403, error: 'no_municipality', message: `Header ${DEV_STAFF_HEADER} is required` });
    const reviewer = req.headers[DEV_REVIEWER_HEADER];
    req.devReviewer = { municipalityId: m.data, reviewer: typeof reviewer === 'string' && reviewer.trim() ? reviewer.trim().slice(0, 200) : `bra@${m.data}` };
    return true;
  }
}

export const Reviewer = createParamDecorator((_data: unknown, context: ExecutionContext): DevReviewer => {
  return context.switchToHttp().getRequest<Request & { devReviewer: DevReviewer }>().devReviewer;
});
