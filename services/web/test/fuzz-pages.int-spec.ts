import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { createLogger } from '@trygg/observability';
import { discoverRoutes, type HttpRoute } from '@trygg/service-kit';
import { seededRandom, ServiceProcess } from '@trygg/testing';
import { WebModule } from '../src/app.module';
import { loadWebConfig } from '../src/config';
import { formSession } from './browser';
import { FakeEnrolment } from './fake-enrolment';
import { FakeNotifications } from './fake-notifications';
import { FakePoliceLiaison } from './fake-police-liaison';
import { FakeVolunteers } from './fake-volunteers';
import { FakeWalks } from './fake-walks';
import { coordinatorCookie, officerCookie, TEST_SESSION_SECRET } from './signed-in';

// Issue 13, the web front's part of the endpoint fuzz (test/fuzz-endpoints.e2e-spec.ts fuzzes the services' APIs from
// their route contracts; the web's pages have none): every route the web's controllers declare (Nest's route
// metadata, service-kit `discoverRoutes`) gets malformed requests — junk path parameters and query strings, forms
// with hostile values, arrays and unknown fields, invalid JSON and the wrong content type — from a signed-in
// coordinator (or officer, on the police pages) with a valid CSRF token most of the time, so they reach the form
// handling. The web is a real process (dist/); enrolment, notifications and police-liaison are the test fakes. No
// answer may be a 5xx. (The web stores nothing itself; what its backends store is the services' fuzz.) Seeded:
// FUZZ_SEED, FUZZ_PER_ROUTE.

const seed = Number(process.env['FUZZ_SEED'] ?? 20261302);
// 6 requests per route in CI (the web has over 150 routes; FUZZ_PER_ROUTE=50 for a longer local run).
const perRoute = Number(process.env['FUZZ_PER_ROUTE'] ?? 6);
const ports = { web: 4460, enrolment: 4461, notifications: 4462, police: 4463, volunteers: 4464, walkerSignUp: 4465 };
const internalToken = 'fuzz-web-internal-secret-0123456789-abcdefgh';
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: {
    ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`,
    NOTIFICATIONS_URL: `http://127.0.0.1:${ports.notifications}`,
    POLICE_LIAISON_URL: `http://127.0.0.1:${ports.police}`,
    VOLUNTEERS_URL: `http://127.0.0.1:${ports.volunteers}`,
    INTERNAL_SECRET_WEB_PREFERENCES: internalToken,
    WEB_SESSION_SECRET: TEST_SESSION_SECRET,
    RATE_LIMIT_MAX: '100000',
    LOG_LEVEL: 'warn',
  },
});
const enrolment = new FakeEnrolment(ports.enrolment, web.url);
const notifications = new FakeNotifications(ports.notifications, internalToken);
const police = new FakePoliceLiaison(ports.police);
const walkerSignUp = new FakeVolunteers(ports.walkerSignUp);
// volunteers' coordinator walk routes (fake-walks.ts) at VOLUNTEERS_URL, passing the walker sign-up on.
const volunteers = new FakeWalks(ports.volunteers, enrolment.tokenFor('ale'), walkerSignUp.url);

const random = seededRandom(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const hostile = ['', ' ', '\u0000', 'Anna\u0000', '\ud800', '\u202eevil', '😀'.repeat(200), 'x'.repeat(20_000), '<script>alert(1)</script>', '{"$gt":""}', '../../etc/passwd', 'https://bankid.example.evil/login', 'line\r\nbreak', '-1', '1e999', 'yes', 'no', 'on', 'ale', 'sv', 'en', '2026-13-45', randomUUID()];
const fields = ['name', 'email', 'street', 'streetNumber', 'postcode', 'choice', 'smsOptIn', 'mobile', 'emailUpdates', 'language', 'message', 'answer', 'decision', 'reason', 'category', 'categories', 'channel', 'groupId', 'areaId', 'householdId', 'signId', 'status', 'note', 'confirm', 'lang', 'returnTo', 'page', 'url', 'subject', 'body', 'audience', 'file'];
const paramJunk = ['%00', '..%2F..', '%ZZ', 'x'.repeat(3_000), '%F0%9F%98%80', '__proto__', 'null', '-1', '%20'];
const queryJunk = ['', '', '?lang=xx', '?lang=en&lang=sv', '?a[b][c]=1', '?__proto__[x]=1', '?q=%00', `?q=${'x'.repeat(4_000)}`, '?page=-1', '?returnTo=https://evil.example', '?%ZZ'];

let selfServiceToken = '';
function paramValue(name: string): string {
  if (random() < 0.25) return pick(paramJunk);
  if (name === 'm' || name === 'municipality' || name === 'municipalityId') return pick(['ale', 'ale', 'lilla-edet', 'nowhere']);
  if (name === 'token') return pick([selfServiceToken, selfServiceToken, 'k3Jx0Qm9p1Zc8Vb7Nn6Ll5Kk4Jj3Hh2Gg1Ff0Ee9Dd']);
  return pick([randomUUID(), 'x', '1']);
}

function formBody(csrf: string): string {
  const form = new URLSearchParams();
  if (random() < 0.85) form.append('_csrf', csrf);
  for (let i = 0, n = 1 + Math.floor(random() * 8); i < n; i++) form.append(pick(fields), pick(hostile));
  if (random() < 0.2) form.append('a[b][c]', '1');
  if (random() < 0.2) form.append('_csrf', 'second');
  if (random() < 0.1) form.append('__proto__[polluted]', 'yes');
  return form.toString();
}

jest.setTimeout(300_000);

describe("the web's pages, fuzzed from its controllers' routes", () => {
  let routes: HttpRoute[];

  beforeAll(async () => {
    // The routes, from the web's own module (not started: Nest's metadata only).
    const config = loadWebConfig({ PORT: '3699', LOG_LEVEL: 'silent', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('fuzz', 'silent'))] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    routes = discoverRoutes(app).filter((r) => !r.path.startsWith('/health'));
    await app.close();
    await Promise.all([enrolment.start(), notifications.start(), police.start(), walkerSignUp.start(), volunteers.start()]);
    enrolment.seed({ municipalityId: 'ale', name: 'Fuzz Boende', email: 'fuzz-boende@example.se', confirmed: true });
    selfServiceToken = enrolment.selfServiceTokenFor('fuzz-boende@example.se');
    await web.start();
  }, 120_000);

  afterAll(async () => {
    await web.stop();
    // The walk fake forwards to the walker sign-up fake: stopped first, so no forward is cut off by its fallback.
    await volunteers.stop();
    await Promise.all([enrolment.stop(), notifications.stop(), police.stop(), walkerSignUp.stop()]);
  });

  it(`answers no request with a 5xx (seed ${seed}, ${perRoute} requests per route)`, async () => {
    expect(routes.length).toBeGreaterThan(20);
    const coordinator = coordinatorCookie('ale', enrolment.tokenFor('ale'));
    const officer = officerCookie('lpo-ale-kungalv', police.tokenFor('lpo-ale-kungalv'));
    const sessions = { coordinator: await formSession(`${web.url}/ale/grannsamverkan`, coordinator), officer: await formSession(`${web.url}/ale/grannsamverkan`, officer) };
    const serverErrors: string[] = [];
    const statuses = new Map<number, number>();
    const slowest: Array<{ ms: number; route: string }> = [];
    for (const route of routes) {
      const session = route.path.startsWith('/polis') ? sessions.officer : sessions.coordinator;
      for (let i = 0; i < perRoute; i++) {
        const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(paramValue(name)).replace(/%25/g, '%')) + pick(queryJunk);
        const headers: Record<string, string> = { cookie: random() < 0.9 ? session.cookie : '' };
        let body: string | undefined;
        if (route.method !== 'GET') {
          const roll = random();
          headers['content-type'] = roll < 0.8 ? 'application/x-www-form-urlencoded' : pick(['application/json', 'text/plain', 'multipart/form-data; boundary=x']);
          body = roll < 0.8 ? formBody(session.token) : pick(['{', '{"name":1}', '\u0000', `${'['.repeat(3_000)}${']'.repeat(3_000)}`]);
        }
        const started = Date.now();
        const res = await fetch(`${web.url}${path}`, { method: route.method, headers, ...(body === undefined ? {} : { body }), redirect: 'manual' });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        slowest.push({ ms: Date.now() - started, route: `${route.method} ${route.path}` });
        if (res.status >= 500) serverErrors.push(`${res.status} ${route.method} ${route.path}: ${route.method} ${path.slice(0, 150)} ${(body ?? '').slice(0, 200)}`);
      }
    }
    process.stdout.write(`web fuzz (seed ${seed}): ${routes.length} routes, answers ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`);
    slowest.sort((a, b) => b.ms - a.ms);
    process.stdout.write(`web fuzz: slowest answers ${slowest.slice(0, 5).map((s) => `${s.ms} ms ${s.route}`).join('; ')}\n`);
    expect({ seed, serverErrors }).toEqual({ seed, serverErrors: [] });
  });
});
