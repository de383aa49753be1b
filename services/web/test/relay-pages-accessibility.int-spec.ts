import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { notifications } from '@trygg/http-contracts';
import { ServiceProcess } from '@trygg/testing';
import { axeViolations, launchChromium } from './browser';
import { checkedAnswer, routeMatching } from './contract-check';
import { FakeEnrolment } from './fake-enrolment';
import { TEST_SESSION_SECRET } from './signed-in';

// Issue 14, reaching every household: the contact person's relay page (which households the area message reached),
// its print version (one A4 sheet per household, or a list; name and address only) and the "Jag har läst" page, in
// Chromium, sv and en, with axe (WCAG 2.1 A/AA) and no script. notifications is a small fake whose answers are parsed
// with its contract; the real routes have their integration test (services/notifications/test/relay.int-spec.ts).

const ports = { web: 3615, enrolment: 3616, notifications: 3617 };
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`, NOTIFICATIONS_URL: `http://127.0.0.1:${ports.notifications}`, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '10000', LOG_LEVEL: 'warn' },
});
const enrolment = new FakeEnrolment(ports.enrolment, web.url);
const broadcastId = randomUUID();
const ACK = 'A'.repeat(43);
const reachAsked: Array<{ contactPersonId: string; personIds: string[] }> = [];
const acks = new Set<string>();
let reachedPerson = '';

const fakeNotifications: Server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routeMatching(notifications.notificationsRoutes, req.method, path);
    const answer = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(checkedAnswer(route, status, body)));
    if (route === notifications.broadcastReach) {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { contactPersonId: string; personIds: string[] };
      reachAsked.push(body);
      if (!path.includes(broadcastId)) return answer(404, { statusCode: 404, error: 'not_found' });
      return answer(200, {
        broadcast: { id: broadcastId, subject: 'Inbrott på Storgatan', body: 'Flera inbrott i veckan.\nHåll utkik.', category: 'information', createdAt: new Date().toISOString(), delivery: 'relay' },
        people: body.personIds.map((personId) => ({ personId, reach: personId === reachedPerson ? 'reached' : 'not-reached' })),
      });
    }
    if (route === notifications.acknowledgeBroadcast) {
      if (!path.endsWith(ACK)) return answer(404, { statusCode: 404, error: 'not_found' });
      const firstTime = !acks.has(ACK);
      acks.add(ACK);
      return answer(200, { municipalityId: 'ale', language: 'sv', subject: 'Inbrott på Storgatan', firstTime });
    }
    res.writeHead(404).end();
  });
});

jest.setTimeout(60_000);

describe('the relay, print and acknowledgement pages pass axe (WCAG 2.1 A/AA) and carry no script, in Swedish and English', () => {
  let browser: Browser;
  let page: Page;
  let base = '';
  let groupId = '';

  beforeAll(async () => {
    await Promise.all([enrolment.start(), new Promise<void>((done) => fakeNotifications.listen(ports.notifications, '127.0.0.1', done))]);
    await Promise.all([web.start(), launchChromium().then((b) => (browser = b))]);
    const leader = enrolment.seed({ municipalityId: 'ale', name: 'Lena Ledare', email: 'lena@example.se', role: 'contact-person' });
    const reached = enrolment.seed({ municipalityId: 'ale', name: 'Rut Nådd', email: 'rut@example.se', street: 'Bygatan' });
    enrolment.seed({ municipalityId: 'ale', name: 'Pelle Papper', email: 'pelle@example.se', street: 'Ängsvägen' });
    reachedPerson = reached.personId;
    groupId = leader.groupId!;
    base = `/ale/mina-uppgifter/${enrolment.selfServiceTokenFor('lena@example.se')}`;
    page = await (await browser.newContext()).newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await web.stop();
    await Promise.all([enrolment.stop(), new Promise<void>((done) => fakeNotifications.close(() => done()))]);
  });

  async function check(lang: 'sv' | 'en'): Promise<void> {
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.locator('script').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  }

  for (const lang of ['sv', 'en'] as const) {
    it(`${lang}: the relay page says which households were reached; the print version lists only the others, without email or mobile`, async () => {
      const res = await page.goto(`${web.url}${base}/grupp/${groupId}/utskick/${broadcastId}?lang=${lang}`);
      expect(res?.status()).toBe(200);
      const table = (await page.locator('table').textContent()) ?? '';
      expect(table).toContain('Rut Nådd');
      expect(table).toContain('Pelle Papper');
      expect(table).toContain(lang === 'sv' ? 'Nej – ge det på papper' : 'No – give it on paper');
      // The web asked as the link's person, about the group's members only.
      expect(reachAsked.at(-1)?.personIds).toContain(reachedPerson);
      await check(lang);

      for (const suffix of ['', '?som=lista']) {
        const print = await page.goto(`${web.url}${base}/grupp/${groupId}/utskick/${broadcastId}/utskrift${suffix}${suffix ? '&' : '?'}lang=${lang}`);
        expect(print?.status()).toBe(200);
        const main = (await page.locator('main').textContent()) ?? '';
        expect(main).toContain('Pelle Papper');
        expect(main).toContain('Ängsvägen');
        expect(main).not.toContain('Rut Nådd'); // reached: nothing to print
        expect(main).not.toContain('@example.se');
        expect(await page.locator('.app-relay-sheet').count()).toBeGreaterThan(0);
        await check(lang);
      }
      // Another message, or one not to this group: notifications says 404, and so does the page.
      expect((await page.goto(`${web.url}${base}/grupp/${groupId}/utskick/${randomUUID()}?lang=${lang}`))?.status()).toBe(404);
    });

    it(`${lang}: "Jag har läst" thanks once, says so again on a second click, and an unknown link is a 404`, async () => {
      const first = await page.goto(`${web.url}/ale/kvittera/${ACK}?lang=${lang}`);
      expect(first?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toContain(lang === 'sv' ? 'Tack' : 'Thank you');
      await check(lang);
      await page.goto(`${web.url}/ale/kvittera/${ACK}?lang=${lang}`);
      expect(await page.locator('main').textContent()).toContain(lang === 'sv' ? 'redan' : 'already');
      const unknown = await page.goto(`${web.url}/ale/kvittera/${'B'.repeat(43)}?lang=${lang}`);
      expect(unknown?.status()).toBe(404);
      await check(lang);
    });
  }
});
