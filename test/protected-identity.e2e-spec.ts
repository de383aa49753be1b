import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { mongo } from 'mongoose';
import { eventContracts } from '@trygg/contracts';
import { type RouteContract, serviceRoutes, type ServiceWithApi } from '@trygg/http-contracts';
import { MailCatcherClient, mongoUrl, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';

// Issue 13, protected identity (skyddad identitet), end to end through every service as a process on the shared
// Kafka, FerretDB, Redis and SMTP catcher: in Lilla Edet a resident whose address no area rule places (triage) and a
// contact-person nominee (Lödöse, a new group) register with protected identity and a distinctive name, street and
// email; the events flow (enrolment → onboarding → the coordinator's review → bra-review → police-liaison;
// notifications keeps the recipients). Then EVERY GET route of every service (from libs/http-contracts, the path
// parameters filled with the ids the test knows) is called as every role without the `protected-identity`
// permission, and every body is searched for the names, streets and emails: none may appear. With the permission
// (identity.yaml's `skyddad-identitet-behorig`), the coordinator and the reviewer see them where they work. The web's
// staff and police pages (a signed-in session) and the services' log files are searched the same way.
// Ports 4370–4377; databases, consumer groups (started at the end of the topics) and the queue prefix unique per run.

const run = randomUUID().slice(0, 8);
/** Letters only (names and streets refuse digits in some rules): the run id as letters. */
const tag = run.replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!);
const ports = { enrolment: 4370, onboarding: 4371, notifications: 4372, police: 4373, bra: 4374, volunteers: 4375, web: 4376 };
const url = (port: number) => `http://127.0.0.1:${port}`;
const db = {
  enrolment: `pid_${run}_enrolment`,
  onboarding: `pid_${run}_onboarding`,
  notifications: `pid_${run}_notifications`,
  police: `pid_${run}_police`,
  bra: `pid_${run}_bra`,
  volunteers: `pid_${run}_volunteers`,
};
const group = (service: string) => `pid-${run}-${service}`;
const allTopics = eventContracts.map((c) => c.type);
const internalSecrets = { INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: randomBytes(32).toString('hex'), INTERNAL_SECRET_WEB_PREFERENCES: randomBytes(32).toString('hex') };
const sessionSecret = randomBytes(32).toString('hex');

const resident = { name: `Hemlig Triagesson ${tag}`, email: `pid-${run}-triage@e2e.example`, street: `Doldavägen${tag}`, number: '3', postcode: '463 99' };
const nominee = { name: `Hemlig Kontaktsson ${tag}`, email: `pid-${run}-nominee@e2e.example`, street: `Skyddsstigen${tag}`, number: '17', postcode: '463 71' };
/** What must never appear where the viewer lacks the permission. */
const secrets = [resident.name, resident.street, resident.email, nominee.name, nominee.street, nominee.email];
const leaks = (text: string) => secrets.filter((s) => text.toLowerCase().includes(s.toLowerCase()));

let idp: TestIdp;
let processes: Record<keyof typeof ports, ServiceProcess>;
function makeProcesses(DEV_IDP_URL: string): Record<keyof typeof ports, ServiceProcess> {
  const common = { DEV_IDP_URL, ...internalSecrets, LOG_LEVEL: 'info' };
  return {
    enrolment: new ServiceProcess({ service: 'enrolment', port: ports.enrolment, env: { ...common, MONGO_URL: mongoUrl(db.enrolment), CONSUMER_GROUP: group('enrolment'), WEB_PUBLIC_URL: url(ports.web) } }),
    onboarding: new ServiceProcess({ service: 'onboarding', port: ports.onboarding, env: { ...common, MONGO_URL: mongoUrl(db.onboarding), CONSUMER_GROUP: group('onboarding'), TIMER_INTERVAL_MS: '60000' } }),
    notifications: new ServiceProcess({
      service: 'notifications',
      port: ports.notifications,
      env: {
        ...common,
        MONGO_URL: mongoUrl(db.notifications),
        CONSUMER_GROUP: group('notifications'),
        QUEUE_PREFIX: group('notifications'),
        NOTIFICATIONS_PUBLIC_URL: url(ports.notifications),
        ENROLMENT_URL: url(ports.enrolment),
        WEB_PUBLIC_URL: url(ports.web),
        RETRY_BASE_DELAY_MS: '200',
      },
    }),
    police: new ServiceProcess({ service: 'police-liaison', port: ports.police, env: { ...common, MONGO_URL: mongoUrl(db.police), CONSUMER_GROUP: group('police') } }),
    bra: new ServiceProcess({ service: 'bra-review', port: ports.bra, env: { ...common, MONGO_URL: mongoUrl(db.bra), CONSUMER_GROUP: group('bra') } }),
    volunteers: new ServiceProcess({ service: 'volunteers', port: ports.volunteers, env: { ...common, MONGO_URL: mongoUrl(db.volunteers), CONSUMER_GROUP: group('volunteers') } }),
    web: new ServiceProcess({
      service: 'web',
      port: ports.web,
      env: {
        ...common,
        WEB_PUBLIC_URL: url(ports.web),
        WEB_SESSION_SECRET: sessionSecret,
        COOKIE_SECURE: 'false',
        ENROLMENT_URL: url(ports.enrolment),
        POLICE_LIAISON_URL: url(ports.police),
        NOTIFICATIONS_URL: url(ports.notifications),
        RATE_LIMIT_MAX: '1000',
      },
    }),
  };
}
const serviceUrl: Record<ServiceWithApi, string> = {
  enrolment: url(ports.enrolment),
  notifications: url(ports.notifications),
  onboarding: url(ports.onboarding),
  'police-liaison': url(ports.police),
  'bra-review': url(ports.bra),
  volunteers: url(ports.volunteers),
};

const mail = new MailCatcherClient(process.env['MAIL_CATCHER_URL'] ?? 'http://127.0.0.1:1080');
jest.setTimeout(240_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several services
type Json = any;

async function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; text: string; body: Json }> {
  const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  let parsed: Json = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, text, body: parsed };
}

/** The web's session cookie for a signed-in person, sealed as the web seals it (AES-256-GCM, purpose `session`). */
function sessionCookie(session: Record<string, unknown>): string {
  const key = createHash('sha256').update('trygg-samverkan web cookie key\0').update(sessionSecret).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from('v1:session'));
  const body = Buffer.concat([cipher.update(JSON.stringify(session), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `trygg-session=v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

async function register(person: typeof resident, intent: 'join' | 'contact-person'): Promise<void> {
  const res = await call(url(ports.enrolment), 'POST', '/registrations', {}, {
    municipalityId: 'lilla-edet',
    name: person.name,
    email: person.email,
    address: { street: person.street, number: person.number, postcode: person.postcode },
    intent,
    protectedIdentity: true,
  });
  expect(res.status).toBe(202);
  const received = await waitFor(`the confirmation mail to ${person.email}`, async () => (await mail.messagesTo(person.email)).find((m) => m.subject.startsWith('Bekräfta din anmälan')), { timeoutMs: 90_000, intervalMs: 250 });
  const token = /\/bekrafta\/([A-Za-z0-9_-]{20,})/.exec(received.text)![1];
  const confirmed = await call(url(ports.enrolment), 'POST', '/confirmations', {}, { municipalityId: 'lilla-edet', token });
  expect(confirmed.status).toBe(200);
}

describe('protected identity: a protected person’s name, street and email appear nowhere a viewer without the permission looks', () => {
  let client: mongo.MongoClient;
  /** authorization headers by role, none holding the protected-identity permission. */
  let without: Record<string, Record<string, string>>;
  /** Lilla Edet's coordinator and BRÅ reviewer holding it. */
  let permitted: { coordinator: Record<string, string>; reviewer: Record<string, string> };
  const logOffsets = new Map<string, number>();
  const ids = { groupId: '', instanceId: '', nomineePersonId: '', reviewId: '', caseId: '' };

  beforeAll(async () => {
    client = await testMongo();
    const kafka = testKafka();
    for (const service of Object.keys(ports)) if (service !== 'web') await startGroupAtEnd(kafka, group(service), allTopics);
    idp = await TestIdp.start();
    const permission = 'skyddad-identitet-behorig';
    without = {
      coordinator: await idp.coordinator('lilla-edet'),
      reviewer: await idp.staff('lilla-edet', ['bra-granskare'], 'bra.lillaedet'),
      'municipal-role': await idp.staff('lilla-edet', ['folkhalsostrateg'], 'folkhalsa.lillaedet'),
      'data-protection-officer': await idp.staff('lilla-edet', ['dataskyddsombud'], 'dso.lillaedet'),
      admin: await idp.staff('lilla-edet', ['trygg-admin'], 'admin.lillaedet'),
      officer: await idp.officer('lpo-trollhattan'),
    };
    permitted = {
      coordinator: await idp.coordinator('lilla-edet', 'behorig.lillaedet', [permission]),
      reviewer: await idp.staff('lilla-edet', ['bra-granskare', permission], 'bra-behorig.lillaedet'),
    };
    processes = makeProcesses(idp.url);
    for (const p of Object.values(processes)) logOffsets.set(p.logFile, existsSync(p.logFile) ? statSync(p.logFile).size : 0);
    await Promise.all(Object.values(processes).map((p) => p.start({ readyTimeoutMs: 90_000 })));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(Object.values(processes ?? {}).map((p) => p.stop()));
    await idp?.close();
    if (client) {
      for (const name of Object.values(db)) await client.db(name).dropDatabase();
      await client.close();
    }
  }, 60_000);

  /** Calls every GET route of every service as every role in `as`, the path parameters filled with the known ids. */
  async function everyGet(as: Record<string, Record<string, string>>): Promise<Array<{ route: string; role: string; status: number; text: string }>> {
    const params: Record<string, string> = {
      m: 'lilla-edet',
      municipality: 'lilla-edet',
      groupId: ids.groupId,
      id: '',
      token: 'x'.repeat(43),
      personId: ids.nomineePersonId,
      kind: 'contact-person',
      version: '1',
      template: 'registration-confirmation',
    };
    const answers: Array<{ route: string; role: string; status: number; text: string }> = [];
    for (const [service, routes] of Object.entries(serviceRoutes) as Array<[ServiceWithApi, readonly RouteContract[]]>) {
      for (const route of routes.filter((r) => r.method === 'get')) {
        const idFor = route.path.startsWith('/instances') ? ids.instanceId : route.path.startsWith('/police-areas') ? 'lpo-trollhattan' : randomUUID();
        const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(name === 'id' ? idFor : params[name]!));
        const query = route.path === '/instances' ? `?subjectKind=contact-person&subjectId=${ids.instanceId ? await subjectIdOf(ids.instanceId) : randomUUID()}` : '';
        const internal = route.access.kind === 'internal' ? { authorization: `Bearer ${internalSecrets.INTERNAL_SECRET_WEB_PREFERENCES}`, 'x-internal-caller': 'web' } : undefined;
        for (const [role, headers] of Object.entries(internal ? { internal } : as)) {
          const res = await call(serviceUrl[service], 'GET', `${path}${query}`, headers);
          answers.push({ route: `${service} GET ${route.path}`, role, status: res.status, text: res.text });
        }
      }
    }
    return answers;
  }

  async function subjectIdOf(instanceId: string): Promise<string> {
    const doc = await client.db(db.onboarding).collection('instances').findOne({ _id: instanceId as never });
    return (doc?.['subject'] as { id: string }).id;
  }

  /** Every web page of the signed-in coordinator and officer, with a session cookie as the web seals it. */
  async function everyPage(): Promise<Array<{ page: string; status: number; text: string }>> {
    const now = Date.now();
    const base = { idToken: 'id-token', expiresAt: now + 10 * 60_000, createdAt: now, lastSeenAt: now };
    const coordinatorToken = without['coordinator']!['authorization']!.replace('Bearer ', '');
    const officerToken = without['officer']!['authorization']!.replace('Bearer ', '');
    const coordinator = sessionCookie({ ...base, accessToken: coordinatorToken, organisation: 'lilla-edet', name: 'Samordnare', roles: ['coordinator'], municipalityId: 'lilla-edet' });
    const officer = sessionCookie({ ...base, accessToken: officerToken, organisation: 'polisen', name: 'Polis', roles: ['police-officer'], policeAreaId: 'lpo-trollhattan' });
    const pages: Array<[string, string]> = [
      ...['', '/omraden', '/grupper', `/grupper/${ids.groupId}`, '/skyltar', '/import', `/grupper/${ids.groupId}/medlemmar.csv`].map((p): [string, string] => [`/lilla-edet/samordnare${p}`, coordinator]),
      ['/polis', officer],
      ...(ids.caseId ? [[`/polis/arenden/${ids.caseId}`, officer] as [string, string]] : []),
    ];
    const answers: Array<{ page: string; status: number; text: string }> = [];
    for (const [page, cookie] of pages) {
      const res = await fetch(`${url(ports.web)}${page}`, { headers: { cookie }, redirect: 'manual' });
      answers.push({ page, status: res.status, text: await res.text() });
    }
    return answers;
  }

  it('registers a protected resident (triage) and a protected contact-person nominee; the events flow to every service', async () => {
    await register(resident, 'join');
    await register(nominee, 'contact-person');

    // onboarding: Lilla Edet's contact-person process waits for the coordinator's review.
    const instance = await waitFor('the nominee’s onboarding at the coordinator’s review', async () => {
      const doc = await client.db(db.onboarding).collection('instances').findOne({ kind: 'contact-person' });
      return doc && doc['currentStepId'] === 'coordinator-check' ? doc : undefined;
    }, { timeoutMs: 90_000, intervalMs: 250 });
    ids.instanceId = String(instance['_id']);
    ids.nomineePersonId = (instance['subject'] as { personId: string }).personId;
    expect(instance['protectedIdentity']).toBe(true);
    const groups = await call(url(ports.enrolment), 'GET', '/staff/lilla-edet/groups', without['coordinator']);
    ids.groupId = (groups.body.groups as Json[]).find((g) => g.areaId === 'lodose').id;

    // notifications knows both as protected recipients; the nominee's address bounces (as a hard bounce would mark it).
    await waitFor('the protected recipients in notifications', async () => ((await client.db(db.notifications).collection('recipients').countDocuments({ protectedIdentity: true })) === 2 ? true : undefined), { timeoutMs: 90_000, intervalMs: 250 });
    await client.db(db.notifications).collection('recipients').updateOne({ _id: ids.nomineePersonId as never }, { $set: { emailBouncedAt: new Date() } });

    // The coordinator's review → Lilla Edet's BRÅ review opens, carrying the flag.
    expect((await call(url(ports.onboarding), 'POST', `/instances/${ids.instanceId}/steps/coordinator-check/complete`, permitted.coordinator, { outcome: 'approved' })).status).toBe(202);
    const review = await waitFor('the BRÅ review', async () => ((await call(url(ports.bra), 'GET', '/reviews', without['reviewer'])).body?.reviews as Json[] | undefined)?.find((r) => r.instanceId === ids.instanceId), { timeoutMs: 90_000, intervalMs: 250 });
    ids.reviewId = review.id;
    expect(review).toMatchObject({ protectedIdentity: true, subjectFields: { name: 'Skyddad person' } });
  });

  it('with the BRÅ review pending: no GET route of any service shows them to a role without the permission', async () => {
    const answers = await everyGet(without);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.map((a) => ({ route: a.route, role: a.role, leaks: leaks(a.text) })).filter((a) => a.leaks.length)).toEqual([]);
    // Not an empty walk: the views that hold the people answered, as "Skyddad person".
    const shown = (route: string, role: string) => answers.find((a) => a.route === route && a.role === role)!;
    for (const [route, role] of [
      ['enrolment GET /staff/:m/triage', 'coordinator'],
      ['onboarding GET /instances/:id/timeline', 'coordinator'],
      ['onboarding GET /instances', 'coordinator'],
      ['bra-review GET /reviews', 'reviewer'],
      ['notifications GET /staff/:m/recipients/unreachable', 'coordinator'],
    ]) {
      expect({ route, status: shown(route!, role!).status }).toEqual({ route, status: 200 });
      expect({ route, shows: shown(route!, role!).text.includes('Skyddad person') }).toEqual({ route, shows: true });
    }
  });

  it('with the permission, the coordinator and the reviewer see them where they work', async () => {
    const triage = await call(url(ports.enrolment), 'GET', '/staff/lilla-edet/triage', permitted.coordinator);
    expect(triage.text).toContain(resident.name);
    expect(triage.text).toContain(resident.street);
    const instance = await call(url(ports.onboarding), 'GET', `/instances/${ids.instanceId}/timeline`, permitted.coordinator);
    expect(instance.body.instance.subjectFields.name).toBe(nominee.name);
    const unreachable = await call(url(ports.notifications), 'GET', '/staff/lilla-edet/recipients/unreachable', permitted.coordinator);
    expect((unreachable.body.recipients as Json[]).map((r) => r.name)).toContain(nominee.name);
    const reviews = await call(url(ports.bra), 'GET', '/reviews', permitted.reviewer);
    expect((reviews.body.reviews as Json[]).find((r) => r.id === ids.reviewId).subjectFields.name).toBe(nominee.name);
  });

  it('with the police case pending: no GET route, no staff or police page shows them; the police see "Skyddad person"', async () => {
    expect((await call(url(ports.bra), 'POST', `/reviews/${ids.reviewId}/decision`, permitted.reviewer, { outcome: 'approved', reason: 'Inga hinder.' })).status).toBe(200);
    const policeCase = await waitFor('the police case', async () => ((await call(url(ports.police), 'GET', '/police-areas/lpo-trollhattan/cases', without['officer'])).body?.cases as Json[] | undefined)?.find((c) => c.instanceId === ids.instanceId), { timeoutMs: 90_000, intervalMs: 250 });
    ids.caseId = policeCase.id;
    expect(policeCase).toMatchObject({ protectedIdentity: true, subjectFields: { name: 'Skyddad person' }, status: 'pending' });

    const answers = await everyGet(without);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.map((a) => ({ route: a.route, role: a.role, leaks: leaks(a.text) })).filter((a) => a.leaks.length)).toEqual([]);

    const pages = await everyPage();
    expect(pages.map((p) => ({ page: p.page, status: p.status }))).toEqual(pages.map((p) => ({ page: p.page, status: 200 })));
    expect(pages.map((p) => ({ page: p.page, leaks: leaks(p.text) })).filter((p) => p.leaks.length)).toEqual([]);
    expect(pages.find((p) => p.page === '/polis')!.text).toContain('Skyddad person');
    expect(pages.find((p) => p.page === '/lilla-edet/samordnare')!.text).toContain('Skyddad person');
  });

  it('the services’ logs of this run carry neither their names, streets nor emails', () => {
    for (const p of Object.values(processes)) {
      const text = existsSync(p.logFile) ? readFileSync(p.logFile).subarray(logOffsets.get(p.logFile) ?? 0).toString('utf8') : '';
      expect({ log: p.logFile, leaks: leaks(text) }).toEqual({ log: p.logFile, leaks: [] });
    }
  });
});
