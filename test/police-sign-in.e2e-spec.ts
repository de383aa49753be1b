import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { mongo } from 'mongoose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { subscriptionsOf } from '@trygg/contracts';
import {
  axeViolations,
  launchChromium,
  MailCatcherClient,
  mongoUrl,
  ServiceProcess,
  signInAtDevIdp,
  signInAtDevIdpInBrowser,
  startGroupAtEnd,
  tabTo,
  testKafka,
  testMongo,
  waitFor,
} from '@trygg/testing';

// Issue 12, end to end in Debian's Chromium with axe on every page the officer sees, against the REAL development IdP
// (deploy/local/dev-idp.mts at DEV_IDP_URL, started by `make up`) and the shared Kafka, FerretDB, Redis and SMTP server,
// every service a real process with its own databases and consumer groups:
//   a resident of Ale registers in the web front as kontaktombud and confirms from the email (a neighbour has joined
//   the same area's group over the API) → Ale's contact-person process (municipalities/ale/onboarding/contact-person.yaml:
//   police-approval, then agreement) opens a case for Ale's police area → the officer of lpo-ale-kungalv (polis.ale)
//   signs in at the dev IdP from /logga-in, lands on /polis, opens the case and approves it with the keyboard → Ale's
//   coordinator (samordnare.ale, a dev-IdP token: the agreement step has no page) records the accepted agreement →
//   the group is active (enrolment's staff API) and the mails are in the SMTP catcher → the coordinator sees the active
//   group on her pages → the officer logs out through the header's button and /polis asks for sign-in again.
// The web runs on TEST_WEB_URL's port (deploy/local/env.sh, 3990; the dev IdP sends people back to its
// /auth/callback as well as to the web of `make up`), so nothing else may listen there (the test refuses to start otherwise).

const idpUrl = process.env['DEV_IDP_URL'] ?? 'http://127.0.0.1:4890';
const publicUrl = process.env['TEST_WEB_URL'] ?? 'http://127.0.0.1:3990';
const redirectUri = `${publicUrl}/auth/callback`;
const run = randomUUID().slice(0, 8);
const db = { enrolment: `psi_${run}_enrolment`, onboarding: `psi_${run}_onboarding`, notifications: `psi_${run}_notifications`, police: `psi_${run}_police` };
const group = (service: string) => `psi-${run}-${service}`;
const ports = { enrolment: 3541, police: 3543, notifications: 3544, onboarding: 3545 };
const url = (port: number) => `http://127.0.0.1:${port}`;
// The service-to-service secrets (libs/auth: one per caller and purpose), fresh per run.
const internalSecrets = { INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: randomBytes(32).toString('hex'), INTERNAL_SECRET_WEB_PREFERENCES: randomBytes(32).toString('hex') };
// Every process trusts the dev IdP's issuers (DEV_IDP_URL) and nothing else.
const common = { ...internalSecrets, DEV_IDP_URL: idpUrl, LOG_LEVEL: 'warn' };

const processes = {
  enrolment: new ServiceProcess({
    service: 'enrolment',
    port: ports.enrolment,
    env: { ...common, MONGO_URL: mongoUrl(db.enrolment), CONSUMER_GROUP: group('enrolment'), WEB_PUBLIC_URL: publicUrl },
  }),
  onboarding: new ServiceProcess({
    service: 'onboarding',
    port: ports.onboarding,
    env: { ...common, MONGO_URL: mongoUrl(db.onboarding), CONSUMER_GROUP: group('onboarding'), TIMER_INTERVAL_MS: '60000' },
  }),
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
      RETRY_BASE_DELAY_MS: '200',
    },
  }),
  police: new ServiceProcess({
    service: 'police-liaison',
    port: ports.police,
    env: { ...common, MONGO_URL: mongoUrl(db.police), CONSUMER_GROUP: group('police') },
  }),
  web: new ServiceProcess({
    service: 'web',
    port: Number(new URL(publicUrl).port),
    env: {
      ...common,
      WEB_PUBLIC_URL: publicUrl,
      ENROLMENT_URL: url(ports.enrolment),
      POLICE_LIAISON_URL: url(ports.police),
      NOTIFICATIONS_URL: url(ports.notifications),
      RATE_LIMIT_MAX: '1000',
    },
  }),
};
jest.setTimeout(60_000);

const consumers = { enrolment: 'enrolment', onboarding: 'onboarding', notifications: 'notifications', police: 'police-liaison' } as const;

const mail = new MailCatcherClient();
const policeMailbox = 'kommunpolis.lpo-ale-kungalv@polisen.example'; // municipalities/ale/notifications/mailboxes.yaml

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several services
type Json = any;

async function call(base: string, method: string, path: string, authorization?: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A bearer token of a seeded person, signed in at the dev IdP over plain HTTP (libs/testing signInAtDevIdp). */
async function devIdpToken(issuerPath: 'ale' | 'polisen', username: string): Promise<string> {
  const secret = process.env[issuerPath === 'ale' ? 'OIDC_CLIENT_SECRET_ALE' : 'OIDC_CLIENT_SECRET_POLICE'];
  if (!secret) throw new Error('run with deploy/local/env.sh sourced: the dev IdP client secrets are not set');
  const tokens = await signInAtDevIdp({ idpUrl, issuerPath, username, password: 'trygg-dev', clientId: 'trygg-samverkan', clientSecret: secret, redirectUri });
  return `Bearer ${tokens.accessToken}`;
}

/** axe (WCAG 2.1 A/AA) on the page as the browser shows it; a failure names the page. */
async function expectAxeClean(page: Page): Promise<void> {
  expect({ page: new URL(page.url()).pathname, violations: await axeViolations(page) }).toEqual({ page: new URL(page.url()).pathname, violations: [] });
}

/** The confirmation link (token) of the first "Bekräfta din anmälan" mail to `email`. */
async function confirmationLink(email: string): Promise<string> {
  const received = await waitFor(`the confirmation mail to ${email}`, async () => (await mail.messagesTo(email)).find((m) => m.subject.startsWith('Bekräfta din anmälan')), { timeoutMs: 30_000, intervalMs: 250 });
  return /http:\/\/\S+\/ale\/grannsamverkan\/bekrafta\/[A-Za-z0-9_-]{20,}/.exec(received.text)![0];
}

describe('police sign-in: the officer approves a kontaktombud in the browser and the group becomes active', () => {
  let client: mongo.MongoClient;
  let browser: Browser;
  let officer: BrowserContext;
  let page: Page;
  let coordinator: string;
  let policeApi: string;

  const contactName = `Kim Kontakt ${run}`;
  const contactEmail = `psi-${run}-kontakt@e2e.example`;
  const neighbourName = `Nora Granne ${run}`;
  const neighbourEmail = `psi-${run}-granne@e2e.example`;
  let caseId = '';
  let instanceId = '';
  let groupId = '';

  beforeAll(async () => {
    await waitFor(`the dev IdP at ${idpUrl}`, async () => ((await fetch(`${idpUrl}/polisen/.well-known/openid-configuration`)).ok ? true : undefined), { timeoutMs: 10_000 });
    const taken = await fetch(`${publicUrl}/health/live`).then(
      () => true,
      () => false,
    );
    if (taken) throw new Error(`something already listens on ${publicUrl}: this test runs the web there (the dev IdP redirects to it); stop the other web first`);
    client = await testMongo();
    const kafka = testKafka();
    await Promise.all(Object.entries(consumers).map(([key, service]) => startGroupAtEnd(kafka, group(key), subscriptionsOf(service))));
    [coordinator, policeApi] = await Promise.all([devIdpToken('ale', 'samordnare.ale'), devIdpToken('polisen', 'polis.ale')]);
    await Promise.all([...Object.values(processes).map((p) => p.start({ readyTimeoutMs: 90_000 })), launchChromium().then((b) => (browser = b))]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(Object.values(processes).map((p) => p.stop()));
    if (client) {
      for (const name of Object.values(db)) await client.db(name).dropDatabase();
      await client.close();
    }
  }, 60_000);

  it('a resident registers as kontaktombud in the web front and confirms from the email; the police get a case', async () => {
    // A neighbour joins the area's group first (over enrolment's API): the group's activation mail goes to them too.
    const neighbour = await call(url(ports.enrolment), 'POST', '/registrations', undefined, {
      municipalityId: 'ale',
      name: neighbourName,
      email: neighbourEmail,
      address: { street: 'Ale torg', number: '5', postcode: '449 30' },
      intent: 'join',
    });
    expect(neighbour.status).toBe(202);
    const neighbourToken = /\/bekrafta\/([A-Za-z0-9_-]+)$/.exec(await confirmationLink(neighbourEmail))![1];
    const confirmed = await call(url(ports.enrolment), 'POST', '/confirmations', undefined, { municipalityId: 'ale', token: neighbourToken });
    expect(confirmed).toMatchObject({ status: 200, body: { placement: { kind: 'placed', area: { id: 'nodinge-centrum' } } } });
    groupId = confirmed.body.placement.group.id;

    const resident = await (await browser.newContext()).newPage();
    await resident.goto(`${publicUrl}/ale/grannsamverkan`);
    await expectAxeClean(resident);
    await resident.fill('#name', contactName);
    await resident.fill('#email', contactEmail);
    await resident.fill('#street', 'Ale torg');
    await resident.fill('#streetNumber', '7');
    await resident.fill('#postcode', '449 30');
    await resident.fill('#city', 'Nödinge');
    await resident.check('input[name="choice"][value="contact-person"]');
    await Promise.all([resident.waitForURL(/\/ale\/grannsamverkan\/tack$/), resident.click('form button.govuk-button')]);
    await expectAxeClean(resident);

    const link = await confirmationLink(contactEmail);
    expect(link.startsWith(publicUrl)).toBe(true);
    await resident.goto(link);
    await expectAxeClean(resident);
    await Promise.all([resident.waitForResponse((r) => r.request().method() === 'POST'), resident.click('main button')]);
    await resident.waitForLoadState('load');
    expect(await resident.locator('.govuk-panel__title').textContent()).toContain('Tack, din anmälan är bekräftad');
    expect(await resident.locator('main').textContent()).toContain('Du har anmält att du kan vara kontaktombud');
    await expectAxeClean(resident);
    await resident.context().close();

    // Ale's contact-person process starts with the police's approval: police-liaison opens a case for Ale's area
    // (seen with the officer's dev-IdP token) and the area's mailbox is told.
    const found = await waitFor(
      'the police case of the kontaktombud',
      async () => {
        const res = await call(url(ports.police), 'GET', '/police-areas/lpo-ale-kungalv/cases', policeApi);
        return (res.body?.cases as Json[] | undefined)?.find((c) => c.subjectFields?.name === contactName);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(found).toMatchObject({ municipalityId: 'ale', stepId: 'police-approval', subject: { kind: 'contact-person' }, status: 'pending' });
    caseId = found.id;
    instanceId = found.instanceId;
    await waitFor('the police area mailbox mail naming the case', async () => (await mail.messagesTo(policeMailbox)).find((m) => m.text.includes(instanceId)), { timeoutMs: 30_000, intervalMs: 250 });
  });

  it('the officer signs in at the dev IdP, lands on /polis, opens the case and approves it with the keyboard', async () => {
    officer = await browser.newContext();
    page = await officer.newPage();
    await page.goto(`${publicUrl}/logga-in`);
    await expectAxeClean(page);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(idpUrl)), page.click('a:text-is("Polisen")')]);
    await expectAxeClean(page); // the dev IdP's login page (a real IdP's is the municipality's or the police's)
    await signInAtDevIdpInBrowser(page, idpUrl, 'polis.ale');
    expect(page.url()).toBe(`${publicUrl}/polis`);
    expect(await page.locator('.app-signed-in__who').textContent()).toMatch(/Per Sjöberg \(kommunpolis, Lokalpolisområde Ale\/Kungälv\)/);
    expect(await page.locator('main').textContent()).toContain(contactName);
    await expectAxeClean(page);
    // The officer's queue as the README shows it (docs/screenshots/police-queue.png).
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: join(__dirname, '../docs/screenshots/police-queue.png'), fullPage: true });

    await tabTo(page, `a[href="/polis/arenden/${caseId}"]`);
    await Promise.all([page.waitForURL(`${publicUrl}/polis/arenden/${caseId}`), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toContain(contactName);
    await expectAxeClean(page);

    await tabTo(page, '#outcome'); // "Godkänn", the first choice
    await page.keyboard.press('Space');
    await tabTo(page, '#reason');
    await page.keyboard.type('Känd i området, inga hinder.');
    await tabTo(page, 'form button.govuk-button');
    await Promise.all([page.waitForURL(`${publicUrl}/polis?beslut=approve`), page.keyboard.press('Enter')]);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Ärendet är godkänt.');
    expect(await page.locator('main').textContent()).not.toContain(contactName);
    await expectAxeClean(page);

    const after = await call(url(ports.police), 'GET', '/police-areas/lpo-ale-kungalv/cases', policeApi);
    expect((after.body.cases as Json[]).map((c) => c.id)).not.toContain(caseId);
  });

  it('the coordinator records the agreement; the group becomes active and the mails are in the SMTP server', async () => {
    // The police's answer moves the instance to Ale's next step, the agreement, which the contact person is told about.
    const atAgreement = await waitFor(
      'the onboarding instance at the agreement step',
      async () => {
        const res = await call(url(ports.onboarding), 'GET', `/instances/${instanceId}/timeline`, coordinator);
        return res.status === 200 && res.body.instance.currentStepId === 'agreement' ? res.body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(atAgreement.instance.steps.find((s: Json) => s.id === 'police-approval')).toMatchObject({ status: 'approved' });
    await waitFor('the agreement mail to the kontaktombud', async () => (await mail.messagesTo(contactEmail)).find((m) => m.subject.startsWith('Nästa steg: överenskommelsen')), { timeoutMs: 30_000, intervalMs: 250 });

    // The agreement has no page in the web front yet: Ale's coordinator records it over onboarding's API.
    const answer = await call(url(ports.onboarding), 'POST', `/instances/${instanceId}/steps/agreement/complete`, coordinator, { outcome: 'approved', agreementVersion: '1.0' });
    expect(answer.status).toBe(202);

    const active = await waitFor(
      'the group to become active',
      async () => {
        const res = await call(url(ports.enrolment), 'GET', `/staff/ale/groups/${groupId}`, coordinator);
        return res.status === 200 && res.body.status === 'active' ? res.body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(active.contactPerson).toMatchObject({ name: contactName });
    expect(active.nominations).toEqual([expect.objectContaining({ name: contactName, status: 'approved' })]);

    const approved = await waitFor('the approval mail to the kontaktombud', async () => (await mail.messagesTo(contactEmail)).find((m) => m.subject.startsWith('Du är godkänd som kontaktombud')), { timeoutMs: 30_000, intervalMs: 250 });
    expect(approved.subject).toBe('Du är godkänd som kontaktombud – Ale kommun');
    for (const [who, email] of [[neighbourName, neighbourEmail], [contactName, contactEmail]] as const) {
      const started = await waitFor(`the group-activated mail to ${who}`, async () => (await mail.messagesTo(email)).find((m) => m.subject.startsWith('Er grupp')), { timeoutMs: 30_000, intervalMs: 250 });
      expect(started.subject).toBe(`Er grupp ${active.name} är igång – Ale kommun`);
      expect(started.text).toContain(`Hej ${who}!`);
    }
  });

  it('the coordinator signs in at the dev IdP and sees the active group with its kontaktombud on her pages', async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.goto(`${publicUrl}/logga-in`);
    await Promise.all([p.waitForURL((u) => u.href.startsWith(idpUrl)), p.click('a:text-is("Personal i Ale kommun")')]);
    await expectAxeClean(p);
    await signInAtDevIdpInBrowser(p, idpUrl, 'samordnare.ale');
    expect(p.url()).toBe(`${publicUrl}/ale/samordnare`);
    await expectAxeClean(p);
    await p.goto(`${publicUrl}/ale/samordnare/grupper/${groupId}`);
    const main = await p.locator('main').textContent();
    expect(main).toContain('Aktiv');
    expect(main).toContain(contactName);
    expect(main).toContain(neighbourName);
    await expectAxeClean(p);
    await context.close();
  });

  it('logout through the header ends the officer’s session: /polis asks for sign-in again', async () => {
    await page.goto(`${publicUrl}/polis`);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(idpUrl)), page.click('.app-signed-in__button')]);
    expect(new URL(page.url()).searchParams.get('id_token_hint')).toBeTruthy();
    await expectAxeClean(page); // the dev IdP's "Ja, logga ut" page
    await Promise.all([page.waitForURL((u) => u.href.startsWith(publicUrl)), page.click('button[name="logout"]')]);
    expect(new URL(page.url()).pathname).toBe('/');
    await expectAxeClean(page);
    expect((await officer.cookies(publicUrl)).find((c) => c.name === 'trygg-session')).toBeUndefined();
    await page.goto(`${publicUrl}/polis`);
    expect(new URL(page.url()).pathname).toBe('/logga-in');
    expect(await page.locator('main').textContent()).toContain('Du behöver logga in för att se sidan.');
    await expectAxeClean(page);
    await officer.close();
  });
});
