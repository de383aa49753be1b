import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { mongo } from 'mongoose';
import { z } from 'zod';
import { pathParameterNames, type RouteContract, serviceRoutes, type ServiceWithApi } from '@trygg/http-contracts';
import { IDP_GROUPS, mongoUrl, seededRandom, ServiceProcess, TestIdp, testMongo, waitFor } from '@trygg/testing';

// Issue 13: every HTTP endpoint of every service, generated from the route contracts (libs/http-contracts
// `serviceRoutes`), gets a few dozen malformed requests each — missing, extra and wrongly typed fields, huge strings,
// deep nesting, invalid JSON, NUL and lone surrogates, MongoDB operators, prototype keys, bad path parameters, the
// wrong content type, query junk — sent with credentials that pass the route's access check (a TestIdp token of the
// role and municipality the route asks for, the internal secret of its caller, the delivery-report secret and a bogus
// link token), so the requests reach validation. It asserts:
//   - no answer is a 5xx (bad input is a 4xx naming what is wrong);
//   - nothing is stored from a refused request: after every 4xx, every collection of the service's database has the
//     same documents (count and a hash of the contents) as before it — no half-written data and no audit record
//     either (a refused request is logged, not audited; the audit trail records decisions and views that happened).
// The generator is seeded (FUZZ_SEED, default below), so a failure names the seed, the route and the request and can
// be replayed. Every service is a real process (built dist/) on the shared FerretDB, Kafka, Redis and SMTP catcher,
// with its own database, consumer group (reading from the end) and queue prefix; ports 4440–4446. The web front's
// pages are not in the route contracts (HTML forms behind CSRF; test/… and services/web's own specs cover them).

const seed = Number(process.env['FUZZ_SEED'] ?? 20261302);
/** Requests per route: sized so the whole run stays well under two minutes on a shared machine. */
const perRoute = Number(process.env['FUZZ_PER_ROUTE'] ?? 24);
const run = randomUUID().slice(0, 8);
const services = Object.keys(serviceRoutes) as ServiceWithApi[];
const ports: Record<ServiceWithApi, number> = { enrolment: 4441, notifications: 4444, onboarding: 4445, 'police-liaison': 4443, 'bra-review': 4446, volunteers: 4442 };
const database = (service: string) => `fuzz_${run}_${service.replace(/-/g, '_')}`;
const group = (service: string) => `fuzz-${run}-${service}`;

// The internal secrets every internal route names (INTERNAL_SECRET_<CALLER>_<PURPOSE>), fresh per run, given to every
// service; and the delivery-report secret of notifications.
const snake = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
const internalSecrets: Record<string, string> = {};
for (const route of services.flatMap((s) => serviceRoutes[s] as readonly RouteContract[])) {
  if (route.access.kind !== 'internal') continue;
  for (const caller of route.access.callers) internalSecrets[`INTERNAL_SECRET_${snake(caller)}_${snake(route.access.purpose)}`] = randomBytes(32).toString('hex');
}
const deliveryReportSecret = randomBytes(32).toString('hex');

// ---------------------------------------------------------------- the seeded generator

let random: () => number = seededRandom(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function nested(depth: number, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = random() < 0.5 ? [value] : { a: value };
  return value;
}

/** Values no field expects. */
const hostile: Array<() => unknown> = [
  () => '',
  () => ' ',
  () => '\u0000',
  () => 'Anna\u0000Andersson',
  () => '\ud800',
  () => '\u202eevil\u202c',
  () => '😀'.repeat(300),
  () => 'x'.repeat(20_000),
  () => 'Å'.repeat(5_000),
  () => '<script>alert(1)</script>',
  () => "'; db.dropDatabase(); //",
  () => '../../../etc/passwd',
  () => '%00%ZZ',
  () => 'line\r\nbreak',
  () => 'https://bankid.example.evil/login',
  () => '2026-13-45T25:61:00Z',
  () => '00000000-0000-0000-0000-000000000000',
  () => randomUUID(),
  () => 0,
  () => -1,
  () => 1.5,
  () => 1e308,
  () => -1e308,
  () => 2 ** 53 + 1,
  () => true,
  () => false,
  () => null,
  () => [],
  () => ({}),
  () => ({ $gt: '' }),
  () => ({ $ne: null }),
  () => ({ $where: 'sleep(1000)' }),
  () => ({ __proto__: { polluted: true } }),
  () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown,
  () => ['a', 1, null, {}],
  () => nested(200),
  () => Array.from({ length: 2_000 }, (_, i) => i),
];
const anyHostile = () => pick(hostile)();

type Json = Record<string, unknown>;

/** A plausible value of a JSON Schema (the route's body as zod describes it): the starting point of a mutation. */
function plausible(schema: Json | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return 'x';
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum'])) return pick(schema['enum'] as unknown[]);
  const options = (schema['anyOf'] ?? schema['oneOf']) as Json[] | undefined;
  if (options?.length) return plausible(pick(options), depth + 1);
  if (Array.isArray(schema['allOf']) && schema['allOf'].length) return plausible((schema['allOf'] as Json[])[0], depth + 1);
  const type = Array.isArray(schema['type']) ? (schema['type'] as string[]).find((t) => t !== 'null') : (schema['type'] as string | undefined);
  switch (type) {
    case 'object': {
      const properties = (schema['properties'] ?? {}) as Record<string, Json>;
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, plausible(value, depth + 1)]));
    }
    case 'array':
      return [plausible(schema['items'] as Json | undefined, depth + 1)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default: {
      const format = schema['format'];
      if (format === 'email') return 'anna@example.se';
      if (format === 'uuid') return randomUUID();
      if (format === 'date-time') return '2026-12-02T10:00:00Z';
      if (format === 'date') return '2026-12-02';
      return 'Anna';
    }
  }
}

function jsonSchemaOf(schema: unknown): Json | undefined {
  if (!schema) return undefined;
  try {
    return z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Json;
  } catch {
    return undefined;
  }
}

/** Replaces one value somewhere inside `value` (or drops a key, or adds one). */
function mutate(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 4 || random() < 0.25) return anyHostile();
  if (Array.isArray(value)) {
    if (value.length === 0 || random() < 0.3) return [...value, anyHostile()];
    const i = Math.floor(random() * value.length);
    return value.map((v, j) => (j === i ? mutate(v, depth + 1) : v));
  }
  const entries = Object.entries(value as Json);
  const roll = random();
  if (entries.length === 0 || roll < 0.15) return { ...(value as Json), [pick(['extra', '$set', '__proto__', 'constructor', 'municipalityId', 'a.b', ''])]: anyHostile() };
  const [key] = pick(entries);
  if (roll < 0.35) return Object.fromEntries(entries.filter(([k]) => k !== key));
  return Object.fromEntries(entries.map(([k, v]) => [k, k === key ? mutate(v, depth + 1) : v]));
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  what: string;
}

const paramJunk = ['', '%00', '..%2F..%2Fetc', '%ZZ', 'x'.repeat(3_000), '%F0%9F%98%80', '%E2%80%AE', '%7B%22%24gt%22%3A%22%22%7D', 'null', '-1', '1e999', '__proto__', 'constructor', '%20', '%0D%0A'];
const queryJunk = ['?a[b][c][d]=1', '?__proto__[polluted]=1', '?x=%00', '?limit=-1&limit=999999999', '?before=not-a-date', '?subjectId[$ne]=1', '?%ZZ=%ZZ', `?q=${'x'.repeat(5_000)}`, '?lang=xx&lang=sv', '?actor=&subjectId='];
const rawBodies = ['{', '{"a":', 'null', '[]', '"text"', '1', 'true', '{"a":1,"a":2}', '\u0000', '{"x":"\\ud800"}', `${'['.repeat(5_000)}${']'.repeat(5_000)}`, `{"a":"${'y'.repeat(200_000)}"}`];

const headerJunk = ['', 'Bearer', 'Bearer ', 'Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'Basic YTpi', `Bearer ${'x'.repeat(8_000)}`, 'web', 'notifications, web', 'sv;q=abc,*;q=-1', '%00', 'a=b; a=c; __proto__=x'];

/** The value a scope parameter must have for the principal to pass (Ale's coordinator, Ale's police area…). */
function scopeValue(route: RouteContract, param: string): string | undefined {
  if (route.access.kind !== 'signed-in' || typeof route.access.scope !== 'object') return undefined;
  const scope = route.access.scope;
  if ('municipalityParam' in scope && scope.municipalityParam === param) return 'ale';
  if ('policeAreaParam' in scope && scope.policeAreaParam === param) return 'lpo-ale-kungalv';
  return undefined;
}

function plausibleParam(route: RouteContract, param: string): string {
  const scoped = scopeValue(route, param);
  if (scoped) return scoped;
  if (param === 'secret' && route.path.startsWith('/sms/')) return pick([deliveryReportSecret, 'wrong-secret', deliveryReportSecret.slice(1)]);
  if (param === 'token' && route.path.startsWith('/self-service/') && selfServiceToken) return pick([selfServiceToken, selfServiceToken, 'k3Jx0Qm9p1Zc8Vb7Nn6Ll5Kk4Jj3Hh2Gg1Ff0Ee9Dd', '']);
  if (param === 'token') return pick(['k3Jx0Qm9p1Zc8Vb7Nn6Ll5Kk4Jj3Hh2Gg1Ff0Ee9Dd', 'bogus', '']);
  if (param === 'municipality' || param === 'm') return pick(['ale', 'lilla-edet', 'nowhere']);
  return pick([randomUUID(), 'x', '1']);
}

function requestFor(route: RouteContract, credentials: Record<string, string>): FuzzRequest {
  const names = pathParameterNames(route.path);
  const junkParam = names.length > 0 && random() < 0.3 ? pick(names) : undefined;
  const path =
    route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => (name === junkParam ? pick(paramJunk) : encodeURIComponent(plausibleParam(route, name)))) +
    (route.query || random() < 0.3 ? pick(['', ...queryJunk]) : '');
  const method = route.method.toUpperCase();
  const headers: Record<string, string> = { ...credentials };
  // Now and then the credentials or other headers themselves are junk (the access check must refuse, not fail).
  if (random() < 0.08) headers[pick(['authorization', 'x-internal-caller', 'x-correlation-id', 'accept-language', 'cookie'])] = pick(headerJunk);
  if (method === 'GET' || method === 'DELETE') {
    return { method, path, headers, what: junkParam ? `bad :${junkParam}` : 'query junk' };
  }
  const roll = random();
  const base = plausible(jsonSchemaOf(route.body));
  if (roll < 0.15) {
    headers['content-type'] = 'application/json';
    return { method, path, headers, body: pick(rawBodies), what: 'invalid JSON' };
  }
  if (roll < 0.25) {
    headers['content-type'] = pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=utf-7']);
    const body = headers['content-type'] === 'application/x-www-form-urlencoded' ? 'a[b][c]=1&__proto__[x]=1&id=%00&status=delivered' : JSON.stringify(base);
    return { method, path, headers, body, what: `content-type ${headers['content-type']}` };
  }
  headers['content-type'] = 'application/json';
  if (roll < 0.32) return { method, path, headers, what: 'no body' };
  if (roll < 0.4) return { method, path, headers, body: JSON.stringify(nested(2_000)), what: 'deep nesting' };
  if (roll < 0.5) {
    const all = base && typeof base === 'object' && !Array.isArray(base) ? Object.fromEntries(Object.keys(base as Json).map((k) => [k, anyHostile()])) : anyHostile();
    return { method, path, headers, body: JSON.stringify(all), what: 'every field hostile' };
  }
  let body = base;
  for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++) body = mutate(body);
  return { method, path, headers, body: JSON.stringify(body), what: junkParam ? `bad :${junkParam} + mutated body` : 'mutated body' };
}

// ---------------------------------------------------------------- credentials and snapshots

let idp: TestIdp;
/** A real self-service link token of a confirmed resident of Ale (made in beforeAll), beside bogus ones. */
let selfServiceToken: string | undefined;

/**
 * A resident registers and confirms, as through the web, and enrolment issues their self-service link: the link
 * routes are fuzzed with a token that opens them too. Links are asked for as notifications asks (its internal secret).
 */
async function makeSelfServiceToken(): Promise<string> {
  const enrolment = processes.enrolment.url;
  const asNotifications = { 'content-type': 'application/json', authorization: `Bearer ${internalSecrets['INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS']}`, 'x-internal-caller': 'notifications' };
  const post = async (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const res = await fetch(`${enrolment}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : null) as Json;
  };
  const tokenOf = (url: unknown) => new URL(String(url)).pathname.split('/').filter(Boolean).pop()!;
  await post('/registrations', { municipalityId: 'ale', name: 'Fuzz Boende', email: `fuzz-resident-${run}@example.se`, address: { street: 'Storgatan', number: '1', postcode: '449 30' }, intent: 'join' });
  const registrations = client.db(database('enrolment')).collection('registrations');
  const registration = await registrations.findOne({});
  if (!registration) throw new Error('the registration was not stored');
  const confirmation = await post('/internal/links', { kind: 'confirmation', registrationId: registration._id }, asNotifications);
  await post('/confirmations', { municipalityId: 'ale', token: tokenOf(confirmation['url']) });
  const { personId } = (await registrations.findOne({ _id: registration._id })) as unknown as { personId: string };
  return tokenOf((await post('/internal/links', { kind: 'self-service', personId }, asNotifications))['url']);
}
async function credentialsFor(route: RouteContract): Promise<Record<string, string>> {
  const access = route.access;
  switch (access.kind) {
    case 'public':
    case 'link':
      return {};
    case 'internal': {
      const caller = access.callers[0]!;
      return { authorization: `Bearer ${internalSecrets[`INTERNAL_SECRET_${snake(caller)}_${snake(access.purpose)}`]}`, 'x-internal-caller': caller };
    }
    case 'signed-in': {
      const roles = access.roles;
      if (roles.includes('coordinator')) return idp.coordinator('ale', 'fuzz-coordinator');
      if (roles.includes('police-officer')) return idp.officer('lpo-ale-kungalv', 'fuzz-officer');
      if (roles.includes('reviewer')) return idp.staff('lilla-edet', [IDP_GROUPS.reviewer], 'fuzz-reviewer');
      if (roles.includes('admin')) return idp.staff('ale', [IDP_GROUPS.admin], 'fuzz-admin');
      if (roles.includes('data-protection-officer')) return idp.staff('ale', [IDP_GROUPS['data-protection-officer']], 'fuzz-dpo');
      return idp.staff('ale', [IDP_GROUPS['municipal-role']], 'fuzz-role');
    }
  }
}

/** Which collections differ between two snapshots ('' when none). */
function differs(before: Record<string, string>, after: Record<string, string>): string {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]).map((name) => `${name} ${before[name] ?? 'none'} → ${after[name] ?? 'none'}`).join(', ');
}

function label(service: string, route: RouteContract, request?: FuzzRequest): string {
  const what = request ? ` (${request.what}: ${request.method} ${request.path.slice(0, 120)} ${(request.body ?? '').slice(0, 160)})` : '';
  return `${service} ${route.method.toUpperCase()} ${route.path}${what}`;
}

let client: mongo.MongoClient;
/** Every collection of a service's database: its document count and a hash of its documents in _id order. */
async function snapshot(service: ServiceWithApi): Promise<Record<string, string>> {
  const db = client.db(database(service));
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const entries = await Promise.all(
    names.map(async (name) => {
      const docs = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
      return [name, `${docs.length} ${createHash('sha256').update(JSON.stringify(docs)).digest('hex').slice(0, 16)}`] as const;
    }),
  );
  return Object.fromEntries(entries);
}

let processes: Record<ServiceWithApi, ServiceProcess>;
const makeProcesses = (DEV_IDP_URL: string) => Object.fromEntries(
  services.map((service) => [
    service,
    new ServiceProcess({
      service,
      port: ports[service],
      env: {
        MONGO_URL: mongoUrl(database(service)),
        CONSUMER_GROUP: group(service),
        CONSUMER_FROM_BEGINNING: 'false',
        QUEUE_PREFIX: group(service),
        LOG_LEVEL: 'info',
        NOTIFICATIONS_PUBLIC_URL: `http://127.0.0.1:${ports.notifications}`,
        ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`,
        SMS_DELIVERY_REPORT_SECRET: deliveryReportSecret,
        HOUSEKEEPING_INTERVAL_MS: '3600000',
        TIMER_INTERVAL_MS: '3600000',
        // The fuzz is about what each route does with bad input: the per-network and per-identifier limits (tested in
        // services/web/test/limits.int-spec.ts) would answer 429 before validation once a few hundred posts were made.
        RATE_LIMIT_MAX: '1000000',
        RATE_LIMIT_EMAIL_MAX: '1000000',
        RATE_LIMIT_ADDRESS_MAX: '1000000',
        RATE_LIMIT_MOBILE_MAX: '1000000',
        CONFIRMATION_MAIL_INTERVAL_SECONDS: '1',
        DEV_IDP_URL,
        ...internalSecrets,
      },
    }),
  ]),
) as Record<ServiceWithApi, ServiceProcess>;

jest.setTimeout(180_000);

describe('every endpoint of every service, fuzzed from its route contract', () => {
  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    processes = makeProcesses(idp.url);
    await Promise.all(Object.values(processes).map((p) => p.start({ readyTimeoutMs: 90_000 })));
    selfServiceToken = await makeSelfServiceToken();
    const self = await fetch(`${processes.enrolment.url}/self-service/${selfServiceToken}`);
    expect(self.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(Object.values(processes ?? {}).map((p) => p.stop()));
    await idp?.close();
    for (const service of services) await client.db(database(service)).dropDatabase();
    await client.close();
  }, 60_000);

  it(`answers no request with a 5xx and stores nothing from a refused one (seed ${seed}, ${perRoute} requests per route)`, async () => {
    const serverErrors: string[] = [];
    const storedFromRefused: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    let generated = 0;
    const timing: Record<string, number> = {};
    // The services are fuzzed side by side (each its own sequence of requests and snapshots of its own database),
    // notifications last and alone: it consumes the events the others' accepted requests produce (a registration's
    // confirmation mail), so its database settles first and no event lands in one of its windows.
    const fuzzService = async (service: ServiceWithApi): Promise<void> => {
      const t0 = Date.now();
      // One sequence per service; requestFor is synchronous, so the services' sequences never interleave.
      const own = seededRandom(seed + services.indexOf(service));
      const base = processes[service].url;
      const send = async (route: RouteContract, request: FuzzRequest): Promise<number> => {
        const res = await fetch(`${base}${request.path}`, { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }), redirect: 'manual' });
        const text = await res.text();
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) serverErrors.push(`${res.status} ${label(service, route, request)} → ${text.slice(0, 200)}`);
        return res.status;
      };
      const refused = (status: number) => status >= 400 && status < 500;
      for (const route of serviceRoutes[service] as readonly RouteContract[]) {
        const credentials = await credentialsFor(route);
        random = own;
        const requests = Array.from({ length: perRoute }, () => requestFor(route, credentials));
        generated += requests.length;
        // The whole batch between two snapshots. The services share Kafka with whatever else runs, so an event from
        // elsewhere may land in the database meanwhile: a window that differs is tried again (up to three times)
        // before anything is blamed; a refused request that really stores something does so every time.
        const answers: number[] = [];
        let before = await snapshot(service);
        for (const request of requests) answers.push(await send(route, request));
        let after = await snapshot(service);
        const suspects = requests.filter((_, i) => refused(answers[i]!));
        if (suspects.length === requests.length && !differs(before, after)) continue;
        // Some were accepted (a view, a report) or the window was not clean: the refused ones again, on their own.
        let clean = false;
        for (let attempt = 0; attempt < 3 && !clean; attempt++) {
          before = await snapshot(service);
          let allRefused = true;
          for (const request of suspects) allRefused = refused(await send(route, request)) && allRefused;
          after = await snapshot(service);
          clean = allRefused && !differs(before, after);
          if (!allRefused) break;
        }
        if (clean) continue;
        for (const request of suspects) {
          let difference = '';
          let status = 0;
          for (let attempt = 0; attempt < 3; attempt++) {
            before = await snapshot(service);
            status = await send(route, request);
            after = await snapshot(service);
            difference = refused(status) ? differs(before, after) : '';
            if (!difference) break;
          }
          if (difference) storedFromRefused.push(`${status} ${label(service, route, request)}: ${difference}`);
        }
      }
      timing[service] = Date.now() - t0;
    };
    await Promise.all(services.filter((s) => s !== 'notifications').map(fuzzService));
    if (services.includes('notifications')) {
      let last = '';
      await waitFor(
        'notifications to settle (the same documents twice, 2 s apart)',
        async () => {
          const now = JSON.stringify(await snapshot('notifications'));
          const settled = now === last;
          last = now;
          return settled || undefined;
        },
        { timeoutMs: 60_000, intervalMs: 2_000 },
      );
      await fuzzService('notifications');
    }
    process.stdout.write(`fuzz (seed ${seed}): ${sent} requests, answers ${JSON.stringify(Object.fromEntries([...statuses].sort()))}, ms per service ${JSON.stringify(timing)}\n`);
    // The delivery report's secret never reaches notifications' log, though the test sent it many times.
    const log = readFileSync(processes.notifications.logFile, 'utf8');
    expect({ seed, secretInLog: log.includes(deliveryReportSecret), serverErrors, storedFromRefused }).toEqual({ seed, secretInLog: false, serverErrors: [], storedFromRefused: [] });
    expect(generated).toBe(services.reduce((n, s) => n + serviceRoutes[s].length, 0) * perRoute);
    // Most answers are refusals: the requests reached validation (and were not all turned away at the door).
    // (FUZZ_SEED=<n> FUZZ_PER_ROUTE=<n> replays or widens the run.)
    expect([...statuses].filter(([status]) => status === 400).reduce((n, [, count]) => n + count, 0)).toBeGreaterThan(sent / 4);
  });

  it('sees a stored document in its snapshot (the check above can fail)', async () => {
    const before = await snapshot('enrolment');
    const res = await fetch(`${processes.enrolment.url}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ municipalityId: 'ale', name: 'Fuzz Kontroll', email: `fuzz-${run}@example.se`, address: { street: 'Storgatan', number: '1', postcode: '449 30' }, intent: 'join' }),
    });
    expect(res.status).toBe(202);
    expect(differs(before, await snapshot('enrolment'))).toMatch(/registrations/);
  });
});
