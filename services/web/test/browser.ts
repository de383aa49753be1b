import type { Page } from 'playwright-core';

// Chromium, axe and the keyboard helper are @trygg/testing's (libs/testing/src/browser.ts), shared with the root e2e
// tests; what only the web's tests need is here.
export { axeViolations, launchChromium, tabTo } from '@trygg/testing';

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
