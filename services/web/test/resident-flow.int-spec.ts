import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MailCatcherClient, ServiceProcess } from '@trygg/testing';
import { launchChromium, tabTo } from './browser';
import { FakeEnrolment } from './fake-enrolment';

// The resident's whole flow with the KEYBOARD ONLY (Tab, Shift+Tab, Space, Enter: no clicks) and JavaScript
// switched OFF: the form → the email in the SMTP catcher → the confirmation link → "what happens next" → the
// self-service page (leave the group, delete me with its confirmation step). The enrolment API is the test fake
// here, which mails the link through the real SMTP catcher; test/web-resident.e2e-spec.ts uses the real services.
// Also writes the mobile screenshot of the form to docs/screenshots/registration-form.png.

const ports = { web: 3611, enrolment: 3612 };
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`, RATE_LIMIT_MAX: '1000', LOG_LEVEL: 'warn' },
});
const fake = new FakeEnrolment(ports.enrolment, web.url);
const mail = new MailCatcherClient();
const screenshot = join(__dirname, '../../../docs/screenshots/registration-form.png');

jest.setTimeout(60_000);

async function typeInto(page: Page, selector: string, value: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(value);
}

describe('a resident registers, confirms and manages their details with the keyboard only, without JavaScript', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await fake.start();
    await Promise.all([web.start(), launchChromium().then((b) => (browser = b))]);
    context = await browser.newContext({ javaScriptEnabled: false });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web.stop();
    await fake.stop();
  }, 30_000);

  it('completes form → email → confirmation link → what happens next', async () => {
    const email = `keyboard-${randomUUID().slice(0, 8)}@web.example`;
    await page.goto(`${web.url}/ale/grannsamverkan`);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');

    await typeInto(page, '#name', 'Karin Tangentbord');
    await typeInto(page, '#email', email);
    await typeInto(page, '#mobile', '070-123 45 67');
    await tabTo(page, '#smsOptIn');
    await page.keyboard.press('Space');
    await typeInto(page, '#street', 'Storgatan');
    await typeInto(page, '#streetNumber', '12B');
    await typeInto(page, '#postcode', '44930');
    await typeInto(page, '#city', 'Nödinge');
    await tabTo(page, '#choice');
    await page.keyboard.press('Space');
    // Shift+Tab back to the SMS box proves the order runs both ways; the box stays ticked.
    await tabTo(page, '#smsOptIn', { backwards: true });
    expect(await page.isChecked('#smsOptIn')).toBe(true);
    await tabTo(page, 'form button[type="submit"], form button:not([type])');
    await Promise.all([page.waitForURL(/\/ale\/grannsamverkan\/tack$/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toContain('Titta i din e-post');

    expect(fake.received.at(-1)).toMatchObject({
      municipalityId: 'ale',
      name: 'Karin Tangentbord',
      email,
      mobile: '+46701234567',
      smsOptIn: true,
      address: { street: 'Storgatan', number: '12B', postcode: '449 30', city: 'Nödinge' },
      intent: 'join',
      protectedIdentity: false,
      language: 'sv',
    });

    const received = await mail.waitForMailTo(email);
    const link = /https?:\/\/\S+\/bekrafta\/[A-Za-z0-9_-]+/.exec(received.text)?.[0];
    expect(link).toBeDefined();
    await page.goto(link!); // the resident opens the link from the email
    expect(await page.locator('h1').textContent()).toContain('Bekräfta din anmälan');
    await tabTo(page, 'main button');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Tack, din anmälan är bekräftad');
    expect(await page.locator('main').textContent()).toContain('vi har startat gruppen Centrum 1. Du är med i den.');
  });

  it('leaves the group and deletes their details from the self-service link, confirming the deletion', async () => {
    const email = [...fake.persons.values()].find((p) => p.name === 'Karin Tangentbord')!.email;
    await page.goto(`${web.url}/ale/mina-uppgifter/${fake.selfServiceTokenFor(email)}`);
    expect(await page.locator('main').textContent()).toContain('Karin Tangentbord');

    await tabTo(page, 'main form button.govuk-button--secondary');
    await Promise.all([page.waitForURL(/klart=lamnat/), page.keyboard.press('Enter')]);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Du har lämnat gruppen');

    await tabTo(page, 'a[href$="/radera"]');
    await Promise.all([page.waitForURL(/\/radera$/), page.keyboard.press('Enter')]);
    // Posting without ticking the box only asks again.
    await tabTo(page, 'button.govuk-button--warning');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Kryssa i rutan');
    expect(fake.persons.size).toBeGreaterThan(0);
    await tabTo(page, '#confirm');
    await page.keyboard.press('Space');
    await tabTo(page, 'button.govuk-button--warning');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Dina uppgifter tas bort');
    expect([...fake.persons.values()].some((p) => p.email === email)).toBe(false);
  });

  it('switches to English with one link that keeps the page', async () => {
    await page.goto(`${web.url}/trollhattan/grannsamverkan`);
    await tabTo(page, 'a[hreflang="en"]');
    await Promise.all([page.waitForURL(/\/trollhattan\/grannsamverkan\?lang=en$/), page.keyboard.press('Enter')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toContain('Neighbourhood watch in Trollhättans stad');
  });

  it('takes the screenshot of the registration form at mobile width (docs/screenshots/registration-form.png)', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, javaScriptEnabled: false });
    const p = await phone.newPage();
    await p.goto(`${web.url}/lilla-edet/grannsamverkan?lang=sv`);
    mkdirSync(dirname(screenshot), { recursive: true });
    await p.locator('#form-heading').scrollIntoViewIfNeeded();
    await p.screenshot({ path: screenshot, fullPage: true });
    const width = await p.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390); // mobile first: nothing wider than the phone
    await phone.close();
  });
});
