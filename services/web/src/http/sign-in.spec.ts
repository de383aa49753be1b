import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { coordinatorCookie, officerCookie, sealedSession, SESSION_COOKIE, TEST_SESSION_SECRET } from '../../test/signed-in';
import { ENROLMENT_API, type EnrolmentApi, type StaffResult } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { POLICE_API, type PoliceApi } from '../application/police-api';
import { IDENTITY_PROVIDER_CLIENT, type IdentityProviderClient, type SignInChecks, SignInFailed } from '../application/sign-in';
import { WebModule } from '../app.module';
import { loadWebConfig } from '../config';

/** The IdP port faked: `finish` checks the state it handed out and returns the claims the test set. */
class FakeIdp implements IdentityProviderClient {
  claims: Record<string, unknown> = {};
  handedOut: SignInChecks | undefined;
  readonly endSessions: string[] = [];

  async start(organisation: string) {
    this.handedOut = { state: `state-${organisation}`, nonce: 'n', codeVerifier: 'v' };
    return { url: `http://idp.example/${organisation}/auth?state=${this.handedOut.state}`, checks: this.handedOut };
  }

  async finish(_organisation: string, callbackQuery: URLSearchParams, checks: SignInChecks) {
    if (callbackQuery.get('state') !== checks.state) throw new SignInFailed('state mismatch');
    return { accessToken: 'access-from-idp', idToken: 'id-from-idp', expiresAt: Date.now() + 300_000, claims: this.claims };
  }

  async endSessionUrl(organisation: string, idToken: string) {
    this.endSessions.push(idToken);
    return `http://idp.example/${organisation}/session/end?id_token_hint=${idToken}`;
  }
}

/** Only `areas` is asked for by the triage-less pages used here; it records the token it was called with. */
class RecordingEnrolment {
  readonly tokens: string[] = [];
  async areas(accessToken: string): Promise<StaffResult<[]>> {
    this.tokens.push(accessToken);
    return { kind: 'ok', value: [] };
  }
}

const cookiesOf = (res: request.Response): string[] => (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
const pair = (cookies: string[], name: string) => cookies.find((c) => c.startsWith(`${name}=`))?.split(';')[0];

describe('staff sign-in and the session cookie (IdP and services faked through their ports)', () => {
  let app: INestApplication;
  const idp = new FakeIdp();
  const enrolment = new RecordingEnrolment();
  const police: PoliceApi = {
    pendingCases: async () => ({ kind: 'ok', cases: [] }),
    decide: async () => ({ kind: 'decided' }),
    caseById: async () => ({ kind: 'not_found' }),
    revoke: async () => ({ kind: 'not_found' }),
    overview: async (_token, policeAreaId) => ({ policeAreaId, year: 2026, municipalities: [], total: { waiting: 0, overdue: 0, decided: 0, medianDays: null, p90Days: null },
      groups: { municipalities: [], total: { byStatus: { forming: 0, 'awaiting-approval': 0, active: 0, paused: 0, closed: 0 }, activeContactPersons: 0, groupsWithoutContactPerson: 0, openObservations: 0 } },
    }),
  };

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3699', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET, WEB_SESSION_IDLE_MINUTES: '30' });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(ENROLMENT_API)
      .useValue(enrolment as unknown as EnrolmentApi)
      .overrideProvider(POLICE_API)
      .useValue(police)
      .overrideProvider(IDENTITY_PROVIDER_CLIENT)
      .useValue(idp)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());

  it('/logga-in lists every municipality\'s staff IdP and the police, as plain links', async () => {
    const res = await http().get('/logga-in').expect(200);
    for (const org of ['ale', 'lilla-edet', 'trollhattan', 'polisen']) expect(res.text).toContain(`href="/auth/login?org=${org}"`);
    expect(res.text).toContain('Personal i Lilla Edet');
    expect(res.text).not.toContain('<script');
    expect((await http().get('/auth/login?org=atlantis')).status).toBe(404);
  });

  it('signs a coordinator in: to the IdP with a sealed sign-in cookie, back with a session, on the coordinator pages', async () => {
    const login = await http().get('/auth/login?org=ale').expect(303);
    expect(login.headers['location']).toBe('http://idp.example/ale/auth?state=state-ale');
    const signIn = pair(cookiesOf(login), 'trygg-sign-in')!;
    expect(signIn).not.toContain('state-ale'); // sealed, not readable
    idp.claims = { sub: 'u1', name: 'Sara Samordnare', groups: ['trygg-samordnare'] };
    const callback = await http().get('/auth/callback?code=c&state=state-ale').set('cookie', signIn).expect(303);
    expect(callback.headers['location']).toBe('/ale/samordnare');
    const set = cookiesOf(callback).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(set).toMatch(/; Path=\/; SameSite=Lax; HttpOnly$/);
    const page = await http().get('/ale/samordnare/omraden').set('cookie', set.split(';')[0]!).expect(200);
    expect(page.text).toContain('Inloggad: Sara Samordnare (samordnare, Ale kommun)');
    expect(enrolment.tokens.at(-1)).toBe('access-from-idp');
  });

  it('refuses a callback without its sign-in cookie or with another state', async () => {
    expect((await http().get('/auth/callback?code=c&state=x')).headers['location']).toBe('/logga-in?orsak=misslyckades');
    const login = await http().get('/auth/login?org=ale');
    const forged = await http().get('/auth/callback?code=c&state=forged').set('cookie', pair(cookiesOf(login), 'trygg-sign-in')!);
    expect(forged.headers['location']).toBe('/logga-in?orsak=misslyckades');
    expect(pair(cookiesOf(forged), SESSION_COOKIE)).toBeUndefined();
  });

  it('signs an officer in on /polis, and someone with another role on the page saying what they may see', async () => {
    const login = await http().get('/auth/login?org=polisen');
    idp.claims = { sub: 'p1', name: 'Per Polis', groups: ['kommunpolis'], police_area: 'lpo-trollhattan' };
    const callback = await http().get('/auth/callback?state=state-polisen&code=c').set('cookie', pair(cookiesOf(login), 'trygg-sign-in')!);
    expect(callback.headers['location']).toBe('/polis');
    const page = await http().get('/polis').set('cookie', pair(cookiesOf(callback), SESSION_COOKIE)!).expect(200);
    expect(page.text).toContain('Inloggad: Per Polis (kommunpolis, Lokalpolisområde Trollhättan)');

    const other = await http().get('/auth/login?org=lilla-edet');
    idp.claims = { sub: 'f1', name: 'Frida', groups: ['folkhalsostrateg'] };
    const cb = await http().get('/auth/callback?state=state-lilla-edet').set('cookie', pair(cookiesOf(other), 'trygg-sign-in')!);
    // A reader of the municipality's reports (municipal-role) lands on the walk report, the one page the role has.
    expect(cb.headers['location']).toBe('/lilla-edet/samordnare/vandringar/rapport');
    const mayView = await http().get('/inloggad').set('cookie', pair(cookiesOf(cb), SESSION_COOKIE)!).expect(200);
    expect(mayView.text).toContain('månadsrapport om vandringarna');
    expect((await http().get('/ale/samordnare/omraden').set('cookie', pair(cookiesOf(cb), SESSION_COOKIE)!)).status).toBe(403);
  });

  it('without a session, with a tampered one or as a coordinator of another municipality: no staff page', async () => {
    expect((await http().get('/ale/samordnare')).headers['location']).toBe('/logga-in?orsak=kravs');
    const good = coordinatorCookie('ale', 't');
    const tampered = good.slice(0, -3) + (good.endsWith('A') ? 'BBB' : 'AAA');
    expect((await http().get('/ale/samordnare/omraden').set('cookie', tampered)).headers['location']).toBe('/logga-in?orsak=kravs');
    const other = await http().get('/ale/samordnare/omraden').set('cookie', coordinatorCookie('trollhattan', 't')).expect(403);
    expect(other.text).toContain('Sidan är inte för din roll');
    expect((await http().get('/polis').set('cookie', coordinatorCookie('ale', 't'))).status).toBe(403);
    expect((await http().get('/ale/samordnare/omraden').set('cookie', officerCookie('lpo-ale-kungalv', 't'))).status).toBe(403);
  });

  it('an idle session and one whose token expired end: back to /logga-in with the reason, the cookie cleared', async () => {
    const idle = `${SESSION_COOKIE}=${sealedSession({ accessToken: 't', roles: ['coordinator'], municipalityId: 'ale', lastSeenAt: Date.now() - 31 * 60_000 })}`;
    const res = await http().get('/ale/samordnare/omraden').set('cookie', idle).expect(303);
    expect(res.headers['location']).toBe('/logga-in?orsak=inaktiv');
    expect(cookiesOf(res).find((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toMatch(/Max-Age=0/);
    expect((await http().get(res.headers['location']!)).text).toContain('inte har använt tjänsten på en stund');
    const expired = `${SESSION_COOKIE}=${sealedSession({ accessToken: 't', roles: ['coordinator'], municipalityId: 'ale', expiresAt: Date.now() - 1000 })}`;
    expect((await http().get('/ale/samordnare/omraden').set('cookie', expired)).headers['location']).toBe('/logga-in?orsak=utgangen');
  });

  it('logout needs the CSRF token, clears the session and ends it at the IdP with the ID token', async () => {
    const cookie = coordinatorCookie('ale', 't');
    expect((await http().post('/auth/logout').set('cookie', cookie).type('form').send({})).status).toBe(403);
    const page = await http().get('/ale/samordnare/omraden').set('cookie', cookie).expect(200);
    const csrf = pair(cookiesOf(page), 'ts_csrf')!;
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const res = await http().post('/auth/logout').set('cookie', `${cookie}; ${csrf}`).type('form').send({ _csrf: token }).expect(303);
    expect(res.headers['location']).toBe('http://idp.example/ale/session/end?id_token_hint=test-id-token');
    expect(cookiesOf(res).find((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toMatch(/Max-Age=0/);
  });
});
