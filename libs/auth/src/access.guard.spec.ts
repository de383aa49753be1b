import { Controller, Get, type INestApplication, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { defineRoute, type RouteAccess } from '@trygg/http-contracts';
import { loadMunicipalities, type Municipality, type MunicipalityIdentity } from '@trygg/municipalities';
import { TestIssuer } from '@trygg/testing';
import { accessProviders, CurrentPrincipal, TRUSTED_ISSUERS } from './access.guard';
import { accessMatrix } from './access-matrix';
import { EXAMPLE_INTERNAL_SECRET, internalSecretsFrom } from './internal-secrets';
import type { Principal } from './principal';
import { trustedIssuersFrom } from './trusted-issuers';

const route = (operationId: string, method: 'get' | 'post', path: string, access: RouteAccess) =>
  defineRoute({ service: 'sample', operationId, method, path, summary: operationId, access, responses: { 200: { description: 'ok' } } });
const routes = [
  route('groups', 'get', '/staff/:m/groups', { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } }),
  route('cases', 'get', '/police-areas/:id/cases', { kind: 'signed-in', roles: ['police-officer'], scope: { policeAreaParam: 'id' } }),
  route('review', 'post', '/reviews/:id', { kind: 'signed-in', roles: ['reviewer'], reviewerStep: 'bra-review', scope: 'resource' }),
  route('queues', 'get', '/queues', { kind: 'signed-in', roles: ['admin'], scope: 'platform' }),
  route('links', 'post', '/internal/links', { kind: 'internal', callers: ['notifications'], purpose: 'self-service-links' }),
  route('form', 'post', '/registrations', { kind: 'public' }),
];

@Controller()
class SampleController {
  @Get('staff/:m/groups') groups(@CurrentPrincipal() p: Principal) { return p; }
  @Get('police-areas/:id/cases') cases(@CurrentPrincipal() p: Principal) { return p; }
  @Post('reviews/:id') review(@CurrentPrincipal() p: Principal) { return p; }
  @Get('queues') queues() { return { ok: true }; }
  @Post('internal/links') links() { return { ok: true }; }
  @Post('registrations') form() { return { ok: true }; }
  @Get('no-contract') unlisted() { return { secret: 'data' }; }
}

const GROUPS = { coordinator: ['trygg-samordnare'], admin: ['trygg-admin'], 'municipal-role': ['folkhalsostrateg'] };
function identity(staff: string, police: string): MunicipalityIdentity {
  const base = { clientId: 'trygg-samverkan', clientSecretEnv: 'X', audience: 'trygg-samverkan-api', groupsClaim: 'groups' };
  return {
    staff: { ...base, issuer: staff, roles: GROUPS, reviewers: { 'bra-review': ['bra-granskare'] }, permissions: { 'protected-identity': ['skyddad'] } },
    police: { ...base, issuer: police, roles: { 'police-officer': ['kommunpolis'] }, policeAreaClaim: 'police_area' },
  };
}

const SECRET = 'a-secret-of-thirty-two-bytes-or-more-0123456789';

describe('AccessGuard with TokenVerifier', () => {
  let app: INestApplication;
  let ale: TestIssuer;
  let trollhattan: TestIssuer;
  let police: TestIssuer;
  let municipalities: Map<string, Municipality>;

  beforeAll(async () => {
    [ale, trollhattan, police] = await Promise.all([TestIssuer.start('/ale'), TestIssuer.start('/trollhattan'), TestIssuer.start('/polisen')]);
    municipalities = loadMunicipalities(undefined, {});
    for (const [id, issuer] of [['ale', ale], ['trollhattan', trollhattan], ['lilla-edet', trollhattan]] as const) {
      const m = municipalities.get(id)!;
      municipalities.set(id, { ...m, identity: identity(id === 'lilla-edet' ? `${issuer.issuer}-le` : issuer.issuer, police.issuer) });
    }
    const moduleRef = await Test.createTestingModule({ controllers: [SampleController], providers: accessProviders({ routes, env: { INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: SECRET } }) })
      .overrideProvider(TRUSTED_ISSUERS)
      .useValue(trustedIssuersFrom(municipalities))
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([ale, trollhattan, police].map((i) => i.close()));
  });

  const http = () => request(app.getHttpServer());
  const coordinator = { sub: 'k1', name: 'Karin Samordnare', groups: ['trygg-samordnare', 'skyddad'] };

  it('a good token: the principal with roles, scope and permissions', async () => {
    const res = await http().get('/staff/ale/groups').set('authorization', `Bearer ${await ale.token(coordinator)}`).expect(200);
    expect(res.body).toEqual({
      subject: `${ale.issuer}#k1`, name: 'Karin Samordnare', issuer: ale.issuer, roles: ['coordinator'], municipalityId: 'ale', municipalityIds: ['ale'], reviewerSteps: [], permissions: ['protected-identity'],
    });
  });

  it.each([
    ['missing', async () => undefined],
    ['not a bearer token', async () => 'Basic abc'],
    ['expired', async () => `Bearer ${await ale.token(coordinator, { expiresIn: '-2m' })}`],
    ['wrong issuer', async () => `Bearer ${await ale.token(coordinator, { issuer: 'https://evil.example' })}`],
    ['issuer of another trusted IdP, signed with this one\'s key', async () => `Bearer ${await ale.token(coordinator, { issuer: trollhattan.issuer })}`],
    ['wrong audience', async () => `Bearer ${await ale.token(coordinator, { audience: 'another-api' })}`],
    ['signed by another key', async () => `Bearer ${await ale.token(coordinator, { otherKey: true })}`],
    ['alg none', async () => `Bearer ${await ale.token(coordinator, { alg: 'none' })}`],
  ])('%s → 401 unauthenticated with WWW-Authenticate', async (_case, authorization) => {
    const value = await authorization();
    const req = http().get('/staff/ale/groups');
    const res = await (value ? req.set('authorization', value) : req).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'unauthenticated' });
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('a coordinator of another municipality → 403 on a municipalityParam route; a token granting no role → 403', async () => {
    const res = await http().get('/staff/lilla-edet/groups').set('authorization', `Bearer ${await trollhattan.token(coordinator)}`).expect(403);
    expect(res.body).toEqual({ statusCode: 403, error: 'forbidden', message: 'not your municipality' });
    await http().get('/staff/trollhattan/groups').set('authorization', `Bearer ${await trollhattan.token(coordinator)}`).expect(200);
    await http().get('/staff/ale/groups').set('authorization', `Bearer ${await ale.token({ sub: 'x', groups: ['other'] })}`).expect(403);
  });

  it('an officer: every municipality of the area; outside the area → 403; an unknown area → 401', async () => {
    const officer = { sub: 'p1', name: 'Polis', groups: ['kommunpolis'], police_area: 'lpo-trollhattan' };
    const res = await http().get('/police-areas/lpo-trollhattan/cases').set('authorization', `Bearer ${await police.token(officer)}`).expect(200);
    expect(res.body).toMatchObject({ roles: ['police-officer'], policeAreaId: 'lpo-trollhattan', municipalityIds: ['lilla-edet', 'trollhattan'] });
    expect(res.body.municipalityId).toBeUndefined();
    await http().get('/police-areas/lpo-ale-kungalv/cases').set('authorization', `Bearer ${await police.token(officer)}`).expect(403);
    await http().get('/police-areas/lpo-x/cases').set('authorization', `Bearer ${await police.token({ ...officer, police_area: 'lpo-x' })}`).expect(401);
    await http().get('/staff/trollhattan/groups').set('authorization', `Bearer ${await police.token(officer)}`).expect(403);
  });

  it('a reviewer only of the named step; admin on platform routes only', async () => {
    const reviewer = await ale.token({ sub: 'r', groups: ['bra-granskare'] });
    expect((await http().post('/reviews/1').set('authorization', `Bearer ${reviewer}`).expect(201)).body).toMatchObject({ roles: ['reviewer'], reviewerSteps: ['bra-review'] });
    await http().get('/queues').set('authorization', `Bearer ${reviewer}`).expect(403);
    const admin = await ale.token({ sub: 'a', groups: ['trygg-admin'] });
    await http().get('/queues').set('authorization', `Bearer ${admin}`).expect(200);
    await http().get('/staff/ale/groups').set('authorization', `Bearer ${admin}`).expect(403);
  });

  it('internal routes: the caller\'s own secret, nothing else', async () => {
    await http().post('/internal/links').set('authorization', `Bearer ${SECRET}`).set('x-internal-caller', 'notifications').expect(201);
    for (const [caller, secret] of [['web', SECRET], ['notifications', `${SECRET}x`], ['notifications', ''], [undefined, SECRET]] as const) {
      const req = http().post('/internal/links').set('authorization', `Bearer ${secret}`);
      const res = await (caller ? req.set('x-internal-caller', caller) : req).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'unauthenticated' });
    }
    await http().post('/internal/links').set('authorization', `Bearer ${await ale.token(coordinator)}`).set('x-internal-caller', 'notifications').expect(401);
  });

  it('public routes need nothing; a route without a contract is refused', async () => {
    await http().post('/registrations').expect(201);
    const res = await http().get('/no-contract').set('authorization', `Bearer ${await ale.token(coordinator)}`).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, error: 'no_policy' });
  });
});

describe('internal secrets', () => {
  const internal = [{ access: { kind: 'internal', callers: ['web', 'notifications'], purpose: 'preferences' } as const }];
  it('are read per caller and purpose; too short or the example value stops the start', () => {
    expect([...internalSecretsFrom(internal, { INTERNAL_SECRET_WEB_PREFERENCES: SECRET }).keys()]).toEqual(['INTERNAL_SECRET_WEB_PREFERENCES']);
    expect(() => internalSecretsFrom(internal, { INTERNAL_SECRET_WEB_PREFERENCES: 'short' })).toThrow(/INTERNAL_SECRET_WEB_PREFERENCES is shorter than 32 bytes/);
    expect(() => internalSecretsFrom(internal, { INTERNAL_SECRET_NOTIFICATIONS_PREFERENCES: EXAMPLE_INTERNAL_SECRET })).toThrow(/INTERNAL_SECRET_NOTIFICATIONS_PREFERENCES is the example value/);
  });
});

describe('trusted issuers', () => {
  it('refuse one staff issuer for two municipalities', () => {
    const m = loadMunicipalities(undefined, {});
    const same = identity('https://idp.example/one', 'https://idp.example/polisen');
    for (const id of ['ale', 'trollhattan']) m.set(id, { ...m.get(id)!, identity: same });
    expect(() => trustedIssuersFrom(m)).toThrow(/https:\/\/idp.example\/one is configured for both ale and trollhattan/);
  });
});

describe('accessMatrix', () => {
  it('allows each route\'s roles in scope only, everyone on public routes, nobody signed in on internal ones', () => {
    const rows = accessMatrix(routes);
    const of = (op: string, caller: string, scope: 'in' | 'out') => rows.find((r) => r.route.operationId === op && r.caller === caller && r.scope === scope)!.expected;
    expect(of('groups', 'coordinator', 'in')).toBe('allow');
    expect(of('groups', 'coordinator', 'out')).toBe('deny');
    expect(of('groups', 'admin', 'in')).toBe('deny');
    expect(of('groups', 'anonymous', 'in')).toBe('deny');
    expect(of('queues', 'admin', 'out')).toBe('allow');
    expect(of('links', 'admin', 'in')).toBe('deny');
    expect(of('form', 'anonymous', 'out')).toBe('allow');
    expect(rows).toHaveLength(routes.length * 7 * 2);
  });
});

