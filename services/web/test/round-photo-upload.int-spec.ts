import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mongoUrl, ServiceProcess, TestIdp, testMongo } from '@trygg/testing';
import { axeViolations, launchChromium } from './browser';
import { TEST_SESSION_SECRET } from './signed-in';

// A participant records a finding with a photo from the phone page, through Debian's Chromium (390 px; the
// page has no script) and the real volunteers service (a process on FerretDB, its own database per run): the form
// is multipart with its CSRF token; a JPEG is stored by volunteers without its EXIF; a file over 5 MB and a file that
// is not an image come back as the form with the error at the field naming the limit (400), nothing recorded — each
// page in Swedish and English passes axe. Ports 3726 (volunteers) and 3727 (web).

const run = randomUUID().slice(0, 8);
const database = `round_photo_web_it_${run}`;
const ports = { volunteers: 3726, web: 3727 };
const swedishDate = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
/** A 2×2 JPEG as Chromium encodes it (services/volunteers/src/domain/photo.spec.ts has the same). */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAj/xAAZEAEBAQEBAQAAAAAAAAAAAAACAQARA1H/xAAVAQEBAAAAAAAAAAAAAAAAAAAHCf/EABoRAAAHAAAAAAAAAAAAAAAAAAABAwQ0crH/2gAMAwEAAhEDEQA/AJLAPkCAYAZyEzkk+TMzGDySpY9FBmsdOpYP/9k=',
  'base64',
);
function withExif(secret: string): Buffer {
  const payload = Buffer.concat([Buffer.from('Exif\0\0MM\0*\0\0\0\x08', 'latin1'), Buffer.from(secret)]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([JPEG.subarray(0, 2), header, payload, JPEG.subarray(2)]);
}

jest.setTimeout(60_000);

describe('a finding with a photo from the participant page, over the real volunteers service', () => {
  let idp: TestIdp;
  let volunteers: ServiceProcess;
  let web: ServiceProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let roundId: string;
  let staff: { authorization: string };
  let token: string;

  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    const res = await fetch(`${volunteers.url}${path}`, { method, headers: { 'content-type': 'application/json', ...(auth ? staff : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several shapes
    return (await res.json()) as Record<string, any>;
  };
  const findings = async () => (await call('GET', `/staff/trollhattan/rounds/${roundId}`))['findings'] as Array<{ findingId: string; description: string; photo: string | null }>;

  beforeAll(async () => {
    idp = await TestIdp.start();
    staff = await idp.coordinator('trollhattan', `samordnare-${run}`);
    volunteers = new ServiceProcess({
      service: 'volunteers',
      port: ports.volunteers,
      env: { MONGO_URL: mongoUrl(database), CONSUMER_GROUP: `round-photo-web-it-${run}`, CONSUMER_FROM_BEGINNING: 'false', DEV_IDP_URL: idp.url, WEB_PUBLIC_URL: `http://127.0.0.1:${ports.web}` },
    });
    web = new ServiceProcess({ service: 'web', port: ports.web, env: { VOLUNTEERS_URL: volunteers.url, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '10000', LOG_LEVEL: 'warn' } });
    await Promise.all([volunteers.start(), web.start(), launchChromium().then((b) => (browser = b))]);
    roundId = (await call('POST', '/staff/trollhattan/rounds', { district: 'Kronogården', plannedDate: swedishDate(new Date()), meetingPoint: 'Kronogårdens torg' }))['roundId'];
    const group = await call('POST', `/staff/trollhattan/rounds/${roundId}/participants`, { name: 'Gun Grann', email: `gun-${run}@example.se`, organisationKind: 'neighbourhood-watch-group', organisationName: 'Grannsamverkan Kronogården' });
    token = (group['link'].url as string).split('/').at(-1)!;
    await call('POST', `/staff/trollhattan/rounds/${roundId}/status`, { status: 'held' });
    // A phone's viewport; the pages carry no script (axe needs the browser's JavaScript for itself).
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([web?.stop(), volunteers?.stop()]);
    await idp?.close();
    const client = await testMongo();
    await client.db(database).dropDatabase();
    await client.close();
  }, 60_000);

  async function check(lang: 'sv' | 'en'): Promise<void> {
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await axeViolations(page)).toEqual([]);
  }
  async function fillFinding(description: string, file: { name: string; mimeType: string; buffer: Buffer }, lang: 'sv' | 'en'): Promise<number> {
    const res = await page.goto(`${web.url}/trollhattan/trygghetsrond/deltagare/${token}?lang=${lang}`);
    expect(res?.status()).toBe(200);
    await check(lang);
    await page.fill('#address', 'Gångvägen bakom skolan');
    await page.check('#category');
    await page.fill('#description', description);
    await page.fill('#responsibleOrganisation', 'Gatuavdelningen');
    await page.setInputFiles('#photo', file);
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('form[action$="/brist"] button')]);
    await page.waitForLoadState('load');
    return answer.status();
  }

  it.each(['sv', 'en'] as const)('a photo with the finding (%s): stored by volunteers without its EXIF', async (lang) => {
    const status = await fillFinding(`Trasig lampa med foto (${lang})`, { name: 'lampa.jpg', mimeType: 'image/jpeg', buffer: withExif('GPS 58.2712 12.3082') }, lang);
    expect(status).toBe(303);
    expect(page.url()).toContain('klart=brist');
    await check(lang);
    const finding = (await findings()).find((f) => f.description === `Trasig lampa med foto (${lang})`)!;
    expect(finding.photo).toBe('image/jpeg');
    const photo = await fetch(`${volunteers.url}/staff/trollhattan/findings/${finding.findingId}/photo`, { headers: staff });
    expect(Buffer.from(await photo.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it.each(['sv', 'en'] as const)('a photo over 5 MB (%s): the error at the field naming the limit, nothing recorded', async (lang) => {
    const big = Buffer.concat([JPEG.subarray(0, 2), Buffer.alloc(5 * 1024 * 1024 + 1)]);
    const status = await fillFinding(`För stort foto (${lang})`, { name: 'stor.jpg', mimeType: 'image/jpeg', buffer: big }, lang);
    expect(status).toBe(400);
    await check(lang);
    expect(await page.locator('.govuk-error-summary a[href="#photo"]').count()).toBe(1);
    expect(await page.locator('#photo-error').innerText()).toContain(lang === 'sv' ? 'högst 5 MB' : 'at most 5 MB');
    expect(await page.inputValue('#description')).toBe(`För stort foto (${lang})`);
    expect((await findings()).map((f) => f.description)).not.toContain(`För stort foto (${lang})`);
  });

  it.each(['sv', 'en'] as const)('a file that is not an image (%s): the error at the field naming the types and the limit', async (lang) => {
    const status = await fillFinding(`Inte en bild (${lang})`, { name: 'lampa.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.7 a document, not a photo') }, lang);
    expect(status).toBe(400);
    await check(lang);
    expect(await page.locator('#photo-error').innerText()).toContain(lang === 'sv' ? 'JPEG, PNG eller WebP, högst 5 MB' : 'JPEG, PNG or WebP, at most 5 MB');
    expect((await findings()).map((f) => f.description)).not.toContain(`Inte en bild (${lang})`);
  });
});
