import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mongoUrl, ServiceProcess, TestIdp, testMongo } from '@trygg/testing';
import { axeViolations, launchChromium, submit } from './browser';
import { coordinatorCookie, SESSION_COOKIE, TEST_SESSION_SECRET } from './signed-in';

// The safety-round pages against the real volunteers service (a process on FerretDB, its own database per run,
// trusting a TestIdp through DEV_IDP_URL): a round held ten days ago with a neighbourhood-watch group and a finding
// fixed today is set up over volunteers' API as the coordinator and the link holders would; then, through Debian's
// Chromium, the public protocol and the coordinator's pages (and the plan form's error state) in Swedish and English
// must pass axe (WCAG 2.1 A/AA), carry no script, and show the protocol's numbers without a person's name.

const run = randomUUID().slice(0, 8);
const database = `rounds_web_it_${run}`;
const ports = { volunteers: 4348, web: 4349 };
const swedishDate = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

jest.setTimeout(30_000);

describe('the safety-round pages pass axe and show the protocol, over the real volunteers service', () => {
  let idp: TestIdp;
  let volunteers: ServiceProcess;
  let web: ServiceProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let roundId: string;
  let accessToken: string;
  let groupToken: string;
  let ownerToken: string;

  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    const res = await fetch(`${volunteers.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${accessToken}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several shapes, asserted with toMatchObject
    return (await res.json()) as Record<string, any>;
  };
  const tokenOf = (url: string) => url.split('/').at(-1)!;

  beforeAll(async () => {
    idp = await TestIdp.start();
    accessToken = (await idp.coordinator('trollhattan', `samordnare-${run}`)).authorization.slice('Bearer '.length);
    volunteers = new ServiceProcess({
      service: 'volunteers',
      port: ports.volunteers,
      env: { MONGO_URL: mongoUrl(database), CONSUMER_GROUP: `rounds-web-it-${run}`, CONSUMER_FROM_BEGINNING: 'false', DEV_IDP_URL: idp.url, WEB_PUBLIC_URL: `http://127.0.0.1:${ports.web}` },
    });
    web = new ServiceProcess({
      service: 'web',
      port: ports.web,
      env: { VOLUNTEERS_URL: volunteers.url, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '10000', LOG_LEVEL: 'warn' },
    });
    await Promise.all([volunteers.start(), web.start(), launchChromium().then((b) => (browser = b))]);

    // A round ten days ago: the group says yes, the round is held, the group records a finding, it is assigned and fixed today.
    roundId = (await call('POST', '/staff/trollhattan/rounds', { district: 'Kronogården', plannedDate: swedishDate(new Date(Date.now() - 10 * 86_400_000)), meetingPoint: 'Kronogårdens torg' }))['roundId'];
    const group = await call('POST', `/staff/trollhattan/rounds/${roundId}/participants`, { name: 'Gun Grann', email: `gun-${run}@example.se`, organisationKind: 'neighbourhood-watch-group', organisationName: 'Grannsamverkan Kronogården' });
    groupToken = tokenOf(group['link'].url);
    await call('POST', `/round-links/participant/${groupToken}/answer`, { answer: 'yes' }, false);
    await call('POST', `/staff/trollhattan/rounds/${roundId}/status`, { status: 'held' });
    const lamp = await call('POST', `/round-links/participant/${groupToken}/findings`, { place: { kind: 'point', lat: 58.2712, lon: 12.3082 }, category: 'lighting', description: 'Trasig belysning vid skolan', responsibleOrganisation: 'Gatuavdelningen' }, false);
    const playground = await call('POST', `/staff/trollhattan/rounds/${roundId}/findings`, { place: { kind: 'address', address: 'Kronogårdsvägen 12' }, category: 'positive', description: 'Ny belysning vid lekplatsen', responsibleOrganisation: 'Eidar' });
    ownerToken = tokenOf((await call('POST', `/staff/trollhattan/findings/${playground['findingId']}/assignment`, { ownerEmail: `eva-${run}@eidar.example` }))['ownerLink'].url);
    const assigned = await call('POST', `/staff/trollhattan/findings/${lamp['findingId']}/assignment`, { ownerEmail: `ola-${run}@trollhattan.example` });
    await call('POST', `/round-links/owner/${tokenOf(assigned['ownerLink'].url)}/status`, { status: 'fixed' }, false);

    context = await browser.newContext();
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([web?.stop(), volunteers?.stop()]);
    await idp?.close();
    const client = await testMongo();
    await client.db(database).dropDatabase();
    await client.close();
  }, 60_000);

  async function open(path: string, lang: 'sv' | 'en', status = 200): Promise<void> {
    const res = await page.goto(`${web.url}${path}?lang=${lang}`);
    expect([path, res?.status()]).toEqual([path, status]);
    await check(lang);
  }
  async function check(lang: 'sv' | 'en'): Promise<void> {
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.locator('script').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  }

  it.each(['sv', 'en'] as const)('the public protocol (%s): the numbers and the group, no person', async (lang) => {
    await open(`/trollhattan/trygghetsrond/${roundId}`, lang);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Grannsamverkan Kronogården');
    expect(text).toContain(lang === 'sv' ? '10 dagar' : '10 days');
    expect(text).toContain('Trasig belysning vid skolan');
    for (const personal of ['Gun Grann', `gun-${run}`, `ola-${run}`, `samordnare-${run}`]) expect(await page.content()).not.toContain(personal);
    if (lang === 'sv') {
      // The README shows the Swedish protocol (docs/screenshots/round-protocol.png).
      const file = join(__dirname, '../../../docs/screenshots/round-protocol.png');
      mkdirSync(dirname(file), { recursive: true });
      await page.screenshot({ path: file, fullPage: true });
    }
  });

  it('the protocol of an unknown round is a 404 page', async () => {
    await open(`/trollhattan/trygghetsrond/${randomUUID()}`, 'sv', 404);
  });

  it.each(['sv', 'en'] as const)("a participant's page from their link (%s): the finding form, its errors, a finding recorded", async (lang) => {
    await open(`/trollhattan/trygghetsrond/deltagare/${groupToken}`, lang);
    await submit(page, 'form[action$="/brist"] button');
    await check(lang);
    expect(await page.locator('.govuk-error-summary a[href="#category"]').count()).toBe(1);
    await page.fill('#address', 'Gångvägen bakom skolan');
    await page.check(`#category-${lang === 'sv' ? 3 : 4}`);
    await page.fill('#description', `Klotter på tunneln (${lang})`);
    await page.fill('#responsibleOrganisation', 'Gatuavdelningen');
    await submit(page, 'form[action$="/brist"] button');
    await check(lang);
    expect(page.url()).toContain('klart=brist');
    const shown = await call('GET', `/staff/trollhattan/rounds/${roundId}`);
    expect(shown['findings'].map((f: { description: string }) => f.description)).toContain(`Klotter på tunneln (${lang})`);
  });

  it.each(['sv', 'en'] as const)("an owner's page from their link (%s): won't fix asks for a reason", async (lang) => {
    await open(`/trollhattan/trygghetsrond/atgard/${ownerToken}`, lang);
    await page.check('#status-2');
    await submit(page, 'form[action*="/atgard/"] button');
    await check(lang);
    expect(await page.locator('.govuk-error-summary a[href="#reason"]').count()).toBe(1);
  });

  it('a link that does not work is a 404 page', async () => {
    await open(`/trollhattan/trygghetsrond/deltagare/${'A'.repeat(43)}`, 'sv', 404);
  });

  it.each(['sv', 'en'] as const)("the coordinator's rounds, a round, and the plan form's errors (%s)", async (lang) => {
    await context.addCookies([{ name: SESSION_COOKIE, value: coordinatorCookie('trollhattan', accessToken).slice(SESSION_COOKIE.length + 1), url: web.url }]);
    await open('/trollhattan/samordnare/trygghetsronder', lang);
    expect(await page.locator('main').innerText()).toContain('Kronogården');
    await submit(page, 'form[action$="/trygghetsronder"] button');
    expect(page.url()).toContain('/trollhattan/samordnare/trygghetsronder');
    await check(lang);
    expect(await page.locator('.govuk-error-summary a[href="#district"]').count()).toBe(1);
    await open(`/trollhattan/samordnare/trygghetsronder/${roundId}`, lang);
    expect(await page.locator('main').innerText()).toContain(`ola-${run}@trollhattan.example`);
    await context.clearCookies();
  });

  it.each(['sv', 'en'] as const)('a coordinator plans a round, invites a group and sees its link once, from the pages (%s)', async (lang) => {
    await context.addCookies([{ name: SESSION_COOKIE, value: coordinatorCookie('trollhattan', accessToken).slice(SESSION_COOKIE.length + 1), url: web.url }]);
    await open('/trollhattan/samordnare/trygghetsronder', lang);
    await page.fill('#district', `Centrum ${lang}`);
    await page.fill('#plannedDate', swedishDate(new Date(Date.now() + 14 * 86_400_000)));
    await page.fill('#meetingPoint', 'Resecentrum');
    await submit(page, 'form[action$="/trygghetsronder"] button');
    expect(page.url()).toMatch(/\/trollhattan\/samordnare\/trygghetsronder\/[0-9a-f-]{36}$/);
    await check(lang);
    await page.fill('#name', 'Gun Grann');
    await page.fill('#email', `gun-${lang}-${run}@example.se`);
    await page.selectOption('#organisationKind', 'neighbourhood-watch-group');
    await submit(page, 'form[action$="/inbjudan"] button');
    await check(lang);
    expect(await page.locator('.govuk-error-summary a[href="#organisationName"]').count()).toBe(1);
    await page.fill('#organisationName', 'Grannsamverkan Centrum');
    await submit(page, 'form[action$="/inbjudan"] button');
    await check(lang);
    expect(await page.locator('.govuk-notification-banner code').innerText()).toMatch(/\/trollhattan\/trygghetsrond\/deltagare\/[A-Za-z0-9_-]{43}$/);
    await context.clearCookies();
  });
});
