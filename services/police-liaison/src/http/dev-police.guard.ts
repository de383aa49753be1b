import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';

export const STAFF_DEV_GUARD = Symbol('STAFF_DEV_GUARD');
export const DEV_POLICE_AREA_HEADER = 'x-dev-police-area';
export const DEV_POLICE_OFFICER_HEADER = 'x-dev-police-officer';
const areaId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(100);
const officerId = z.string().trim().min(1).max(200);

export interface DevOfficer {
  policeAreaId: string;
  officerId: string;
}

/**
 * ⚠ DEVELOPMENT GUARD — NOT AUTHENTICATION. Until police sign-in exists, the officer endpoints trust the police
 * area in `x-dev-police-area` (and the officer's id in `x-dev-police-officer`), and only when STAFF_DEV_GUARD=allow.
 */
@Injectable()
export class DevPoliceGuard implements CanActivate {
  constructor(@Inject(STAFF_DEV_GUARD) private readonly mode: 'allow' | 'deny') {}

  canActivate(context: ExecutionContext): boolean {
    if (this.mode !== 'allow') throw new ForbiddenException({ statusCode: 403, error: 'police_sign_in_unavailable', message: 'Police sign-in is not available' });
    const req = context.switchToHttp().getRequest<Request & { devOfficer?: DevOfficer }>();
    const area = areaId.safeParse(req.headers[DEV_POLICE_AREA_HEADER]);
    if (!area.success) throw new ForbiddenException({ statusCode: 403, error: 'no_police_area', message: `Header ${DEV_POLICE_AREA_HEADER} is required` });
    const officer = officerId.safeParse(req.headers[DEV_POLICE_OFFICER_HEADER]);
    req.devOfficer = { policeAreaId: area.data, officerId: officer.success ? officer.data : `officer@${area.data}` };
    return true;
  }
}

export const Officer = createParamDecorator((_data: unknown, context: ExecutionContext): DevOfficer => {
  return context.switchToHttp().getRequest<Request & { devOfficer: DevOfficer }>().devOfficer;
});
