import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ServiceProcess } from '@trygg/testing';
import { axeViolations, formSession, launchChromium, submit, tabTo } from './browser';
import { FakeEnrolment } from './fake-enrolment';
import { FakeNotifications } from './fake-notifications';

// "Dina utskick" in Debian's Chromium: axe finds no WCAG 2.1 A/AA violation in Swedish and English (the page with
// and without SMS, the confirmation panels, the expired link, the page from "Mina uppgifter"), and a resident
// completes it with the KEYBOARD ONLY and JavaScript OFF. notifications and enrolment are test fakes
// (fake-notifications.ts, fake-enrolment.ts); services/notifications/test/preferences.int-spec.ts proves the real API.
// Also writes the mobile screenshot docs/screenshots/preferences.png.

const ports = { web: 4200, notifications: 4201, enrolment: 4202 };
const internalToken = 'prefs-web-internal-secret-0123456789-abcdefgh';
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: {
    ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`,
    NOTIFICATIONS_URL: `http://127.0.0.1:${ports.notifications}`,
    INTERNAL_SECRET_WEB_PREFERENCES: internalToken,
    RATE_LIMIT_MAX: '10000',
    LOG_LEVEL: 'warn',
  },
});
const notifications = new FakeNotifications(ports.notifications, internalToken);
const enrolment = new FakeEnrolment(ports.enrolment, web.url);

const screenshot = join(__dirname, '../../../docs/screenshots/preferences.png');

jest.setTimeout(30_000);

describe('"Dina utskick" in a real browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    await Promise.all([notifications.start(), enrolment.start()]);
    await Promise.all([web.start(), launchChromium().then((b) => (browser = b))]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web.stop();
    await Promise.all([notifications.stop(), enrolment.stop()]);
  }, 30_000);

  describe('has no axe WCAG 2.1 A/AA violation and no script', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext(); // axe needs JavaScript in the page
      page = await context.newPage();
    });
    afterAll(() => context.close());

    async function check(path: string, lang: 'sv' | 'en', status = 200): Promise<void> {
      const res = await page.goto(`${web.url}${path}?lang=${lang}`);
      expect([path, res?.status()]).toEqual([path, status]);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator('script').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    }

    it.each(['sv', 'en'] as const)('in %s: the page without and with SMS, the expired link, the page from "Mina uppgifter"', async (lang) => {
      await check(`/ale/utskick/${notifications.seed(randomUUID(), { category: 'reminders' })}`, lang);
      await check(`/ale/utskick/${notifications.seed(randomUUID(), { sms: true })}`, lang);
      await check(`/ale/utskick/${'x'.repeat(43)}`, lang, 404);
      const person = enrolment.seed({ municipalityId: 'ale', name: 'Maj Lind', email: `maj-${randomUUID().slice(0, 8)}@prefs.example` });
      notifications.seed(person.personId);
      await check(`/ale/mina-uppgifter/${enrolment.selfServiceTokenFor(person.email)}/utskick`, lang);
    });

    it.each(['sv', 'en'] as const)('in %s: the confirmation panels after saving and after "Avsluta"', async (lang) => {
      await check(`/ale/utskick/${notifications.seed(randomUUID())}`, lang);
      await submit(page, 'form[action$="/avsluta"] button');
      expect(await page.textContent('h1')).toContain(lang === 'sv' ? 'Du har avslutat information' : 'You have unsubscribed from information');
      expect(await axeViolations(page)).toEqual([]);
      await page.goBack();
      await submit(page, 'form:not([action$="/avsluta"]) button');
      expect(await page.textContent('h1')).toContain(lang === 'sv' ? 'Dina val är sparade' : 'Your choices are saved');
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  describe('with the keyboard only and JavaScript off', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await browser.newContext({ javaScriptEnabled: false });
      page = await context.newPage();
    });
    afterAll(() => context.close());

    async function pressEnterOn(selector: string): Promise<void> {
      await tabTo(page, selector);
      const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
      await page.keyboard.press('Enter');
      await navigated;
      await page.waitForLoadState('load');
    }

    it('tabs to a checkbox, unticks it with Space and saves: the choice is stored', async () => {
      const recipientId = randomUUID();
      const token = notifications.seed(recipientId, { sms: true });
      await page.goto(`${web.url}/ale/utskick/${token}`);
      await tabTo(page, '#category-reminders');
      await page.keyboard.press('Space');
      expect(await page.isChecked('#category-reminders')).toBe(false);
      await tabTo(page, '#channel-sms');
      await page.keyboard.press('Space');
      await pressEnterOn(`form[action="/ale/utskick/${token}"] button`);
      expect(await page.textContent('h1')).toContain('Dina val är sparade');
      expect(notifications.recipients.get(recipientId)!.preferences).toEqual({ channels: { email: true, sms: false }, categories: { urgent: true, information: true, reminders: false } });
      // The link back shows the stored choices.
      await pressEnterOn(`a[href="/ale/utskick/${token}"]`);
      expect(await page.isChecked('#category-reminders')).toBe(false);
      expect(await page.isChecked('#category-information')).toBe(true);
    });

    it('"Avsluta påminnelser" is one press of Enter on the first button', async () => {
      const recipientId = randomUUID();
      const token = notifications.seed(recipientId, { category: 'reminders' });
      await page.goto(`${web.url}/ale/utskick/${token}`);
      await pressEnterOn('form[action$="/avsluta"] button');
      expect(await page.textContent('h1')).toContain('Du har avslutat påminnelser');
      expect(notifications.recipients.get(recipientId)!.preferences.categories).toEqual({ urgent: true, information: true, reminders: false });
    });
  });

  it('fits a phone: nothing wider than 390 px (docs/screenshots/preferences.png)', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, javaScriptEnabled: false });
    const page = await phone.newPage();
    await page.goto(`${web.url}/lilla-edet/utskick/${notifications.seed(randomUUID(), { municipalityId: 'lilla-edet', sms: true })}?lang=sv`);
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    await phone.close();
  });

  it('fuzz: garbage bodies to its three form endpoints never answer 5xx', async () => {
    const token = notifications.seed(randomUUID());
    const person = enrolment.seed({ municipalityId: 'ale', name: 'Fuzz', email: `fuzz-${randomUUID().slice(0, 8)}@prefs.example` });
    notifications.seed(person.personId);
    const self = `/ale/mina-uppgifter/${enrolment.selfServiceTokenFor(person.email)}/utskick`;
    const { cookie, token: csrf } = await formSession(`${web.url}/ale/utskick/${token}`);
    const fields = ['channel-email', 'channel-sms', 'category-urgent', 'category-information', 'category-reminders', 'category-transactional', 'channels', '__proto__'];
    const values = ['yes', 'no', '', '<script>x</script>', 'a'.repeat(5000), '\u0000', '😀', '{"$gt":""}'];
    const bodies = [
      ...Array.from({ length: 12 }, (_, i) => {
        const key = (f: string) => (i % 3 === 1 ? `${f}[a]` : i % 3 === 2 ? `${f}[]` : f);
        return fields.map((f, j) => `${encodeURIComponent(key(f))}=${encodeURIComponent(values[(i + j) % values.length]!)}`).join('&') + `&_csrf=${encodeURIComponent(csrf)}`;
      }),
      `_csrf=${encodeURIComponent(csrf)}&${'channel-email=yes&'.repeat(2000)}`,
      randomBytes(500),
    ];
    for (const path of [`/ale/utskick/${token}`, `/ale/utskick/${token}/avsluta`, self, `/ale/utskick/${'z'.repeat(43)}`]) {
      for (const body of bodies) {
        const res = await fetch(`${web.url}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
        expect([path, res.status < 500]).toEqual([path, true]);
        await res.arrayBuffer();
      }
    }
  });
});
