import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ServiceProcess } from '@trygg/testing';
import { launchChromium, tabTo } from './browser';
import { FakeEnrolment } from './fake-enrolment';
import { coordinatorCookie, SESSION_COOKIE, TEST_SESSION_SECRET } from './signed-in';

// The coordinator's CSV import with the KEYBOARD ONLY (Tab, Enter; no clicks) and JavaScript switched OFF:
// paste the rows → the dry run's report (every rejected row with its number and reason) → the import → the same
// file again creates nothing new. Also records a sign for an active group with the keyboard. The enrolment API is
// the test fake (fake-enrolment.ts); enrolment's own tests prove its import is idempotent.

const ports = { web: 3900, enrolment: 3901 };
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '1000', LOG_LEVEL: 'warn' },
});
const fake = new FakeEnrolment(ports.enrolment, web.url);

jest.setTimeout(60_000);

describe('the coordinator imports existing groups and records a sign with the keyboard only, without JavaScript', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await fake.start();
    await Promise.all([web.start(), launchChromium().then((b) => (browser = b))]);
    context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies([{ name: SESSION_COOKIE, value: coordinatorCookie('ale', fake.tokenFor('ale')).slice(SESSION_COOKIE.length + 1), url: web.url }]);
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web.stop();
    await fake.stop();
  }, 30_000);

  async function pressEnterOn(selector: string, url: RegExp): Promise<void> {
    await tabTo(page, selector);
    // The dry run answers on the same URL as the form: wait for the new document, not for the URL (which already
    // matches before the POST), so the assertions read the answer page.
    const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
    await page.keyboard.press('Enter');
    await navigated;
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(url);
  }

  it('dry run → report of rejected rows → import → the same file again creates nothing', async () => {
    const id = randomUUID().slice(0, 8);
    const csv = [
      'omrade;grupp;roll;namn;epost;mobil;gata;nummer;postnummer;ort',
      `Centrum;Tangentgruppen ${id};kontaktombud;Kim Kontakt;kim-${id}@wb2.example;;Storgatan;1;449 30;Nödinge`,
      `Centrum;Tangentgruppen ${id};medlem;Mia Medlem;mia-${id}@wb2.example;;Storgatan;3;449 30;Nödinge`,
      `Söder;Tangentgruppen ${id};medlem;Sam Söder;sam-${id}@wb2.example;;Storgatan;5;449 30;Nödinge`,
    ].join('\n');

    await page.goto(`${web.url}/ale/samordnare/import`);
    // The navigation reaches the import page with the keyboard as well.
    expect(await page.locator('a[aria-current="page"]').textContent()).toContain('Importera grupper');
    await tabTo(page, '#csv');
    await page.keyboard.insertText(csv); // a paste: one insertion, line breaks included
    await pressEnterOn('form:has(#csv) button', /\/ale\/samordnare\/import$/);

    expect(await page.locator('h1').textContent()).toContain('Provkörning');
    expect(await page.locator('main').textContent()).toContain('2 rader kan importeras, 1 rader avvisas.');
    const rejected = await page.locator('#rejected tbody tr').allTextContents();
    expect(rejected.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual(['4 okänt område "Söder"']);
    expect(fake.imported.size).toBe(0); // the dry run wrote nothing

    await pressEnterOn('#confirm-import', /\/ale\/samordnare\/import\/genomfor$/);
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Importen är klar');
    expect(await page.locator('main').textContent()).toContain('Skapade 1 grupper, 2 medlemmar och 1 kontaktombud. 0 rader fanns redan');
    expect(fake.imported.size).toBe(2);

    // The same file once more: the dry run says both rows exist, the import creates nothing.
    await page.goto(`${web.url}/ale/samordnare/import`);
    await tabTo(page, '#csv');
    await page.keyboard.insertText(csv);
    await pressEnterOn('form:has(#csv) button', /\/ale\/samordnare\/import$/);
    expect(await page.locator('main').textContent()).toContain('0 grupper, 0 medlemmar och 0 kontaktombud. 2 rader finns redan');
    await pressEnterOn('#confirm-import', /\/ale\/samordnare\/import\/genomfor$/);
    expect(await page.locator('main').textContent()).toContain('Skapade 0 grupper, 0 medlemmar och 0 kontaktombud. 2 rader fanns redan');
    expect(fake.imported.size).toBe(2);
  });

  it('records a sign for an active group', async () => {
    const group = fake.addGroup({ municipalityId: 'ale', name: 'Tangentgruppen skylt', status: 'active' });
    await page.goto(`${web.url}/ale/samordnare/grupper/${group.id}`);
    await tabTo(page, '#place');
    await page.keyboard.type('Vid infarten');
    await tabTo(page, '#putUpAt');
    await page.keyboard.type('2026-11-20');
    await pressEnterOn('form:has(#place) button', /\/grupper\/[^/]+\?klart=skylt/);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Skylten är registrerad');
    expect(group.signs).toMatchObject([{ place: 'Vid infarten', putUpAt: '2026-11-20', condition: 'ok' }]);
  });
});
