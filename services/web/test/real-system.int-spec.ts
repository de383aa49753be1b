import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MailCatcherClient, mongoUrl, ServiceProcess, TestIdp, testMongo, waitFor } from '@trygg/testing';
import { axeViolations, launchChromium, tabTo } from './browser';
import { SESSION_COOKIE, sealedSession, TEST_SESSION_SECRET } from './signed-in';

// The resident flow end to end through the real system (enrolment and notifications as real processes), in Debian's Chromium with the keyboard only and JavaScript
// off: web form → enrolment (HTTP) → outbox → Kafka → notifications → SMTP catcher (email with the confirmation
// link from enrolment's POST /internal/links) → the link opens the web front → confirm (POST) → placed in the
// area's group → a second email with the self-service link → "Mina uppgifter". Then the coordinator's views of
// that real group and its CSV export (UTF-8 with BOM, `;`), signed in (a token of the test's identity providers,
// TestIdp, which enrolment trusts as DEV_IDP_URL, in the web's session cookie). axe checks the pages that show real data.

const ports = { web: 3631, enrolment: 3632, notifications: 3634 };
const db = { enrolment: 'web_e2e_enrolment', notifications: 'web_e2e_notifications' };
const linksSecret = `web-e2e-links-${randomUUID()}`;
let idp: TestIdp;
let processes: ServiceProcess[] = [];
const webUrl = `http://127.0.0.1:${ports.web}`;

const enrolment = (idpUrl: string) => new ServiceProcess({
  service: 'enrolment',
  port: ports.enrolment,
  env: {
    MONGO_URL: mongoUrl(db.enrolment),
    WEB_PUBLIC_URL: webUrl,
    DEV_IDP_URL: idpUrl,
    INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: linksSecret,
    CONSUMER_GROUP: 'web-e2e-enrolment',
    CONSUMER_FROM_BEGINNING: 'false',
    LOG_LEVEL: 'warn',
  },
});
const notifications = (idpUrl: string) => new ServiceProcess({
  service: 'notifications',
  port: ports.notifications,
  env: {
    MONGO_URL: mongoUrl(db.notifications),
    ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`,
    DEV_IDP_URL: idpUrl,
    INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: linksSecret,
    CONSUMER_GROUP: 'web-e2e-notifications',
    CONSUMER_FROM_BEGINNING: 'false',
    QUEUE_PREFIX: 'web-e2e',
    NOTIFICATIONS_PUBLIC_URL: `http://127.0.0.1:${ports.notifications}`,
    LOG_LEVEL: 'warn',
  },
});
const web = (idpUrl: string) => new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`, DEV_IDP_URL: idpUrl, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '1000', LOG_LEVEL: 'warn' },
});

/** A browser context of Ale's coordinator, signed in (her session cookie, with a token enrolment trusts). */
async function coordinatorContext(browser: Browser): Promise<BrowserContext> {
  const { authorization } = await idp.coordinator('ale', 'samordnare.ale');
  const context = await browser.newContext();
  const value = sealedSession({ accessToken: authorization.replace('Bearer ', ''), roles: ['coordinator'], municipalityId: 'ale', organisation: 'ale', name: 'Sara Samordnare' });
  await context.addCookies([{ name: SESSION_COOKIE, value, url: webUrl }]);
  return context;
}
const mail = new MailCatcherClient();

jest.setTimeout(90_000);

async function typeInto(page: Page, selector: string, value: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(value);
}

async function pressAndWaitForPost(page: Page): Promise<void> {
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
  await page.waitForLoadState('load');
}

describe('web front end to end: a resident registers with the keyboard, the coordinator exports the group', () => {
  let client: mongo.MongoClient;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const email = `e2e-${randomUUID().slice(0, 8)}@web.example`;
  const name = `Karin Ale ${randomUUID().slice(0, 4)}`;
  let selfServiceLink = '';

  beforeAll(async () => {
    client = await testMongo();
    // Our own databases only (prefix web_): a clean start keeps FerretDB's scans short.
    await Promise.all(Object.values(db).map((name) => client.db(name).dropDatabase()));
    idp = await TestIdp.start();
    processes = [enrolment(idp.url), notifications(idp.url), web(idp.url)];
    await Promise.all([...processes.map((p) => p.start()), launchChromium().then((b) => (browser = b))]);
    context = await browser.newContext({ javaScriptEnabled: false });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(processes.map((p) => p.stop()));
    await idp?.close();
    await client?.close();
  }, 60_000);

  it('registers with the keyboard, gets the email, confirms from its link and is placed in the area\'s group', async () => {
    await page.goto(`${webUrl}/ale/grannsamverkan`);
    await typeInto(page, '#name', name);
    await typeInto(page, '#email', email);
    await typeInto(page, '#street', 'Ale torg');
    await typeInto(page, '#streetNumber', '3');
    await typeInto(page, '#postcode', '449 30');
    await typeInto(page, '#city', 'Nödinge');
    await tabTo(page, '#choice');
    await page.keyboard.press('Space');
    await tabTo(page, 'form button.govuk-button');
    await Promise.all([page.waitForURL(/\/ale\/grannsamverkan\/tack$/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toContain('Titta i din e-post');

    const confirmation = await mail.waitForMailTo(email, 60_000);
    expect(confirmation.subject).toContain('Bekräfta din anmälan');
    const link = /http:\/\/127\.0\.0\.1:\d+\/ale\/grannsamverkan\/bekrafta\/[A-Za-z0-9_-]+/.exec(confirmation.text)?.[0];
    expect(link?.startsWith(webUrl)).toBe(true);

    await page.goto(link!);
    expect(await page.locator('h1').textContent()).toContain('Bekräfta din anmälan');
    await tabTo(page, 'main button');
    await pressAndWaitForPost(page);
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Tack, din anmälan är bekräftad');
    expect(await page.locator('main').textContent()).toContain('Nödinge centrum');

    // The link is single use: opening it again says so.
    await page.goto(link!);
    await tabTo(page, 'main button');
    await pressAndWaitForPost(page);
    expect(await page.locator('h1').textContent()).toContain('Du har redan bekräftat');
  });

  it('opens "Mina uppgifter" from the link in the second email and sees the stored details', async () => {
    const second = await waitFor('the email with the self-service link', async () =>
      (await mail.messagesTo(email)).find((m) => /\/ale\/mina-uppgifter\//.test(m.text)), { timeoutMs: 60_000, intervalMs: 250 });
    const link = /http:\/\/127\.0\.0\.1:\d+\/ale\/mina-uppgifter\/[A-Za-z0-9_-]+/.exec(second.text)![0];
    await page.goto(link);
    selfServiceLink = link;
    const main = await page.locator('main').textContent();
    expect(main).toContain(name);
    expect(main).toContain(email);
    expect(main).toContain('Ale torg 3, 449 30');
    expect(main).toContain('Nödinge centrum');
  });

  it('shows the coordinator the real group (axe-clean) and exports its members as CSV for Excel', async () => {
    const staff = await coordinatorContext(browser);
    const p = await staff.newPage();
    await p.goto(`${webUrl}/ale/samordnare/grupper?areaId=nodinge-centrum`);
    expect(await p.locator('header').textContent()).toContain('Sara Samordnare');
    expect(await axeViolations(p)).toEqual([]);
    const groupLink = p.locator('table a.govuk-link').first();
    const href = await groupLink.getAttribute('href');
    expect(href).toMatch(/^\/ale\/samordnare\/grupper\/[A-Za-z0-9_-]+$/);

    await p.goto(`${webUrl}${href}`);
    expect(await p.locator('main').textContent()).toContain(name);
    expect(await axeViolations(p)).toEqual([]);

    const csv = await staff.request.get(`${webUrl}${href}/medlemmar.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"$/);
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toContain('"Namn";"E-post"');
    expect(text).toContain(email);

    await p.goto(`${webUrl}/ale/samordnare`);
    expect(await axeViolations(p)).toEqual([]);
    await p.goto(`${webUrl}/ale/samordnare/omraden`);
    expect(await axeViolations(p)).toEqual([]);
    await staff.close();
  });
  it('lets the coordinator place a confirmed registration that matched no area (triage)', async () => {
    const other = `triage-${randomUUID().slice(0, 8)}@web.example`;
    const staff = await coordinatorContext(browser);
    const p = await staff.newPage();
    await p.goto(`${webUrl}/ale/grannsamverkan`);
    await p.fill('#name', 'Tage Triage');
    await p.fill('#email', other);
    await p.fill('#street', 'Ingenstansvägen');
    await p.fill('#streetNumber', '5');
    await p.fill('#postcode', '449 99');
    await p.check('#choice');
    await Promise.all([p.waitForURL(/\/tack$/), p.click('form button.govuk-button')]);
    const confirmation = await mail.waitForMailTo(other, 60_000);
    await p.goto(/http:\/\/\S+\/bekrafta\/[A-Za-z0-9_-]+/.exec(confirmation.text)![0]);
    await Promise.all([p.waitForResponse((r) => r.request().method() === 'POST'), p.click('main button')]);
    await p.waitForLoadState('load');
    expect(await p.locator('main').textContent()).toContain('Kommunens samordnare går igenom din anmälan');

    await p.goto(`${webUrl}/ale/samordnare`);
    const card = p.locator('.govuk-summary-card', { hasText: 'Tage Triage' });
    expect(await card.count()).toBe(1);
    expect(await axeViolations(p)).toEqual([]);
    await card.locator('select').selectOption('nodinge-norra');
    await Promise.all([p.waitForURL(/klart=placerad$/), card.locator('button').click()]);
    expect(await p.locator('.govuk-notification-banner').textContent()).toContain('Anmälan är placerad');
    expect(await p.locator('.govuk-summary-card', { hasText: 'Tage Triage' }).count()).toBe(0);
    await p.goto(`${webUrl}/ale/samordnare/grupper?areaId=nodinge-norra`);
    expect(await p.locator('table').textContent()).toContain('Nödinge norra');
    await staff.close();
  });

  it('corrects details, leaves the group and deletes everything from "Mina uppgifter" (keyboard only)', async () => {
    const self = selfServiceLink;
    await page.goto(self);
    await tabTo(page, 'a[href$="/andra"]');
    await Promise.all([page.waitForURL(/\/andra$/), page.keyboard.press('Enter')]);
    await typeInto(page, '#mobile', '070-765 43 21');
    await tabTo(page, '#notifications-2'); // "Ja, jag vill få … sms"
    await page.keyboard.press('Space');
    await tabTo(page, 'form button.govuk-button');
    await Promise.all([page.waitForURL(/klart=sparat$/), page.keyboard.press('Enter')]);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Dina uppgifter är sparade');
    expect(await page.locator('main').textContent()).toContain('+46707654321');

    await tabTo(page, 'main form button.govuk-button--secondary');
    await Promise.all([page.waitForURL(/klart=lamnat$/), page.keyboard.press('Enter')]);
    expect(await page.locator('main').textContent()).toContain('Du är inte med i någon grupp just nu.');

    await tabTo(page, 'a[href$="/radera"]');
    await Promise.all([page.waitForURL(/\/radera$/), page.keyboard.press('Enter')]);
    await tabTo(page, '#confirm');
    await page.keyboard.press('Space');
    await tabTo(page, 'button.govuk-button--warning');
    await pressAndWaitForPost(page);
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Dina uppgifter tas bort');

    const after = await page.goto(self);
    expect(after?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toContain('Länken fungerar inte');
  });
});
