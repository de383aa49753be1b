import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ServiceProcess } from '@trygg/testing';
import { formSession, launchChromium, tabTo } from './browser';
import { FakeVolunteers } from './fake-volunteers';

// The walker (trygghetsvandrare) sign-up with the KEYBOARD ONLY and JavaScript switched OFF: the form → "check your
// email" → the emailed confirmation link (GET shows a button; only the POST confirms) → confirmed. Then the abuse
// protection the resident form has, on the walker form: CSRF, the honeypot, and the same per-network limit on posts
// (one bucket for every form). volunteers is the test fake here (fake-volunteers.ts); axe checks of these pages are
// in pages-accessibility.int-spec.ts, the real service's in services/volunteers/test and test/walker-journey.e2e-spec.ts.

const ports = { web: 3641, volunteers: 3642, limited: 3643 };
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { VOLUNTEERS_URL: `http://127.0.0.1:${ports.volunteers}`, RATE_LIMIT_MAX: '1000', LOG_LEVEL: 'warn' },
});
const limited = new ServiceProcess({
  service: 'web',
  port: ports.limited,
  env: { VOLUNTEERS_URL: `http://127.0.0.1:${ports.volunteers}`, RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '600', RATE_LIMIT_KEY_PREFIX: `test:walker-limited:${randomUUID().slice(0, 8)}`, LOG_LEVEL: 'warn' },
});
const fake = new FakeVolunteers(ports.volunteers);

jest.setTimeout(60_000);

const post = (url: string, body: Record<string, string>, cookie?: string) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(body).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, redirect: 'manual' });

async function typeInto(page: Page, selector: string, value: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(value);
}

describe('a walker signs up and confirms from the emailed link with the keyboard only, without JavaScript', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await fake.start();
    await Promise.all([web.start(), limited.start(), launchChromium().then((b) => (browser = b))]);
    context = await browser.newContext({ javaScriptEnabled: false });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([web.stop(), limited.stop()]);
    await fake.stop();
  }, 30_000);

  it('form (with its errors) → check your email → the link shows a button → confirmed', async () => {
    const email = `walker-${randomUUID().slice(0, 8)}@web.example`;
    await page.goto(`${web.url}/ale/trygghetsvandring`);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    expect(await page.locator('script').count()).toBe(0);

    // First without a birth year: the error summary names it, what was typed stays.
    await typeInto(page, '#name', 'Vera Vandrare');
    await typeInto(page, '#email', email);
    await tabTo(page, 'form button.govuk-button');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Skriv ditt födelseår');
    expect(await page.inputValue('#email')).toBe(email);
    expect(fake.posts).toHaveLength(0);

    await typeInto(page, '#birthYear', '1980');
    await typeInto(page, '#mobile', '070-123 45 67');
    await tabTo(page, '#smsOptIn');
    await page.keyboard.press('Space');
    // A radio group is one Tab stop (the chosen one, Swedish by default); the arrow keys choose within it.
    await tabTo(page, '#language');
    await page.keyboard.press('ArrowDown');
    expect(await page.isChecked('#language-2')).toBe(true);
    // The organisation: the municipality's own walkers are chosen to begin with; the arrow keys choose another.
    expect(await page.isChecked('#organisationId')).toBe(true);
    await tabTo(page, '#organisationId');
    await page.keyboard.press('ArrowDown');
    expect(await page.isChecked('#organisationId-2')).toBe(true);
    // Languages spoken (Arabic is the third box) and other languages; usual availability (Friday is the second).
    await tabTo(page, '#spokenLanguages-3');
    await page.keyboard.press('Space');
    await typeInto(page, '#otherLanguages', 'tyska');
    await tabTo(page, '#availability-2');
    await page.keyboard.press('Space');
    await tabTo(page, 'form button.govuk-button');
    await Promise.all([page.waitForURL(/\/ale\/trygghetsvandring\/tack$/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toContain('Titta i din e-post');
    expect(fake.posts.at(-1)).toEqual({
      municipalityId: 'ale',
      name: 'Vera Vandrare',
      email,
      birthYear: 1980,
      mobile: '+46701234567',
      smsOptIn: true,
      language: 'en',
      organisationId: 'nattvandrarna-ale',
      spokenLanguages: ['ar'],
      otherLanguages: 'tyska',
      availability: ['friday'],
    });

    // The link from the email: opening it confirms nothing (mail scanners open links too); the button does.
    await page.goto(`${web.url}/ale/trygghetsvandring/bekrafta/${fake.tokenFor(email)}`);
    expect(await page.locator('h1').textContent()).toContain('Bekräfta din anmälan som trygghetsvandrare');
    expect(fake.walkers.get(email)!.confirmed).toBe(false);
    await tabTo(page, 'main button');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Tack, din anmälan är bekräftad');
    expect(fake.walkers.get(email)!.confirmed).toBe(true);
  });

  it('answers the same whether or not the address is known', async () => {
    const email = `same-${randomUUID().slice(0, 8)}@web.example`;
    const answers: Array<[number, string | null, string]> = [];
    for (let i = 0; i < 2; i++) {
      const session = await formSession(`${web.url}/ale/trygghetsvandring`);
      const res = await post(`${web.url}/ale/trygghetsvandring`, { name: 'Sam Samma', email, birthYear: '1970', organisationId: 'ale-trygghetsvandrare', _csrf: session.token }, session.cookie);
      const receipt = await (await fetch(`${web.url}${res.headers.get('location')}`)).text();
      answers.push([res.status, res.headers.get('location'), receipt.replace(/name="_csrf" value="[^"]+"/g, '')]);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.slice(0, 2)).toEqual([303, '/ale/trygghetsvandring/tack']);
  });

  it('refuses a post without a valid CSRF token (403, nothing sent) and answers a filled honeypot like a success, sending nothing', async () => {
    const before = fake.posts.length;
    const valid = { name: 'Bot Botsson', email: 'bot@web.example', birthYear: '1980' };
    const session = await formSession(`${web.url}/ale/trygghetsvandring`);
    const other = await formSession(`${web.url}/ale/trygghetsvandring`);
    const refused = await Promise.all([
      post(`${web.url}/ale/trygghetsvandring`, valid, session.cookie),
      post(`${web.url}/ale/trygghetsvandring`, { ...valid, _csrf: other.token }, session.cookie),
      post(`${web.url}/ale/trygghetsvandring`, { ...valid, _csrf: session.token }),
      post(`${web.url}/ale/trygghetsvandring/bekrafta/${'A'.repeat(43)}`, {}, session.cookie),
    ]);
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    const honeypot = await post(`${web.url}/ale/trygghetsvandring`, { ...valid, website: 'http://spam.example', _csrf: session.token }, session.cookie);
    expect([honeypot.status, honeypot.headers.get('location')]).toEqual([303, '/ale/trygghetsvandring/tack']);
    expect(fake.posts.length).toBe(before);
  });

  it('counts walker posts in the same per-network limit as the resident form: the 4th post in the window gets 429', async () => {
    const walkerForm = await formSession(`${limited.url}/ale/trygghetsvandring`);
    const residentForm = await formSession(`${limited.url}/ale/grannsamverkan`);
    const statuses = [
      (await post(`${limited.url}/ale/grannsamverkan`, { _csrf: residentForm.token }, residentForm.cookie)).status,
      (await post(`${limited.url}/ale/trygghetsvandring`, { _csrf: walkerForm.token }, walkerForm.cookie)).status,
      (await post(`${limited.url}/ale/trygghetsvandring`, { _csrf: walkerForm.token }, walkerForm.cookie)).status,
    ];
    const fourth = await post(`${limited.url}/ale/trygghetsvandring`, { _csrf: walkerForm.token }, walkerForm.cookie);
    expect([...statuses, fourth.status]).toEqual([400, 400, 400, 429]);
    expect(await fourth.text()).toContain('För många försök');
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${limited.url}/ale/trygghetsvandring`)).status).toBe(200); // reading pages is not limited
  });
});
