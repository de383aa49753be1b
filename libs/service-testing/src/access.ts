import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { accessMatrix, type MatrixCaller, type TrustedIssuer, trustedIssuersFrom } from '@trygg/auth';
import type { Role, RouteContract } from '@trygg/http-contracts';
import { loadMunicipalities, type Municipality, type MunicipalityIdentity } from '@trygg/municipalities';
import { IDP_GROUPS, type TestIssuer } from '@trygg/testing';

/** The IdP group granting each role in test identities (as the shipped identity.yaml files name them). */
export const TEST_GROUPS: Readonly<Record<Role, string>> = {
  coordinator: IDP_GROUPS.coordinator,
  'municipal-role': IDP_GROUPS['municipal-role'],
  'data-protection-officer': IDP_GROUPS['data-protection-officer'],
  admin: IDP_GROUPS.admin,
  reviewer: IDP_GROUPS.reviewer,
  'police-officer': IDP_GROUPS['police-officer'],
};

function testIdentity(staffIssuer: string, policeIssuer: string | undefined): MunicipalityIdentity {
  const base = { clientId: 'trygg-samverkan', clientSecretEnv: 'OIDC_CLIENT_SECRET_TEST', audience: 'trygg-samverkan-api', groupsClaim: 'groups' };
  const g = (role: Role) => [TEST_GROUPS[role]];
  return {
    staff: {
      ...base,
      issuer: staffIssuer,
      roles: { coordinator: g('coordinator'), 'municipal-role': g('municipal-role'), 'data-protection-officer': g('data-protection-officer'), admin: g('admin') },
      reviewers: { 'bra-review': g('reviewer') },
      permissions: { 'protected-identity': ['skyddad-identitet-behorig'] },
    },
    ...(policeIssuer ? { police: { ...base, issuer: policeIssuer, roles: { 'police-officer': g('police-officer') }, policeAreaClaim: 'police_area' } } : {}),
  };
}

/**
 * Trusted issuers for an offline app (override `TRUSTED_ISSUERS` with them): the shipped municipalities, staff of
 * each municipality named in `staff` signing in at that TestIssuer, officers at `police`, with TEST_GROUPS.
 */
export function testTrustedIssuers(staff: Readonly<Record<string, TestIssuer>>, police?: TestIssuer, municipalities: Map<string, Municipality> = loadMunicipalities(undefined, {})): TrustedIssuer[] {
  const result = new Map<string, Municipality>();
  for (const [id, m] of municipalities) {
    const issuer = staff[id];
    const { identity: _shipped, ...rest } = m;
    result.set(id, issuer ? { ...rest, identity: testIdentity(issuer.issuer, police?.issuer) } : rest);
  }
  return trustedIssuersFrom(result);
}

export interface AccessMatrixWorld {
  /** The token of a caller in scope (`in`: of the municipality / police area the request names) or out of it; undefined: none. */
  token(caller: MatrixCaller, scope: 'in' | 'out'): Promise<string | undefined>;
  /** The value of a path parameter: the scoped ones name the in-scope municipality / police area; others any id. */
  param(name: string, route: RouteContract): string;
  /** The JSON body sent to a route with a body (default `{}`): a valid one, so the answer is about access, not input. */
  body?(route: RouteContract): unknown;
}

/**
 * Runs the access matrix of `routes` against the app: every route × caller × in/out of scope. An expected allow
 * must not answer 401/403; an expected deny must answer 401, 403 or 404 (a handler scoping by the principal finds
 * nothing). Returns the rows that did not (empty: all as declared).
 */
export async function runAccessMatrix(app: INestApplication, routes: readonly RouteContract[], world: AccessMatrixWorld): Promise<string[]> {
  const failures: string[] = [];
  for (const row of accessMatrix(routes)) {
    const path = row.route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => encodeURIComponent(world.param(name, row.route)));
    const token = await world.token(row.caller, row.scope);
    let req = request(app.getHttpServer())[row.route.method](path);
    if (token) req = req.set('authorization', `Bearer ${token}`);
    const res = row.route.method === 'get' ? await req : await req.send((world.body?.(row.route) ?? {}) as object);
    const denied = [401, 403, 404].includes(res.status);
    const ok = row.expected === 'allow' ? res.status !== 401 && res.status !== 403 : denied;
    if (!ok) failures.push(`${row.route.method.toUpperCase()} ${row.route.path} as ${row.caller} (${row.scope} of scope): expected ${row.expected}, got ${res.status}`);
  }
  return failures;
}
