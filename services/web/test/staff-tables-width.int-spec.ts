import type { Browser, Page } from 'playwright-core';
import { ServiceProcess } from '@trygg/testing';
import { axeViolations, launchChromium } from './browser';
import { FakeEnrolment } from './fake-enrolment';
import { FakeOnboarding } from './fake-onboarding';
import { coordinatorCookie, SESSION_COOKIE, TEST_SESSION_SECRET } from './signed-in';

// The coordinator's tables fit their column, measured in Debian's Chromium: at 1280 px (a coordinator's laptop) and
// at 320 px (the smallest phone) neither the page nor any table's wrapper scrolls sideways, and no table reaches past
// its grid column — with the long names, email addresses and street names real member lists have. The web runs as
// built (npm run build: the compiled stylesheet), enrolment and onboarding are test fakes.

const ports = { web: 3671, enrolment: 3672, onboarding: 3673 };
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`, ONBOARDING_URL: `http://127.0.0.1:${ports.onboarding}`, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '10000', LOG_LEVEL: 'warn' },
});
const enrolment = new FakeEnrolment(ports.enrolment, web.url);
const onboarding = new FakeOnboarding(ports.onboarding);
const LONG_EMAIL = 'anna-karin.lindqvist-andersson.familjen@bredbandsbolaget-exempelkommun.example';

jest.setTimeout(60_000);

interface Fit {
  page: { scrollWidth: number; clientWidth: number };
  tables: Array<{ table: string; wrapperScroll: number; wrapperClient: number; overColumn: number }>;
}

/** What sticks out: the page's and each table wrapper's scroll width against its width, each table's right edge against its column's. */
async function measure(page: Page): Promise<Fit> {
  // Run in the page (a string: this file is compiled without the DOM's types).
  return (await page.evaluate(`(() => {
    const root = document.documentElement;
    const tables = [...document.querySelectorAll('table')].map((table) => {
      const wrapper = table.parentElement;
      const column = table.closest('[class*="govuk-grid-column"]');
      return {
        table: table.id || (table.querySelector('caption')?.textContent ?? '').trim(),
        wrapperScroll: wrapper.scrollWidth,
        wrapperClient: wrapper.clientWidth,
        overColumn: Math.max(0, Math.round(table.getBoundingClientRect().right - column.getBoundingClientRect().right)),
      };
    });
    return { page: { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth }, tables };
  })()`)) as Fit;
}

describe('the coordinator’s tables fit their column at 1280 px and at 320 px (Chromium)', () => {
  let browser: Browser;
  let groupId: string;

  beforeAll(async () => {
    await Promise.all([enrolment.start(), onboarding.start()]);
    await Promise.all([web.start(), launchChromium().then((b) => (browser = b))]);
    const first = enrolment.seed({ municipalityId: 'ale', name: 'Anna-Karin Lindqvist-Andersson Östergren', email: LONG_EMAIL, street: 'Gamla Landsvägen mot Nödinge och Alafors' });
    for (let i = 0; i < 6; i++) {
      enrolment.seed({ municipalityId: 'ale', name: `Maximilian Bernadotte-Silfverschiöld ${i}`, email: `maximilian.bernadotte-silfverschiold.${i}@exempel-bostadsrattsforening.example`, street: 'Kvarnbäcksvägens norra förlängning' });
    }
    groupId = first.groupId!;
    const waiting = [...enrolment.persons.values()].find((p) => p.name.endsWith(' 3'))!;
    onboarding.meetingHeld(enrolment.nominate(first, 'approved', '2026-10-01T10:00:00.000Z'), '2026-11-18');
    enrolment.nominate(waiting, 'pending', '2026-11-20T10:00:00.000Z');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web.stop();
    await Promise.all([enrolment.stop(), onboarding.stop()]);
  }, 30_000);

  async function opened(width: number, path: string, lang: 'sv' | 'en'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: coordinatorCookie('ale', enrolment.tokenFor('ale')).slice(SESSION_COOKIE.length + 1), url: web.url }]);
    const page = await context.newPage();
    const res = await page.goto(`${web.url}${path}?lang=${lang}`);
    expect(res?.status()).toBe(200);
    return page;
  }

  describe.each([1280, 320])('at %i px', (width) => {
    it.each(['sv', 'en'] as const)('the group page (%s): members, signs and history inside the column, nothing scrolls sideways', async (lang) => {
      const page = await opened(width, `/ale/samordnare/grupper/${groupId}`, lang);
      const fit = await measure(page);
      expect(fit.tables.map((t) => t.table)).toEqual(expect.arrayContaining(['members', 'historik']));
      expect(fit.page.scrollWidth).toBeLessThanOrEqual(fit.page.clientWidth);
      for (const t of fit.tables) expect({ table: t.table, scrolls: t.wrapperScroll > t.wrapperClient, overColumn: t.overColumn }).toEqual({ table: t.table, scrolls: false, overColumn: 0 });
      // The long address had to wrap (one word of it alone is wider than a phone's cell): the test measures a real squeeze.
      if (width === 320) expect(await page.locator('#members span.govuk-body-s', { hasText: LONG_EMAIL }).evaluate((e) => e.getClientRects().length)).toBeGreaterThan(1);
      await page.context().close();
    });

    it('the group list (sv): inside the column, nothing scrolls sideways', async () => {
      const page = await opened(width, '/ale/samordnare/grupper', 'sv');
      const fit = await measure(page);
      expect(fit.tables.map((t) => t.table)).toEqual(['groups']);
      expect(fit.page.scrollWidth).toBeLessThanOrEqual(fit.page.clientWidth);
      expect(fit.tables[0]).toMatchObject({ overColumn: 0 });
      expect(fit.tables[0]!.wrapperScroll).toBeLessThanOrEqual(fit.tables[0]!.wrapperClient);
      await page.context().close();
    });
  });

  it.each(['sv', 'en'] as const)('the group page at 320 px (rows as blocks, each value named) passes axe (%s)', async (lang) => {
    const page = await opened(320, `/ale/samordnare/grupper/${groupId}`, lang);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
