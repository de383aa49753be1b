import type { Browser } from 'playwright-core';
import { ServiceProcess, signInAtDevIdpInBrowser, waitFor } from '@trygg/testing';
import { axeViolations, launchChromium } from './browser';

// The real sign-in in Chromium, against the development IdP (deploy/local/dev-idp.mts, `make up`) at DEV_IDP_URL:
// a coordinator and a police officer sign in through /logga-in, land on their start page with their name and role in
// the header, and logout ends the session (at the IdP too: the coordinator pages ask for sign-in again). The web runs
// as a process on TEST_WEB_URL's port (deploy/local/env.sh, 3990: the dev IdP sends people back to its /auth/callback
// as well as to the web of `make up`), so no other web may run on that port.

const idpUrl = process.env['DEV_IDP_URL'] ?? 'http://127.0.0.1:4890';
const publicUrl = process.env['TEST_WEB_URL'] ?? 'http://127.0.0.1:3990';
const web = new ServiceProcess({
  service: 'web',
  port: Number(new URL(publicUrl).port),
  env: { WEB_PUBLIC_URL: publicUrl, DEV_IDP_URL: idpUrl, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000' },
});

jest.setTimeout(60_000);

describe('staff sign in at the dev IdP in the browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    await waitFor(`the dev IdP at ${idpUrl}`, async () => ((await fetch(`${idpUrl}/ale/.well-known/openid-configuration`)).ok ? true : undefined), { timeoutMs: 10_000 });
    await Promise.all([web.start(), launchChromium().then((b) => (browser = b))]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web.stop();
  }, 30_000);

  it.each([
    ['a coordinator of Ale', 'Personal i Ale kommun', 'samordnare.ale', '/ale/samordnare', /\(samordnare, Ale kommun\)/],
    ['a police officer of lpo-trollhattan', 'Polisen', 'polis.trollhattan', '/polis', /\(kommunpolis, Lokalpolisområde Trollhättan\)/],
  ])('%s signs in, lands on the start page, and logout ends the session', async (_who, organisation, login, start, header) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${publicUrl}/logga-in`);
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(idpUrl)), page.click(`a:text-is("${organisation}")`)]);
    await signInAtDevIdpInBrowser(page, idpUrl, login);
    expect(page.url().startsWith(publicUrl)).toBe(true);
    expect(new URL(page.url()).pathname).toBe(start);
    expect(await page.locator('.app-signed-in__who').textContent()).toMatch(header);
    const cookies = await context.cookies(publicUrl);
    expect(cookies.find((c) => c.name === 'trygg-session')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    // Logout: the session cookie is cleared and the browser goes to the IdP's end_session_endpoint, which asks to
    // confirm ("Ja, logga ut") and then sends it back to WEB_PUBLIC_URL.
    await Promise.all([page.waitForURL((url) => url.href.startsWith(idpUrl)), page.click('.app-signed-in__button')]);
    expect(new URL(page.url()).searchParams.get('id_token_hint')).toBeTruthy();
    await Promise.all([page.waitForURL((url) => url.href.startsWith(publicUrl)), page.click('button[name="logout"]')]);
    expect(new URL(page.url()).pathname).toBe('/');
    expect((await context.cookies(publicUrl)).find((c) => c.name === 'trygg-session')).toBeUndefined();
    const again = await page.goto(`${publicUrl}${start}`);
    expect(new URL(again!.url()).pathname).toBe('/logga-in');
    await context.close();
  });
});
