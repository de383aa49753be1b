import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ServiceProcess } from '@trygg/testing';
import { launchChromium, tabTo } from './browser';
import { FakeWalks } from './fake-walks';
import { coordinatorCookie, SESSION_COOKIE, TEST_SESSION_SECRET } from './signed-in';

// The coordinator creates a walk with the KEYBOARD ONLY (Tab, typing, Enter; no clicks) and JavaScript switched OFF,
// in real Chromium: the walks list → "Ny vandring" → a first try with a field left empty (the error summary and the
// message next to the field) → the walk is created and its page shown. volunteers is the test fake (fake-walks.ts),
// answering through its contract; services/volunteers' own tests prove the rules.

const ports = { web: 3930, volunteers: 3931 };
const accessToken = 'walk-admin-keyboard-token';
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { VOLUNTEERS_URL: `http://127.0.0.1:${ports.volunteers}`, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '1000', LOG_LEVEL: 'warn' },
});
const volunteers = new FakeWalks(ports.volunteers, accessToken);

jest.setTimeout(60_000);

describe('the coordinator creates a walk with the keyboard only, without JavaScript', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await volunteers.start();
    await Promise.all([web.start(), launchChromium().then((b) => (browser = b))]);
    context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies([{ name: SESSION_COOKIE, value: coordinatorCookie('ale', accessToken).slice(SESSION_COOKIE.length + 1), url: web.url }]);
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web.stop();
    await volunteers.stop();
  }, 30_000);

  async function pressEnterOn(selector: string, url: RegExp): Promise<void> {
    await tabTo(page, selector);
    const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
    await page.keyboard.press('Enter');
    await navigated;
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(url);
  }

  async function typeInto(selector: string, value: string): Promise<void> {
    await tabTo(page, selector);
    await page.keyboard.type(value);
  }

  it('list → new walk → an error next to the field → the walk is created and shown', async () => {
    await page.goto(`${web.url}/ale/samordnare/vandringar`);
    expect(await page.locator('a[aria-current="page"]').textContent()).toContain('Vandringar');
    await pressEnterOn('a[href="/ale/samordnare/vandringar/ny"]', /\/ale\/samordnare\/vandringar\/ny$/);
    expect(await page.locator('h1').textContent()).toContain('Ny vandring');

    // The organisation by typing its first letters in the focused select (no mouse, no JavaScript).
    await tabTo(page, '#organisationId');
    await page.keyboard.type('Nattv');
    expect(await page.locator('#organisationId').inputValue()).toBe('nattvandrarna-ale');
    await typeInto('#date', '2099-03-06');
    await typeInto('#startTime', '21:00');
    await typeInto('#endTime', '01:00');
    await typeInto('#maxWalkers', '6');
    // The meeting point is left empty: the page answers with the error summary and the message next to the field.
    await pressEnterOn('form button.govuk-button', /\/ale\/samordnare\/vandringar\/ny$/);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Skriv samlingsplatsen');
    expect(await page.locator('#meetingPoint-error').textContent()).toContain('Skriv samlingsplatsen');
    expect(await page.locator('#date').inputValue()).toBe('2099-03-06');
    expect(volunteers.sent).toEqual([]);

    // From the error summary's link to the field, with the keyboard.
    await pressEnterOn('.govuk-error-summary a[href="#meetingPoint"]', /#meetingPoint$/);
    await typeInto('#meetingPoint', 'Busstationen i Nödinge');
    await pressEnterOn('form button.govuk-button', /\/ale\/samordnare\/vandringar\/[0-9a-f-]{36}\?klart=skapad$/);

    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Vandringen är skapad.');
    expect(await page.locator('h1').textContent()).toContain('Vandring 2099-03-06 21:00–01:00');
    expect(await page.locator('main').textContent()).toContain('Busstationen i Nödinge');
    expect(volunteers.sent).toEqual([
      { op: 'schedule', body: { organisationId: 'nattvandrarna-ale', startsAt: '2099-03-06T20:00:00.000Z', endsAt: '2099-03-07T00:00:00.000Z', meetingPoint: 'Busstationen i Nödinge', maxWalkers: 6 } },
    ]);
  });

  it('the monthly report prints only its content: no header, menu, month form, CSV link or footer', async () => {
    const walk = volunteers.seed({ startsAt: '2099-05-08T19:00:00.000Z', endsAt: '2099-05-08T23:00:00.000Z', meetingPoint: 'Torget' });
    await page.goto(`${web.url}/ale/samordnare/vandringar/rapport?month=2099-05`);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('header').first().isVisible()).toBe(true);
    expect(await page.locator('form.app-no-print').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['header', 'form.app-no-print', 'a[download]', 'footer']) expect([hidden, await page.locator(hidden).first().isVisible()]).toEqual([hidden, false]);
    expect(await page.locator('#summary').isVisible()).toBe(true);
    expect(await page.locator('#walks tbody').textContent()).toContain(walk.meetingPoint);
    await page.emulateMedia({ media: 'screen' });
  });
});
