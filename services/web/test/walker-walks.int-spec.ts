import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ServiceProcess } from '@trygg/testing';
import { launchChromium, tabTo } from './browser';
import { FakeVolunteers } from './fake-volunteers';

// The walker's walk page at PHONE WIDTH (390 px) with the KEYBOARD ONLY (Tab, Enter, typing; no clicks) and
// JavaScript switched OFF: book a walk → a refusal explained (the last place taken meanwhile: "fullbokad") → check in
// on the night → the after-walk report (its errors first, then sent). volunteers is the test fake
// (fake-volunteers.ts; the real service's rules and report are tested in services/volunteers). Also writes the
// screenshot of the walk page at 390 px to docs/screenshots/walks.png. axe checks of these pages are in
// pages-accessibility.int-spec.ts.

const ports = { web: 3751, volunteers: 3752 };
const web = new ServiceProcess({ service: 'web', port: ports.web, env: { VOLUNTEERS_URL: `http://127.0.0.1:${ports.volunteers}`, RATE_LIMIT_MAX: '1000', LOG_LEVEL: 'warn' } });
const fake = new FakeVolunteers(ports.volunteers);
const screenshot = join(__dirname, '../../../docs/screenshots/walks.png');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(Math.floor((Date.now() + ms) / 60_000) * 60_000).toISOString();

jest.setTimeout(60_000);

async function typeInto(page: Page, selector: string, value: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(value);
}

/** Tab to a button or link and press Enter; waits for the page the post (and its redirect) answers with. */
async function press(page: Page, selector: string): Promise<void> {
  await tabTo(page, selector);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
}

describe('a walker books, checks in and reports at phone width with the keyboard only, without JavaScript', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await fake.start();
    await Promise.all([web.start(), launchChromium().then((b) => (browser = b))]);
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, javaScriptEnabled: false });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web.stop();
    await fake.stop();
  }, 30_000);

  it('book → a refusal explained → check in → the report (with its errors) → sent', async () => {
    const me = fake.walkerLink('ale');
    const [other1, other2] = [fake.walkerLink('ale').volunteerId, fake.walkerLink('ale').volunteerId];
    const tonight = fake.addWalk({ municipalityId: 'ale', startsAt: at(HOUR), endsAt: at(5 * HOUR), meetingPoint: 'Busstationen i Nödinge', maxWalkers: 4, booked: [other1] });
    const saturday = fake.addWalk({ municipalityId: 'ale', startsAt: at(49 * HOUR), endsAt: at(53 * HOUR), meetingPoint: 'Älvängens station', maxWalkers: 2, booked: [other1] });
    const base = `/ale/trygghetsvandring/pass/${me.token}`;

    const res = await page.goto(`${web.url}${base}`);
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await page.locator('script').count()).toBe(0);
    const card = (walkId: string) => page.locator(`#walk-${walkId}`);
    expect(await card(tonight).textContent()).toContain('Busstationen i Nödinge');
    expect(await card(tonight).textContent()).toContain('Behöver fler vandrare');
    expect(await card(saturday).textContent()).toMatch(/Platser kvar\s*1/);
    // Times on the Swedish clock: "fredag 5 mars, 21:00–01:00".
    const startLocal = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(fake.walks.get(tonight)!.startsAt));
    expect(await card(tonight).locator('h2').textContent()).toContain(startLocal);

    // Book tonight's walk.
    await press(page, `form[action="${base}/${tonight}/boka"] button`);
    expect(page.url()).toContain(`${base}?klart=booked`);
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('Du är bokad på vandringen.');
    expect(fake.walks.get(tonight)!.booked).toContain(me.volunteerId);

    // Saturday's last place goes to someone else while the page is open: the page says why, at the walk.
    fake.walks.get(saturday)!.booked.push(other2);
    await press(page, `form[action="${base}/${saturday}/boka"] button`);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Vandringen är fullbokad');
    expect(await card(saturday).locator('.govuk-error-message').textContent()).toContain('Vandringen är fullbokad');
    expect(await card(saturday).textContent()).toMatch(/Platser kvar\s*Fullbokad/);
    expect(await card(saturday).locator('form').count()).toBe(0);
    expect(await page.locator(`.govuk-error-summary a[href="#walk-${saturday}"]`).count()).toBe(1);

    // On the night (the walk starts within two hours): check in.
    await page.goto(`${web.url}${base}`);
    await press(page, `form[action="${base}/${tonight}/checka-in"] button`);
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('Du är incheckad');
    expect(await card(tonight).textContent()).toContain('Du är incheckad');
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });

    // The walk has started: the report link; first with errors, then sent.
    fake.startWalk(tonight);
    await page.goto(`${web.url}${base}`);
    await press(page, `a[href="${base}/${tonight}/rapport"]`);
    expect(await page.locator('h1').textContent()).toContain('Rapport efter passet');
    await typeInto(page, '#youth', 'tolv');
    await typeInto(page, '#place1', 'Gångtunneln vid stationen');
    await press(page, 'form button.govuk-button');
    const summary = await page.locator('.govuk-error-summary').textContent();
    expect(summary).toContain('Skriv ett heltal');
    expect(summary).toContain('Välj vad problemet var');
    expect(await page.inputValue('#place1')).toBe('Gångtunneln vid stationen');
    expect(fake.walks.get(tonight)!.reports).toHaveLength(0);

    await tabTo(page, '#youth');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12');
    await typeInto(page, '#adults', '5');
    await typeInto(page, '#incidents', '1');
    await typeInto(page, '#incidentsDescription', 'Bråk vid kiosken, lugnt när vi kom.');
    await tabTo(page, '#category1');
    await page.keyboard.type('Belysning');
    expect(await page.inputValue('#category1')).toBe('lighting');
    await typeInto(page, '#placeDescription1', 'Två lampor trasiga');
    await typeInto(page, '#followUp', 'Felanmäl belysningen.');
    await press(page, 'form button.govuk-button');
    expect(page.url()).toContain(`${base}?klart=reported`);
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('Din rapport är skickad');
    expect(fake.walks.get(tonight)!.reports.map((r) => r.report)).toEqual([
      {
        peopleMet: { children: 0, youth: 12, adults: 5, elderly: 0 },
        incidents: { count: 1, description: 'Bråk vid kiosken, lugnt när vi kom.' },
        unsafePlaces: [{ place: 'Gångtunneln vid stationen', category: 'lighting', description: 'Två lampor trasiga' }],
        followUp: 'Felanmäl belysningen.',
      },
    ]);
    expect(await card(tonight).textContent()).toContain('Du har skickat din rapport');
    expect(await page.locator(`a[href="${base}/${tonight}/rapport"]`).count()).toBe(0);
  });

  it('a report for a walk one is not booked on is refused clearly; an expired link says so', async () => {
    const me = fake.walkerLink('ale');
    const walkId = fake.addWalk({ municipalityId: 'ale', startsAt: at(HOUR), endsAt: at(4 * HOUR), meetingPoint: 'Surte centrum', maxWalkers: 3 });
    const base = `/ale/trygghetsvandring/pass/${me.token}`;
    const res = await page.goto(`${web.url}${base}/${walkId}/rapport`);
    expect(res?.status()).toBe(409);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Du är inte bokad på den här vandringen.');
    const expired = fake.walkerLink('ale', { expired: true });
    const gone = await page.goto(`${web.url}/ale/trygghetsvandring/pass/${expired.token}`);
    expect(gone?.status()).toBe(410);
    expect(await page.locator('h1').textContent()).toContain('Länken har gått ut');
    // Another municipality's page with this link: an unknown link.
    expect((await page.goto(`${web.url}/trollhattan/trygghetsvandring/pass/${me.token}`))?.status()).toBe(404);
  });
});
