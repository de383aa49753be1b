import type { Browser, Page } from 'playwright-core';

// Browser tests: Debian's Chromium driven by playwright-core, axe-core for accessibility. Both packages are loaded
// when first used, so the many tests that import @trygg/testing without a browser do not load them.

/** TEST ONLY: Debian's Chromium driven by playwright-core (installed by deploy/local/install.sh; CHROMIUM_PATH overrides). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's WCAG 2.1 A/AA violations on the page, as short readable lines (empty when there are none). */
export async function axeViolations(page: Page): Promise<string[]> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** What the page's document looks like to this test code (the test's tsconfig has no DOM types). */
type PageDocument = { document: { activeElement: { matches(selector: string): boolean } | null } };

/** Presses Tab (or Shift+Tab) until the focused element matches the selector; fails after `max` presses. */
export async function tabTo(page: Page, selector: string, { backwards = false, max = 80 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => !!(globalThis as unknown as PageDocument).document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${selector} with ${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'}`);
}

/**
 * In a page the web front has just sent to the development IdP (deploy/local/dev-idp.mts at `idpUrl`): fills its
 * login form (user name, password `trygg-dev` unless given) and submits it, then any further page of the IdP, until
 * the browser is back outside the IdP; throws when it is not.
 */
export async function signInAtDevIdpInBrowser(page: Page, idpUrl: string, username: string, password = 'trygg-dev'): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(idpUrl));
  await page.fill('input[name="login"], input[name="username"]', username);
  await page.fill('input[type="password"]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  for (let i = 0; i < 3 && page.url().startsWith(idpUrl); i++) {
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  }
  if (page.url().startsWith(idpUrl)) throw new Error(`still at the dev IdP after signing in as ${username}: ${page.url()}`);
}
