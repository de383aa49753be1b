import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

/** TEST ONLY: Debian's Chromium driven by playwright-core (installed by deploy/local/install.sh). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's WCAG 2.1 A/AA violations on the page, as short readable lines (empty when there are none). */
export async function axeViolations(page: Page): Promise<string[]> {
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

/** The CSRF cookie and token of a form page, for tests that post without a browser. */
export async function formSession(url: string, signedIn?: string): Promise<{ cookie: string; token: string }> {
  // (`signedIn`: a session cookie — signed-in.ts — for staff pages; it is kept in the returned cookie header)
  const res = await fetch(url, signedIn ? { headers: { cookie: signedIn } } : {});
  const cookies = [...(signedIn ? [signedIn] : []), ...res.headers.getSetCookie().map((c) => c.split(';')[0]!)];
  const html = await res.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF token on ${url} (${res.status})`);
  return { cookie: cookies.join('; '), token };
}

/** Clicks a submit button and waits for the page the post answers with. */
export async function submit(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click(selector)]);
  await page.waitForLoadState('load');
}
