import { HttpException, HttpStatus } from '@nestjs/common';
import type { Permission, Role } from '@trygg/http-contracts';

export type { Permission, Role, RouteAccess } from '@trygg/http-contracts';

/** Who is calling, from a verified access token: the same shape for staff and police, in every service. */
export interface Principal {
  /** `${issuer}#${sub}`: who, in audit records. */
  readonly subject: string;
  /** Display name (claim `name`, else `sub`). */
  readonly name: string;
  readonly issuer: string;
  readonly roles: readonly Role[];
  /** Staff roles: the municipality whose IdP issued the token. */
  readonly municipalityId?: string;
  /** police-officer: the officer's police area. */
  readonly policeAreaId?: string;
  /** Where the principal may act: staff [municipalityId]; police: every municipality listing the area. */
  readonly municipalityIds: readonly string[];
  readonly reviewerSteps: readonly string[];
  readonly permissions: readonly Permission[];
}

/** 401: no valid credential. The answer names why, and (for bearer tokens) says so in WWW-Authenticate. */
export class Unauthenticated extends HttpException {
  constructor(message: string) {
    super({ statusCode: 401, error: 'unauthenticated', message }, HttpStatus.UNAUTHORIZED);
  }
}

/**
 * 503: the token's issuer could not be asked for its keys (its discovery document or key set did not answer). Not the
 * caller's fault, so not a 401 that would send a signed-in user back to the login page; try again later.
 */
export class IdentityProviderUnavailable extends HttpException {
  constructor(issuer: string, reason: string) {
    super({ statusCode: 503, error: 'identity_provider_unavailable', message: `the identity provider ${issuer} cannot be reached: ${reason}` }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

/** 403: a valid caller without the role or the scope the route needs (`error`: `forbidden`, or `no_policy`). */
export class Forbidden extends HttpException {
  constructor(message: string, error: 'forbidden' | 'no_policy' = 'forbidden') {
    super({ statusCode: 403, error, message }, HttpStatus.FORBIDDEN);
  }
}
