import { randomBytes, randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { subscriptionsOf } from '@trygg/contracts';
import { MailCatcherClient, mongoUrl, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';

// GDPR Art. 15, end to end: "Mina uppgifter" gathers what every service holds about the person. The real services as
// processes on the shared Kafka, FerretDB, Redis and SMTP catcher, each with its own database and consumer group:
//   a resident of Ale registers as kontaktombud over enrolment's API and confirms from the mail; a neighbour joins
//   the same area → Ale's contact-person process opens a police case → the officer (a TestIdp token) approves it
//   with a note → the resident opens the self-service link of the "registration confirmed" mail in the web front
//   and downloads "Alla uppgifter" as JSON: enrolment's, notifications', onboarding's and police-liaison's parts are
//   there (and bra-review's, empty: Ale's processes have no BRÅ review), the officer's note and identity and the
//   neighbour's data are not. The web asks the services with its own secret; a call without it is refused. Ports 4360–4366.

const run = randomUUID().slice(0, 8);
const ports = { enrolment: 4360, volunteers: 4361, police: 4362, notifications: 4363, onboarding: 4364, bra: 4365, web: 4366 };
const url = (port: number) => `http://127.0.0.1:${port}`;
const db = {
  enrolment: `pde_${run}_enrolment`,
  volunteers: `pde_${run}_volunteers`,
  police: `pde_${run}_police`,
  notifications: `pde_${run}_notifications`,
  onboarding: `pde_${run}_onboarding`,
  bra: `pde_${run}_bra_review`,
};
const group = (service: string) => `pde-${run}-${service}`;
const consumers = { enrolment: 'enrolment', volunteers: 'volunteers', police: 'police-liaison', notifications: 'notifications', onboarding: 'onboarding', bra: 'bra-review' } as const;
const internalSecrets = {
  INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: randomBytes(32).toString('hex'),
  INTERNAL_SECRET_WEB_PREFERENCES: randomBytes(32).toString('hex'),
  INTERNAL_SECRET_WEB_PERSONAL_DATA: randomBytes(32).toString('hex'),
};
const NOTE = `Intern anteckning ${run}: känd av polisen sedan tidigare`;

let idp: TestIdp;
let processes: Record<'enrolment' | 'volunteers' | 'police' | 'notifications' | 'onboarding' | 'bra' | 'web', ServiceProcess>;
function makeProcesses(DEV_IDP_URL: string) {
  const common = { ...internalSecrets, DEV_IDP_URL, LOG_LEVEL: 'warn' };
  const service = (name: string, port: number, key: keyof typeof db, env: Record<string, string> = {}) =>
    new ServiceProcess({ service: name, port, env: { ...common, MONGO_URL: mongoUrl(db[key]), CONSUMER_GROUP: group(key), ...env } });
  processes = {
    enrolment: service('enrolment', ports.enrolment, 'enrolment', { WEB_PUBLIC_URL: url(ports.web) }),
    volunteers: service('volunteers', ports.volunteers, 'volunteers'),
    police: service('police-liaison', ports.police, 'police'),
    onboarding: service('onboarding', ports.onboarding, 'onboarding', { TIMER_INTERVAL_MS: '60000' }),
    bra: service('bra-review', ports.bra, 'bra'),
    notifications: service('notifications', ports.notifications, 'notifications', {
      QUEUE_PREFIX: group('notifications'),
      NOTIFICATIONS_PUBLIC_URL: url(ports.notifications),
      ENROLMENT_URL: url(ports.enrolment),
      WEB_PUBLIC_URL: url(ports.web),
      RETRY_BASE_DELAY_MS: '200',
    }),
    web: new ServiceProcess({
      service: 'web',
      port: ports.web,
      env: {
        ...common,
        WEB_PUBLIC_URL: url(ports.web),
        ENROLMENT_URL: url(ports.enrolment),
        NOTIFICATIONS_URL: url(ports.notifications),
        POLICE_LIAISON_URL: url(ports.police),
        ONBOARDING_URL: url(ports.onboarding),
        BRA_REVIEW_URL: url(ports.bra),
        VOLUNTEERS_URL: url(ports.volunteers),
        RATE_LIMIT_MAX: '1000',
      },
    }),
  };
  return Object.values(processes);
}

const mail = new MailCatcherClient();
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several services
type Json = any;

async function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function mailTo(email: string, match: (m: { subject: string; text: string }) => boolean, what: string) {
  return waitFor(`${what} to ${email}`, async () => (await mail.messagesTo(email)).find(match), { timeoutMs: 45_000, intervalMs: 250 });
}

/** Registers and confirms a resident of Ale over enrolment's API (the confirmation link's token from the mail). */
async function registerAndConfirm(name: string, email: string, intent: 'join' | 'contact-person', number: string): Promise<void> {
  const registered = await call(url(ports.enrolment), 'POST', '/registrations', {}, { municipalityId: 'ale', name, email, address: { street: 'Ale torg', number, postcode: '449 30' }, intent });
  expect(registered.status).toBe(202);
  const confirmation = await mailTo(email, (m) => m.subject.startsWith('Bekräfta din anmälan'), 'the confirmation mail');
  const token = /\/ale\/grannsamverkan\/bekrafta\/([A-Za-z0-9_-]{43})/.exec(confirmation.text)![1];
  const confirmed = await call(url(ports.enrolment), 'POST', '/confirmations', {}, { municipalityId: 'ale', token });
  expect(confirmed.status).toBe(200);
}

describe('"Mina uppgifter": a resident downloads everything every service holds about them', () => {
  let client: mongo.MongoClient;
  const contactName = `Kim Kontakt ${run}`;
  const contactEmail = `pde-${run}-kontakt@e2e.example`;
  const neighbourName = `Nora Granne ${run}`;
  const neighbourEmail = `pde-${run}-granne@e2e.example`;

  beforeAll(async () => {
    client = await testMongo();
    const kafka = testKafka();
    await Promise.all(Object.entries(consumers).map(([key, service]) => startGroupAtEnd(kafka, group(key), subscriptionsOf(service))));
    idp = await TestIdp.start();
    await Promise.all(makeProcesses(idp.url).map((p) => p.start({ readyTimeoutMs: 90_000 })));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(Object.values(processes ?? {}).map((p) => p.stop()));
    await idp?.close();
    if (client) {
      for (const name of Object.values(db)) await client.db(name).dropDatabase();
      await client.close();
    }
  }, 60_000);

  it('holds enrolment’s, notifications’, onboarding’s and police-liaison’s parts, without the officer’s note or another person’s data', async () => {
    await registerAndConfirm(neighbourName, neighbourEmail, 'join', '5');
    await registerAndConfirm(contactName, contactEmail, 'contact-person', '7');

    // The police case of the kontaktombud; the officer approves it with a note meant for the police's own work.
    const officer = await idp.officer('lpo-ale-kungalv');
    const policeCase = await waitFor(
      'the police case',
      async () => ((await call(url(ports.police), 'GET', '/police-areas/lpo-ale-kungalv/cases', officer)).body?.cases as Json[] | undefined)?.find((c) => c.subjectFields?.name === contactName),
      { timeoutMs: 45_000, intervalMs: 250 },
    );
    expect((await call(url(ports.police), 'POST', `/cases/${policeCase.id}/decision`, officer, { outcome: 'approve', reason: NOTE })).status).toBe(200);
    const coordinator = await idp.coordinator('ale');
    await waitFor(
      'onboarding to record the police’s answer',
      async () => {
        const res = await call(url(ports.onboarding), 'GET', `/instances/${policeCase.instanceId}/timeline`, coordinator);
        return res.status === 200 && res.body.instance.steps.find((s: Json) => s.id === 'police-approval')?.status === 'approved' ? true : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );

    // The self-service link of the "registration confirmed" mail leads to the web front's "Mina uppgifter".
    const confirmedMail = await mailTo(contactEmail, (m) => /\/ale\/mina-uppgifter\/[A-Za-z0-9_-]{43}/.test(m.text), 'a mail with the self-service link');
    const base = /http:\/\/127\.0\.0\.1:\d+\/ale\/mina-uppgifter\/[A-Za-z0-9_-]{43}/.exec(confirmedMail.text)![0];
    expect(base.startsWith(url(ports.web))).toBe(true);

    const download = await fetch(`${base}/alla-uppgifter/ladda-ner`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="mina-uppgifter-ale-/);
    const data = (await download.json()) as Json;
    expect(data.missing).toEqual([]);
    expect(data.enrolment).toMatchObject({ name: contactName, email: contactEmail, registrations: [expect.objectContaining({ intent: 'contact-person', status: 'confirmed' })] });
    expect(data.notifications.recipient).toMatchObject({ name: contactName, email: contactEmail });
    const templates = (data.notifications.messages as Json[]).map((m) => m.template);
    expect(templates).toEqual(expect.arrayContaining(['registration-confirmation', 'registration-confirmed']));
    // A kontaktombud is a member too: both of their processes, and the contact-person one holds the police's answer.
    expect((data.onboarding.instances as Json[]).map((i) => i.kind).sort()).toEqual(['contact-person', 'member']);
    const contactProcess = (data.onboarding.instances as Json[]).find((i) => i.kind === 'contact-person');
    expect(contactProcess.id).toBe(policeCase.instanceId);
    expect(contactProcess.steps.find((s: Json) => s.id === 'police-approval')).toMatchObject({ status: 'approved', outcome: 'approved', answeredBy: 'police' });
    expect(data.policeLiaison.cases).toEqual([expect.objectContaining({ id: policeCase.id, status: 'decided', decision: { outcome: 'approve', decidedAt: expect.any(String) } })]);
    expect(data.volunteers).toEqual({ walkers: [] });
    expect(data.braReview).toEqual({ reviews: [] });
    const text = JSON.stringify(data);
    for (const absent of [NOTE, 'polis.lpo-ale-kungalv', neighbourName, neighbourEmail]) expect([absent, text.includes(absent)]).toEqual([absent, false]);

    // The readable page shows the same, in Swedish.
    const page = await fetch(`${base}/alla-uppgifter`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Alla uppgifter vi har om dig');
    expect(html).toContain(contactName);
    expect(html).toContain('police-approval');
    expect(html).toContain('Granskning av brottsförebyggande rådet (BRÅ)');
    expect(html).not.toContain(NOTE);

    // The services answer the web only, with its own secret.
    const personId = data.personId as string;
    const path = `/internal/personal-data/${personId}?municipalityId=ale`;
    expect((await call(url(ports.notifications), 'GET', path)).status).toBe(401);
    expect((await call(url(ports.onboarding), 'GET', path, { ...coordinator, 'x-internal-caller': 'web' })).status).toBe(401);
    const web = { authorization: `Bearer ${internalSecrets.INTERNAL_SECRET_WEB_PERSONAL_DATA}`, 'x-internal-caller': 'web' };
    expect((await call(url(ports.police), 'GET', path, web)).body.cases).toHaveLength(1);
    expect((await call(url(ports.bra), 'GET', path)).status).toBe(401);
    expect((await call(url(ports.bra), 'GET', path, web)).body).toEqual({ reviews: [] });
  }, 180_000);

  it('a service that is down is named as missing; the rest is still there', async () => {
    const confirmedMail = await mailTo(contactEmail, (m) => /\/ale\/mina-uppgifter\/[A-Za-z0-9_-]{43}/.test(m.text), 'a mail with the self-service link');
    const base = /http:\/\/127\.0\.0\.1:\d+\/ale\/mina-uppgifter\/[A-Za-z0-9_-]{43}/.exec(confirmedMail.text)![0];
    await processes.police.stop();
    const data = (await (await fetch(`${base}/alla-uppgifter/ladda-ner`)).json()) as Json;
    expect(data).toMatchObject({ missing: ['police-liaison'], policeLiaison: null, enrolment: { name: contactName } });
    const page = await fetch(`${base}/alla-uppgifter`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Vissa uppgifter saknas just nu[\s\S]*Polisens godkännande/);
  }, 60_000);
});
