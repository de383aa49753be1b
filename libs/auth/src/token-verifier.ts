import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { Permission, Role } from '@trygg/http-contracts';
import { IdentityProviderUnavailable, type Principal, Unauthenticated } from './principal';
import type { TrustedIssuer } from './trusted-issuers';

/** Signature algorithms accepted: asymmetric only (never `none`, never HS* with a guessable secret). */
export const ACCEPTED_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

export interface TokenVerifierOptions {
  /** Seconds of clock difference tolerated on exp/nbf/iat (default 30). */
  clockToleranceSec?: number;
  /** How discovery documents are fetched (default global fetch). */
  fetch?: typeof fetch;
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Checks a bearer access token against the trusted issuers: the issuer's keys (discovery → `jwks_uri`, cached by
 * jose's remote key set), issuer, audience, an asymmetric algorithm, expiry (30 s tolerance); then maps its groups
 * to roles, reviewer steps and permissions as the issuer's `identity.yaml` says. Any failure: `Unauthenticated`.
 */
export class TokenVerifier {
  private readonly byIssuer: Map<string, TrustedIssuer>;
  private readonly keySets = new Map<string, Promise<KeySet>>();
  private readonly clockTolerance: number;
  private readonly fetch: typeof fetch;

  constructor(trusted: readonly TrustedIssuer[], options: TokenVerifierOptions = {}) {
    this.byIssuer = new Map(trusted.map((t) => [t.issuer, t]));
    this.clockTolerance = options.clockToleranceSec ?? 30;
    this.fetch = options.fetch ?? fetch;
  }

  async verify(authorizationHeader: string | undefined): Promise<Principal> {
    const match = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(authorizationHeader?.trim() ?? '');
    if (!match) throw new Unauthenticated('a bearer access token is required');
    const token = match[1] as string;
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new Unauthenticated('the access token is not a JWT');
    }
    const trusted = typeof unverified.iss === 'string' ? this.byIssuer.get(unverified.iss) : undefined;
    if (!trusted) throw new Unauthenticated('the access token is not from a trusted issuer');
    let keys: KeySet;
    try {
      keys = await this.keySet(trusted.issuer);
    } catch (error) {
      throw new IdentityProviderUnavailable(trusted.issuer, (error as Error).message);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: trusted.issuer,
        audience: trusted.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        clockTolerance: this.clockTolerance,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      // The key set could not be fetched (jose's JWKSTimeout, or fetch itself failed): the IdP is away, not the token bad.
      const code = (error as { code?: unknown }).code;
      if (code === 'ERR_JWKS_TIMEOUT' || error instanceof TypeError) throw new IdentityProviderUnavailable(trusted.issuer, (error as Error).message);
      throw new Unauthenticated(`the access token is not valid: ${(error as Error).message}`);
    }
    return principalOf(trusted, payload);
  }

  private keySet(issuer: string): Promise<KeySet> {
    let keys = this.keySets.get(issuer);
    if (!keys) {
      keys = this.discover(issuer);
      this.keySets.set(issuer, keys);
      keys.catch(() => this.keySets.delete(issuer));
    }
    return keys;
  }

  private async discover(issuer: string): Promise<KeySet> {
    const res = await this.fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`discovery of ${issuer} answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (doc.issuer !== issuer || typeof doc.jwks_uri !== 'string') throw new Error(`discovery of ${issuer} names another issuer or no jwks_uri`);
    return createRemoteJWKSet(new URL(doc.jwks_uri));
  }
}

function intersects(a: readonly string[], b: readonly string[] | undefined): boolean {
  return !!b && b.some((x) => a.includes(x));
}

/** The principal a verified token stands for, per its issuer's mapping. */
export function principalOf(trusted: TrustedIssuer, payload: JWTPayload): Principal {
  const sub = payload.sub as string;
  const claim = payload[trusted.groupsClaim];
  const groups = Array.isArray(claim) ? claim.filter((g): g is string => typeof g === 'string') : [];
  const roles = (Object.keys(trusted.roles) as Role[]).filter((role) => intersects(groups, trusted.roles[role]));
  const reviewerSteps = Object.keys(trusted.reviewers).filter((step) => intersects(groups, trusted.reviewers[step]));
  if (reviewerSteps.length && !roles.includes('reviewer')) roles.push('reviewer');
  const permissions = (Object.keys(trusted.permissions) as Permission[]).filter((p) => intersects(groups, trusted.permissions[p]));
  const name = typeof payload['name'] === 'string' && payload['name'].trim() ? payload['name'].trim() : sub;
  const base = { subject: `${trusted.issuer}#${sub}`, name, issuer: trusted.issuer, reviewerSteps, permissions };
  if (trusted.police) {
    const area = payload[trusted.police.policeAreaClaim];
    const municipalityIds = typeof area === 'string' ? trusted.police.areas[area] : undefined;
    if (!municipalityIds) throw new Unauthenticated(`the access token's ${trusted.police.policeAreaClaim} names no known police area`);
    return { ...base, roles, policeAreaId: area as string, municipalityIds: [...municipalityIds] };
  }
  return { ...base, roles, ...(trusted.municipalityId ? { municipalityId: trusted.municipalityId } : {}), municipalityIds: trusted.municipalityId ? [trusted.municipalityId] : [] };
}
