import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { notifications, policeLiaison, type RouteContract } from '@trygg/http-contracts';
import { ServiceProcess } from '@trygg/testing';
import { axeViolations, launchChromium, submit } from './browser';
import { checkedAnswer, routeMatching } from './contract-check';
import { officerCookie, SESSION_COOKIE, TEST_SESSION_SECRET } from './signed-in';

// The officer's area-message pages (/polis/utskick) in Chromium, sv and en: the list (empty, then with the message),
// the form with its errors and summary, the preview, the send, the message's page while notifications has not made
// the broadcast yet ("Skickas…") and then with the counts per channel. axe must find no WCAG 2.1 A/AA violation and
// no page may carry a script. police-liaison's and notifications' routes are small fakes whose answers are parsed
// with their contracts; the real path has its own integration test (services/police-liaison/test/area-messages.int-spec.ts).

const ports = { web: 3628, police: 3629, notifications: 3630 };
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { POLICE_LIAISON_URL: `http://127.0.0.1:${ports.police}`, NOTIFICATIONS_URL: `http://127.0.0.1:${ports.notifications}`, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '10000', LOG_LEVEL: 'warn' },
});
type Requested = { id: string; municipalityId: string; subject: string; body: string; urgent: boolean; channels: Array<'email' | 'sms'>; areaIds: string[]; audience?: 'members' | 'contact-persons'; delivery?: 'direct' | 'relay' };
const requested: Requested[] = [];
/** Whether notifications has made the broadcast of the last request yet. */
let broadcastMade = false;

/** A fake service: each request matched to its route contract, each answer checked against it. */
function jsonServer(routes: readonly RouteContract[], handle: (route: RouteContract, body: Record<string, unknown> | undefined, answer: (status: number, body: unknown) => void) => void): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const route = routeMatching(routes, req.method, new URL(req.url ?? '/', 'http://x').pathname);
      if (!route) return void res.writeHead(404).end();
      const answer = (status: number, body: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(checkedAnswer(route, status, body)));
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : undefined;
      handle(route, body, answer);
    });
  });
}

/** police-liaison's area-message routes, as the contract says they answer. */
const fakePolice = jsonServer(policeLiaison.policeLiaisonRoutes, (route, body, answer) => {
  if (route === policeLiaison.areaMessageTargets) {
    return answer(200, { municipalities: [{ id: 'lilla-edet', name: 'Lilla Edet', areas: [{ id: 'lodose', name: 'Lödöse' }, { id: 'centrum-ostra', name: 'Lilla Edet centrum öst' }] }, { id: 'trollhattan', name: 'Trollhättan', areas: [{ id: 'centrum', name: 'Centrum' }] }] });
  }
  if (route === policeLiaison.areaMessages) {
    return answer(200, {
      messages: requested.map((r) => ({ id: r.id, municipalityId: r.municipalityId, policeAreaId: 'lpo-trollhattan', subject: r.subject, body: r.body, category: r.urgent ? 'urgent' : 'information', channels: r.channels, areaIds: r.areaIds, groupIds: [], audience: r.audience ?? 'members', delivery: r.delivery ?? 'direct', requestedBy: 'Per Polis', requestedAt: new Date().toISOString() })),
    });
  }
  if (route === policeLiaison.requestAreaMessage && body) {
    const id = randomUUID();
    requested.unshift({ id, ...(body as Omit<Requested, 'id'>) });
    broadcastMade = false;
    return answer(202, { messageId: id });
  }
  answer(404, { statusCode: 404, error: 'not_found' });
});

/** notifications' preview and totals (the broadcast's id is the message id; 404 until it is made). */
const fakeNotifications = jsonServer(notifications.notificationsRoutes, (route, body, answer) => {
  if (route === notifications.previewBroadcast && body) {
    const b = body as { subject: string; body: string; channels: string[] };
    return answer(200, {
      recipients: 9,
      channels: b.channels,
      previews: (['sv', 'en'] as const).map((language) => ({
        language,
        email: { subject: `${b.subject} – Lilla Edets kommun`, text: `${b.body}\n\nDina utskick: https://trygg.example/lilla-edet/utskick/x`, html: '<p>x</p>' },
        sms: { text: `${b.body}\nAvsluta: https://trygg.example/u/x`, encoding: 'GSM-7', units: 80, segments: 1 },
      })),
    });
  }
  if (route === notifications.broadcastTotals && requested[0] && broadcastMade) {
    const r = requested[0];
    return answer(200, {
      id: r.id, subject: r.subject, category: r.urgent ? 'urgent' : 'information', channels: r.channels, recipients: 9, messages: 18, createdAt: new Date().toISOString(), status: 'fanning-out',
      totals: [{ channel: 'email', status: 'sent', count: 6 }, { channel: 'email', status: 'delivered', count: 2 }, { channel: 'email', status: 'failed', count: 1 }, { channel: 'sms', status: 'queued', count: 9 }],
    });
  }
  answer(404, { statusCode: 404, error: 'not_found' });
});

jest.setTimeout(60_000);

describe('the officer\'s area-message pages pass axe (WCAG 2.1 A/AA) and carry no script, in Swedish and English', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await Promise.all([new Promise<void>((done) => fakePolice.listen(ports.police, '127.0.0.1', done)), new Promise<void>((done) => fakeNotifications.listen(ports.notifications, '127.0.0.1', done))]);
    await Promise.all([web.start(), launchChromium().then((b) => (browser = b))]);
    context = await browser.newContext();
    const cookie = officerCookie('lpo-trollhattan', 'officer-token');
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie.slice(SESSION_COOKIE.length + 1), url: web.url }]);
    page = await context.newPage();
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await web.stop();
    for (const server of [fakePolice, fakeNotifications]) {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });

  async function check(lang: 'sv' | 'en'): Promise<void> {
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.locator('script').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  }

  for (const lang of ['sv', 'en'] as const) {
    it(`${lang}: the list, the form and its errors, the preview, the send, "Skickas…" and the counts per channel`, async () => {
      const list = await page.goto(`${web.url}/polis/utskick?lang=${lang}`);
      expect(list?.status()).toBe(200);
      expect(await page.locator('nav a[aria-current="page"]').textContent()).toContain(lang === 'sv' ? 'Utskick' : 'Messages');
      await check(lang);

      await page.click('a[href="/polis/utskick/lilla-edet/nytt"]');
      expect(await page.locator('h1').textContent()).toContain(lang === 'sv' ? 'Skicka områdesinformation' : 'Send area information');
      await check(lang);
      await page.uncheck('input[name="email"]');
      await submit(page, 'form[action$="/forhandsgranska"] button');
      for (const field of ['title', 'text', 'channels', 'areaIds']) expect(await page.locator(`#${field}-error`).count()).toBe(1);
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await check(lang);

      await page.fill('#title', `Inbrott i Lödöse ${lang}`);
      await page.fill('#text', 'Flera inbrott i veckan. Lås dörrar och fönster.');
      await page.check('input[name="email"]');
      await page.check('input[name="sms"]');
      await page.check('input[name="urgent"]');
      await page.check('#areaIds');
      await submit(page, 'form[action$="/forhandsgranska"] button');
      expect((await page.locator('main').textContent()) ?? '').toContain(lang === 'sv' ? 'Når 9 mottagare.' : 'Reaches 9 recipients.');
      await check(lang);

      await submit(page, 'form[action="/polis/utskick/lilla-edet/nytt"] button');
      expect(requested[0]).toMatchObject({ municipalityId: 'lilla-edet', subject: `Inbrott i Lödöse ${lang}`, urgent: true, channels: ['email', 'sms'], areaIds: ['lodose'] });
      expect(page.url()).toContain(`/polis/utskick/lilla-edet/${requested[0]!.id}`);
      expect(await page.locator('main h2.govuk-heading-m').textContent()).toContain(lang === 'sv' ? 'Skickas…' : 'Sending…');
      await check(lang);

      broadcastMade = true;
      await page.click(`main a[href="/polis/utskick/lilla-edet/${requested[0]!.id}"]`);
      const table = (await page.locator('table').textContent()) ?? '';
      expect(table).toContain(lang === 'sv' ? 'Misslyckade' : 'Failed');
      expect(table).toContain(lang === 'sv' ? 'E-post' : 'Email');
      await check(lang);

      await page.goto(`${web.url}/polis/utskick?lang=${lang}`);
      expect(await page.locator(`a[href="/polis/utskick/lilla-edet/${requested[0]!.id}"]`).count()).toBe(1);
      await check(lang);
    });
  }
});
