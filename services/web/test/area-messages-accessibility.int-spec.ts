import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { notifications } from '@trygg/http-contracts';
import { ServiceProcess } from '@trygg/testing';
import { axeViolations, launchChromium, submit } from './browser';
import { checkedAnswer, routeMatching } from './contract-check';
import { FakeEnrolment } from './fake-enrolment';
import { coordinatorCookie, SESSION_COOKIE, TEST_SESSION_SECRET } from './signed-in';

// The coordinator's area-message pages in Chromium, sv and en: the form with its errors, the preview (email and SMS
// with segments), the send and the message's progress. axe must find no WCAG 2.1 A/AA violation, no page may carry
// a script. notifications' broadcast routes are a small fake here whose answers are parsed with its contract; the
// real routes have their own integration test (services/notifications/test/area-messages.int-spec.ts).

const ports = { web: 3751, enrolment: 3752, notifications: 3753 };
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`, NOTIFICATIONS_URL: `http://127.0.0.1:${ports.notifications}`, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '10000', LOG_LEVEL: 'warn' },
});
const enrolment = new FakeEnrolment(ports.enrolment, web.url);
const sent: Array<{ subject: string; category: string; channels: string[]; audience?: string; delivery?: string }> = [];
const broadcastId = randomUUID();

/** notifications' preview, send and totals, as the contract says they answer. */
const fakeNotifications: Server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routeMatching(notifications.notificationsRoutes, req.method, path);
    const answer = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(checkedAnswer(route, status, body)));
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { subject: string; body: string; category: string; channels: string[]; audience?: string; delivery?: string }) : undefined;
    if (route === notifications.previewBroadcast && body) {
      return answer(200, {
        recipients: 14,
        channels: body.channels,
        previews: (['sv', 'en'] as const).map((language) => ({
          language,
          email: { subject: `${body.subject} – Ale kommun`, text: `${body.body}\n\nDina utskick: https://trygg.example/ale/utskick/x`, html: '<p>x</p>' },
          sms: { text: `${body.body}\nAvsluta: https://trygg.example/u/x`, encoding: 'UCS-2', units: 90, segments: 2 },
        })),
      });
    }
    if (route === notifications.sendBroadcast && body) {
      sent.push({ subject: body.subject, category: body.category, channels: body.channels, audience: body.audience, delivery: body.delivery });
      return answer(202, { broadcastId, recipients: 14, messages: 28 });
    }
    if (route === notifications.broadcastTotals) {
      return answer(200, {
        id: broadcastId, subject: sent.at(-1)?.subject ?? 'Inbrott', category: 'urgent', channels: ['email', 'sms'], recipients: 14, messages: 28, createdAt: new Date().toISOString(), status: 'fanned-out',
        totals: [{ channel: 'email', status: 'sent', count: 13 }, { channel: 'email', status: 'failed', count: 1 }, { channel: 'sms', status: 'queued', count: 14 }],
        audience: 'members',
        delivery: 'relay',
        acknowledgements: { total: 3, groups: [{ groupId: randomUUID(), count: 3 }] },
      });
    }
    res.writeHead(404).end();
  });
});

jest.setTimeout(60_000);

describe('the area-message pages pass axe (WCAG 2.1 A/AA) and carry no script, in Swedish and English', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await Promise.all([enrolment.start(), new Promise<void>((done) => fakeNotifications.listen(ports.notifications, '127.0.0.1', done))]);
    await Promise.all([web.start(), launchChromium().then((b) => (browser = b))]);
    context = await browser.newContext();
    const cookie = coordinatorCookie('ale', enrolment.tokenFor('ale'));
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie.slice(SESSION_COOKIE.length + 1), url: web.url }]);
    page = await context.newPage();
  }, 90_000);

  afterAll(async () => {
    await context?.close();
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
    it(`${lang}: the form, its errors next to the fields, the preview, the send and the progress`, async () => {
      const res = await page.goto(`${web.url}/ale/samordnare/utskick?lang=${lang}`);
      expect(res?.status()).toBe(200);
      await check(lang);
      await page.uncheck('input[name="email"]');
      await submit(page, 'form[action$="/forhandsgranska"] button');
      expect(await page.locator('#title-error').count()).toBe(1);
      expect(await page.locator('#areaIds-error').count()).toBe(1);
      expect(await page.locator('#channels-error').count()).toBe(1);
      await check(lang);

      await page.fill('#title', `Inbrott ${lang}`);
      await page.fill('#text', 'Flera inbrott i veckan. Håll utkik 🚨');
      await page.check('input[name="sms"]');
      await page.check('input[name="email"]');
      await page.check('input[name="urgent"]');
      await page.check('#areaIds');
      // A relay to contact persons only is refused next to the delivery choice.
      await page.check('input[name="audience"][value="contact-persons"]');
      await page.check('input[name="delivery"][value="relay"]');
      await submit(page, 'form[action$="/forhandsgranska"] button');
      expect(await page.locator('#delivery-error').count()).toBe(1);
      await check(lang);
      await page.check('input[name="audience"][value="members"]');
      await submit(page, 'form[action$="/forhandsgranska"] button');
      const preview = (await page.locator('main').textContent()) ?? '';
      expect(preview).toContain(lang === 'sv' ? 'Når 14 mottagare.' : 'Reaches 14 recipients.');
      expect(preview).toContain(lang === 'sv' ? '90 tecken, antal SMS-delar: 2 (UCS-2)' : '90 characters, SMS parts: 2 (UCS-2)');
      expect(preview).toContain(lang === 'sv' ? 'Via kontaktombuden' : 'Through the contact persons');
      await check(lang);

      await submit(page, `form[action="/ale/samordnare/utskick"] button`);
      expect(sent.at(-1)).toEqual({ subject: `Inbrott ${lang}`, category: 'urgent', channels: ['email', 'sms'], audience: 'members', delivery: 'relay' });
      expect(page.url()).toContain(`/ale/samordnare/utskick/${broadcastId}`);
      expect(await page.locator('table').first().textContent()).toContain(lang === 'sv' ? 'Misslyckades' : 'Failed');
      expect(await page.locator('main').textContent()).toContain(lang === 'sv' ? '3 mottagare har kvitterat.' : '3 recipients have acknowledged it.');
      await check(lang);
    });
  }
});
