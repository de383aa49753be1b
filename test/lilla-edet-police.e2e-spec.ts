import { randomBytes, randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { subscriptionsOf } from '@trygg/contracts';
import {
  axeViolations,
  calendarOf,
  child,
  instantOf,
  launchChromium,
  mongoUrl,
  property,
  ServiceProcess,
  signInAtDevIdp,
  signInAtDevIdpInBrowser,
  SmtpReceiver,
  startGroupAtEnd,
  tabTo,
  testKafka,
  testMongo,
  unescapeText,
  waitFor,
} from '@trygg/testing';

// Issue 14, end to end in Debian's Chromium against the REAL development IdP (DEV_IDP_URL) and the shared Kafka,
// FerretDB and Redis, every service a real process with its own databases and consumer groups:
//   a neighbour joins Lilla Edet's area group over enrolment's API; a resident registers in the web front as
//   kontaktombud and confirms from the email → Lilla Edet's contact-person process
//   (municipalities/lilla-edet/onboarding/contact-person.yaml): the coordinator (samordnare.lillaedet, a dev-IdP token:
//   the step has no page) approves coordinator-check over onboarding's API → the BRÅ reviewer (bra.lillaedet) decides
//   in services/bra-review → the officer of lpo-trollhattan (polis.trollhattan) signs in at the dev IdP, approves the
//   case with the keyboard and proposes the start meeting on /polis/grupper/<id>/uppstartsmote → both members get the
//   invitation with a calendar file (parsed: METHOD:REQUEST, VTIMEZONE Europe/Stockholm, the meeting's DTSTART) →
//   the neighbour answers yes from the link → once the meeting has begun the officer records that the kontaktombud
//   came → onboarding's start-meeting step is answered and the group is active (enrolment's staff API) → the
//   contact person opens "Mina uppgifter" from their approval mail and adds, on the group's household list, a household
//   without email or mobile (address only) → the officer sends area information to the group's area from
//   /polis/utskick as a relay (keyboard) → both members get it; the contact person's mail links to the relay page,
//   which shows the neighbour reached and the added household not, and its print version (sheets and list) lists the
//   added household with no email address or phone number.
// axe (WCAG 2.1 AA) runs on every police and contact-person page in Swedish and English.
// Mail goes to an SMTP server of the test's own (libs/testing SmtpReceiver): the shared catcher keeps only the
// attachments' names and sizes, and this test reads the .ics. The web runs on TEST_WEB_URL's port (3990: the dev IdP
// redirects there), so nothing else may listen there. Ports 3660–3665.

const idpUrl = process.env['DEV_IDP_URL'] ?? 'http://127.0.0.1:4890';
const publicUrl = process.env['TEST_WEB_URL'] ?? 'http://127.0.0.1:3990';
const redirectUri = `${publicUrl}/auth/callback`;
const run = randomUUID().slice(0, 8);
const db = { enrolment: `lep_${run}_enrolment`, onboarding: `lep_${run}_onboarding`, notifications: `lep_${run}_notifications`, police: `lep_${run}_police`, bra: `lep_${run}_bra` };
const group = (service: string) => `lep-${run}-${service}`;
const ports = { enrolment: 3660, onboarding: 3661, notifications: 3662, police: 3663, bra: 3664, smtp: 3665 };
const url = (port: number) => `http://127.0.0.1:${port}`;
const smtp = new SmtpReceiver(ports.smtp);
const linksSecret = randomBytes(32).toString('hex');
const common = { INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: linksSecret, INTERNAL_SECRET_WEB_PREFERENCES: randomBytes(32).toString('hex'), DEV_IDP_URL: idpUrl, LOG_LEVEL: 'warn' };

const processes = {
  enrolment: new ServiceProcess({
    service: 'enrolment',
    port: ports.enrolment,
    env: { ...common, MONGO_URL: mongoUrl(db.enrolment), CONSUMER_GROUP: group('enrolment'), WEB_PUBLIC_URL: publicUrl },
  }),
  onboarding: new ServiceProcess({
    service: 'onboarding',
    port: ports.onboarding,
    env: { ...common, MONGO_URL: mongoUrl(db.onboarding), CONSUMER_GROUP: group('onboarding'), TIMER_INTERVAL_MS: '60000' },
  }),
  notifications: new ServiceProcess({
    service: 'notifications',
    port: ports.notifications,
    env: {
      ...common,
      MONGO_URL: mongoUrl(db.notifications),
      CONSUMER_GROUP: group('notifications'),
      QUEUE_PREFIX: group('notifications'),
      NOTIFICATIONS_PUBLIC_URL: url(ports.notifications),
      ENROLMENT_URL: url(ports.enrolment),
      POLICE_LIAISON_URL: url(ports.police),
      SMTP_URL: smtp.url,
      RETRY_BASE_DELAY_MS: '200',
    },
  }),
  police: new ServiceProcess({
    service: 'police-liaison',
    port: ports.police,
    env: { ...common, MONGO_URL: mongoUrl(db.police), CONSUMER_GROUP: group('police'), WEB_PUBLIC_URL: publicUrl },
  }),
  bra: new ServiceProcess({
    service: 'bra-review',
    port: ports.bra,
    env: { ...common, MONGO_URL: mongoUrl(db.bra), CONSUMER_GROUP: group('bra') },
  }),
  web: new ServiceProcess({
    service: 'web',
    port: Number(new URL(publicUrl).port),
    env: { ...common, WEB_PUBLIC_URL: publicUrl, ENROLMENT_URL: url(ports.enrolment), POLICE_LIAISON_URL: url(ports.police), NOTIFICATIONS_URL: url(ports.notifications), RATE_LIMIT_MAX: '1000' },
  }),
};
const consumers = { enrolment: 'enrolment', onboarding: 'onboarding', notifications: 'notifications', police: 'police-liaison', bra: 'bra-review' } as const;
const settle = { timeoutMs: 30_000, intervalMs: 250 };
jest.setTimeout(60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several services
type Json = any;

async function call(base: string, method: string, path: string, authorization?: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A bearer token of a seeded person, signed in at the dev IdP over plain HTTP (libs/testing signInAtDevIdp). */
async function devIdpToken(issuerPath: 'lilla-edet' | 'polisen', username: string): Promise<string> {
  const secret = process.env[issuerPath === 'lilla-edet' ? 'OIDC_CLIENT_SECRET_LILLA_EDET' : 'OIDC_CLIENT_SECRET_POLICE'];
  if (!secret) throw new Error('run with deploy/local/env.sh sourced: the dev IdP client secrets are not set');
  const tokens = await signInAtDevIdp({ idpUrl, issuerPath, username, password: 'trygg-dev', clientId: 'trygg-samverkan', clientSecret: secret, redirectUri });
  return `Bearer ${tokens.accessToken}`;
}

/** axe (WCAG 2.1 A/AA) on the page as the browser shows it; a failure names the page and its language. */
async function expectAxeClean(page: Page): Promise<void> {
  const where = `${new URL(page.url()).pathname} (${await page.locator('html').getAttribute('lang')})`;
  expect({ page: where, violations: await axeViolations(page) }).toEqual({ page: where, violations: [] });
}

/** axe on a page shown by a GET, in Swedish as shown and again in English (`?lang=en`); the page is left in Swedish. */
async function expectAxeCleanSvEn(page: Page): Promise<void> {
  const here = new URL(page.url());
  expect(await page.locator('html').getAttribute('lang')).toBe('sv');
  await expectAxeClean(page);
  const inLanguage = (lang: string) => {
    const u = new URL(here.href);
    u.searchParams.set('lang', lang);
    return u.href;
  };
  await page.goto(inLanguage('en'));
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  await expectAxeClean(page);
  await page.goto(inLanguage('sv'));
}

/** Europe/Stockholm's calendar day and wall-clock time of an instant: ["2026-12-03", "18:05"]. */
function stockholm(at: Date): [string, string] {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return [`${p['year']}-${p['month']}-${p['day']}`, `${p['hour']}:${p['minute']}`];
}

describe('Lilla Edet: a kontaktombud through coordinator, BRÅ and the officer to the start meeting and an active group', () => {
  let client: mongo.MongoClient;
  let browser: Browser;
  let officer: BrowserContext;
  let page: Page;
  let coordinatorApi: string;
  let braApi: string;
  let policeApi: string;

  const contactName = `Kim Kontakt ${run}`;
  const contactEmail = `lep-${run}-kontakt@e2e.example`;
  const neighbourName = `Nora Granne ${run}`;
  const neighbourEmail = `lep-${run}-granne@e2e.example`;
  const place = 'Kommunhuset, Järnvägsgatan 2; sal 1';
  let instanceId = '';
  let groupId = '';
  let caseId = '';
  let contact: Page;
  const addedNumber = '11';
  let meetingStart = new Date(0);

  beforeAll(async () => {
    await waitFor(`the dev IdP at ${idpUrl}`, async () => ((await fetch(`${idpUrl}/polisen/.well-known/openid-configuration`)).ok ? true : undefined), { timeoutMs: 10_000 });
    const taken = await fetch(`${publicUrl}/health/live`).then(
      () => true,
      () => false,
    );
    if (taken) throw new Error(`something already listens on ${publicUrl}: this test runs the web there (the dev IdP redirects to it); stop the other web first`);
    client = await testMongo();
    const kafka = testKafka();
    await Promise.all([smtp.start(), ...Object.entries(consumers).map(([key, service]) => startGroupAtEnd(kafka, group(key), subscriptionsOf(service)))]);
    await Promise.all([
      ...Object.values(processes).map((p) => p.start({ readyTimeoutMs: 90_000 })),
      launchChromium().then((b) => (browser = b)),
      Promise.all([devIdpToken('lilla-edet', 'samordnare.lillaedet'), devIdpToken('lilla-edet', 'bra.lillaedet'), devIdpToken('polisen', 'polis.trollhattan')]).then((tokens) => ([coordinatorApi, braApi, policeApi] = tokens)),
    ]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(Object.values(processes).map((p) => p.stop()));
    await smtp.stop();
    if (client) {
      for (const name of Object.values(db)) await client.db(name).dropDatabase();
      await client.close();
    }
  }, 60_000);

  it('a neighbour joins over the API; a resident registers as kontaktombud in the web front and confirms from the email', async () => {
    const neighbour = await call(url(ports.enrolment), 'POST', '/registrations', undefined, {
      municipalityId: 'lilla-edet',
      name: neighbourName,
      email: neighbourEmail,
      address: { street: 'Storgatan', number: '9', postcode: '463 30' },
      intent: 'join',
    });
    expect(neighbour.status).toBe(202);
    const neighbourMail = await smtp.waitForMail(neighbourEmail, 'Bekräfta din anmälan');
    const neighbourToken = /\/bekrafta\/([A-Za-z0-9_-]{20,})/.exec(neighbourMail.text ?? '')![1];
    const confirmed = await call(url(ports.enrolment), 'POST', '/confirmations', undefined, { municipalityId: 'lilla-edet', token: neighbourToken });
    expect(confirmed).toMatchObject({ status: 200, body: { placement: { kind: 'placed', area: { id: 'centrum-ostra' } } } });
    groupId = confirmed.body.placement.group.id;

    const resident = await (await browser.newContext()).newPage();
    await resident.goto(`${publicUrl}/lilla-edet/grannsamverkan`);
    await expectAxeCleanSvEn(resident);
    await resident.fill('#name', contactName);
    await resident.fill('#email', contactEmail);
    await resident.fill('#street', 'Storgatan');
    await resident.fill('#streetNumber', '7');
    await resident.fill('#postcode', '463 30');
    await resident.fill('#city', 'Lilla Edet');
    await resident.check('input[name="choice"][value="contact-person"]');
    await Promise.all([resident.waitForURL(/\/lilla-edet\/grannsamverkan\/tack$/), resident.click('form button.govuk-button')]);
    await expectAxeCleanSvEn(resident);

    const mail = await smtp.waitForMail(contactEmail, 'Bekräfta din anmälan');
    const link = /http:\/\/\S+\/lilla-edet\/grannsamverkan\/bekrafta\/[A-Za-z0-9_-]{20,}/.exec(mail.text ?? '')![0];
    expect(link.startsWith(publicUrl)).toBe(true);
    await resident.goto(link);
    await expectAxeCleanSvEn(resident);
    await Promise.all([resident.waitForResponse((r) => r.request().method() === 'POST'), resident.click('main button')]);
    await resident.waitForLoadState('load');
    expect(await resident.locator('.govuk-panel__title').textContent()).toContain('Tack, din anmälan är bekräftad');
    expect(await resident.locator('main').textContent()).toContain('Du har anmält att du kan vara kontaktombud');
    await expectAxeClean(resident); // the answer to the POST, in Swedish (a second POST would be a second confirmation)
    await resident.context().close();
  });

  it('the coordinator approves coordinator-check over onboarding’s API and the BRÅ reviewer decides in bra-review', async () => {
    // The nomination, seen on enrolment's staff API, names the onboarding instance (subject: the nomination).
    const nomination = await waitFor(
      'the nomination on the group',
      async () => {
        const res = await call(url(ports.enrolment), 'GET', `/staff/lilla-edet/groups/${groupId}`, coordinatorApi);
        return (res.body?.nominations as Json[] | undefined)?.find((n) => n.name === contactName);
      },
      settle,
    );
    const atCoordinator = await waitFor(
      'the instance at coordinator-check',
      async () => {
        const res = await call(url(ports.onboarding), 'GET', `/instances?subjectKind=contact-person&subjectId=${nomination.nominationId}`, coordinatorApi);
        return res.status === 200 && res.body.currentStepId === 'coordinator-check' ? res.body : undefined;
      },
      settle,
    );
    instanceId = atCoordinator.id;
    const answered = await call(url(ports.onboarding), 'POST', `/instances/${instanceId}/steps/coordinator-check/complete`, coordinatorApi, { outcome: 'approved' });
    expect(answered.status).toBe(202);

    const review = await waitFor(
      'the BRÅ review',
      async () => {
        const res = await call(url(ports.bra), 'GET', '/reviews', braApi);
        return (res.body?.reviews as Json[] | undefined)?.find((r) => r.instanceId === instanceId);
      },
      settle,
    );
    expect(review.subjectFields).toMatchObject({ name: contactName });
    const decided = await call(url(ports.bra), 'POST', `/reviews/${review.id}/decision`, braApi, { outcome: 'approved', reason: 'Området är känt för BRÅ.' });
    expect(decided.status).toBe(200);

    const found = await waitFor(
      'the police case of the kontaktombud',
      async () => {
        const res = await call(url(ports.police), 'GET', '/police-areas/lpo-trollhattan/cases', policeApi);
        return (res.body?.cases as Json[] | undefined)?.find((c) => c.instanceId === instanceId);
      },
      settle,
    );
    expect(found).toMatchObject({ municipalityId: 'lilla-edet', stepId: 'police-approval', subject: { kind: 'contact-person' }, status: 'pending', subjectFields: { name: contactName } });
    caseId = found.id;
  });

  it('the officer of lpo-trollhattan signs in at the dev IdP and approves the case with the keyboard', async () => {
    officer = await browser.newContext();
    page = await officer.newPage();
    await page.goto(`${publicUrl}/logga-in`);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(idpUrl)), page.click('a:text-is("Polisen")')]);
    await signInAtDevIdpInBrowser(page, idpUrl, 'polis.trollhattan');
    expect(page.url()).toBe(`${publicUrl}/polis`);
    expect(await page.locator('.app-signed-in__who').textContent()).toContain('Petra Kvist');
    expect(await page.locator('main').textContent()).toContain(contactName);
    await expectAxeCleanSvEn(page);

    await tabTo(page, `a[href="/polis/arenden/${caseId}"]`);
    await Promise.all([page.waitForURL(`${publicUrl}/polis/arenden/${caseId}`), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toContain(contactName);
    await expectAxeCleanSvEn(page);

    await tabTo(page, '#outcome'); // "Godkänn", the first choice
    await page.keyboard.press('Space');
    await tabTo(page, '#reason');
    await page.keyboard.type('Känd i området, inga hinder.');
    await tabTo(page, 'form button.govuk-button');
    await Promise.all([page.waitForURL(`${publicUrl}/polis?beslut=approve`), page.keyboard.press('Enter')]);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Ärendet är godkänt.');
    await expectAxeCleanSvEn(page);

    await waitFor(
      'the onboarding instance at the start meeting',
      async () => {
        const res = await call(url(ports.onboarding), 'GET', `/instances/${instanceId}/timeline`, coordinatorApi);
        return res.status === 200 && res.body.instance.currentStepId === 'start-meeting' ? true : undefined;
      },
      settle,
    );
  });

  it('the officer proposes the start meeting; both members get an invitation with a valid .ics and the neighbour answers yes', async () => {
    // The officer reaches the group's start meeting by its address (the police pages link no group yet).
    const meetingPage = `${publicUrl}/polis/grupper/${groupId}/uppstartsmote`;
    await page.goto(meetingPage);
    await expectAxeCleanSvEn(page);
    // The meeting begins at the first whole minute at least 35 s away (the form takes minutes): early enough to record
    // attendance soon, late enough for the invitations and the answer, which is taken until the start (about 15 s on
    // a loaded 2-core machine). Near midnight the end is 23:59 of the same day.
    meetingStart = new Date(Math.ceil((Date.now() + 35_000) / 60_000) * 60_000);
    if (stockholm(meetingStart)[1] === '23:59') meetingStart = new Date(meetingStart.getTime() + 60_000); // the end must be later the same day
    const meetingEnd = new Date(meetingStart.getTime() + 60 * 60_000);
    const [date, startTime] = stockholm(meetingStart);
    const endTime = stockholm(meetingEnd)[0] === date ? stockholm(meetingEnd)[1] : '23:59';
    await page.fill('#date', date);
    await page.fill('#startTime', startTime);
    await page.fill('#endTime', endTime);
    await page.fill('#place', place);
    await Promise.all([page.waitForURL(`${meetingPage}?klart=foreslaget`), page.click('form[action$="/uppstartsmote"] button')]);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Mötet är föreslaget och gruppens medlemmar får en inbjudan.');
    expect(await page.locator('main').textContent()).toContain(place);
    // (axe on this page with the meeting shown runs while waiting for its start, below)

    const meetings = await call(url(ports.police), 'GET', `/groups/${groupId}/start-meetings`, policeApi);
    const meeting = meetings.body.meetings[0];
    expect(meeting).toMatchObject({ status: 'scheduled', startsAt: expect.any(String) });
    expect(new Date(meeting.startsAt).toISOString()).toBe(meetingStart.toISOString());

    for (const [who, email] of [[contactName, contactEmail], [neighbourName, neighbourEmail]] as const) {
      const invitation = await smtp.waitForMail(email, 'Inbjudan till uppstartsmöte');
      expect(invitation.text).toContain(`Hej ${who}!`);
      const { filename, calendar, vevent, value } = calendarOf(invitation); // strict: CRLF, folding, balanced components
      expect(filename).toMatch(/\.ics$/);
      expect(property(calendar, 'VERSION')?.value).toBe('2.0');
      expect(property(calendar, 'METHOD')?.value).toBe('REQUEST');
      const zone = calendar.components.find((c) => c.name === 'VTIMEZONE');
      expect(zone && property(zone, 'TZID')?.value).toBe('Europe/Stockholm');
      expect(zone && [child(zone, 'STANDARD'), child(zone, 'DAYLIGHT')].every(Boolean)).toBe(true);
      const dtstart = property(vevent, 'DTSTART')!;
      expect(dtstart.params['TZID']).toBe('Europe/Stockholm');
      expect(instantOf(calendar, dtstart).toISOString()).toBe(meetingStart.toISOString());
      expect(instantOf(calendar, property(vevent, 'DTEND')!).toISOString()).toBe(new Date(meeting.endsAt).toISOString());
      expect(value('UID')).toBe(`${meeting.id}@trygg-samverkan`);
      expect(unescapeText(value('LOCATION')!)).toBe(place);
    }

    // The neighbour answers from the link in the invitation: yes in English first, then again in Swedish.
    const invitation = await smtp.waitForMail(neighbourEmail, 'Inbjudan till uppstartsmöte');
    const rsvpLink = new RegExp(`${publicUrl.replace(/[.]/g, '\\.')}/lilla-edet/uppstartsmote/[A-Za-z0-9_-]{43}`).exec(invitation.text ?? '')![0];
    const member = await (await browser.newContext()).newPage();
    for (const lang of ['en', 'sv'] as const) {
      await member.goto(`${rsvpLink}?lang=${lang}`);
      expect(await member.locator('main').textContent()).toContain(place);
      await expectAxeClean(member);
      await member.check('input[name="answer"][value="yes"]');
      await Promise.all([member.waitForResponse((r) => r.request().method() === 'POST'), member.click('main form button')]);
      await member.waitForLoadState('load');
      expect([await member.locator('html').getAttribute('lang'), await member.locator('.govuk-panel__title').textContent()]).toEqual([lang, expect.stringContaining(lang === 'en' ? 'Thank you for your answer' : 'Tack för ditt svar')]);
      await expectAxeClean(member);
    }
    await member.context().close();
    const answered = await call(url(ports.police), 'GET', `/groups/${groupId}/start-meetings`, policeApi);
    expect(answered.body.meetings[0].rsvps).toEqual([expect.objectContaining({ answer: 'yes' })]);
    expect(answered.body.meetings[0].invited).toBe(2);
  });

  it('while the meeting is still to begin, the officer’s meeting page shows the answer', async () => {
    // Done before the wait for the meeting's start, which is a time on the clock: this costs the test no time.
    await page.goto(`${publicUrl}/polis/grupper/${groupId}/uppstartsmote`);
    expect(await page.locator('main').textContent()).toContain('2 inbjudna, 1 ja, 0 nej');
    await expectAxeCleanSvEn(page);
  });

  it('once the meeting has begun the officer records that the kontaktombud came; the group is active', async () => {
    const meetingPage = `${publicUrl}/polis/grupper/${groupId}/uppstartsmote`;
    // Attendance is taken from the start on (409 not_started before): the clock is the signal.
    await waitFor('the meeting to begin', async () => (Date.now() >= meetingStart.getTime() + 500 ? true : undefined), { timeoutMs: 120_000, intervalMs: 250 });
    await page.goto(meetingPage);
    await tabTo(page, 'input[name="came"]');
    await page.keyboard.press('Space');
    await tabTo(page, 'form[action$="/narvaro"] button');
    await Promise.all([page.waitForURL(`${meetingPage}?klart=narvaro`), page.keyboard.press('Enter')]);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Närvaron är sparad och mötet är genomfört.');
    expect(await page.locator('main .govuk-list').textContent()).toContain(`kontaktombud som kom: ${contactName}`);
    await expectAxeCleanSvEn(page);

    const active = await waitFor(
      'the group to become active',
      async () => {
        const res = await call(url(ports.enrolment), 'GET', `/staff/lilla-edet/groups/${groupId}`, coordinatorApi);
        return res.status === 200 && res.body.status === 'active' ? res.body : undefined;
      },
      settle,
    );
    expect(active.contactPerson).toMatchObject({ name: contactName });
    const timeline = await call(url(ports.onboarding), 'GET', `/instances/${instanceId}/timeline`, coordinatorApi);
    expect(timeline.body.instance).toMatchObject({ status: 'approved' });
    expect(timeline.body.instance.steps.find((s: Json) => s.id === 'start-meeting')).toMatchObject({ status: 'approved' });
  }, 150_000); // up to a minute and a half of it waits for the meeting's start

  it('the contact person opens "Mina uppgifter" from the approval mail and adds a household without email or mobile', async () => {
    const approved = await smtp.waitForMail(contactEmail, 'Du är godkänd som kontaktombud');
    const selfService = new RegExp(`${publicUrl.replace(/[.]/g, '\\.')}/lilla-edet/mina-uppgifter/[A-Za-z0-9_-]{20,}`).exec(approved.text ?? '')![0];
    contact = await (await browser.newContext()).newPage();
    await contact.goto(selfService);
    expect(await contact.locator('h1').textContent()).toContain('Mina uppgifter');
    await expectAxeCleanSvEn(contact);
    const householdsPage = `${selfService}/grupp/${groupId}/hushall`;
    await tabTo(contact, `a[href="${new URL(householdsPage).pathname}"]`);
    await Promise.all([contact.waitForURL(householdsPage), contact.keyboard.press('Enter')]);
    expect(await contact.locator('main').textContent()).toContain(neighbourName);
    await expectAxeCleanSvEn(contact);
    // A household that is not in the group and has given no email or mobile: the contact person records its address.
    await contact.fill('#street', 'Storgatan');
    await contact.fill('#streetNumber', addedNumber);
    await contact.fill('#postcode', '463 30');
    await Promise.all([contact.waitForURL(`${householdsPage}?klart=tillagt`), contact.click('form[action$="/hushall"] button')]);
    expect(await contact.locator('main').textContent()).toContain(`Storgatan ${addedNumber}, 463 30`);
    await expectAxeCleanSvEn(contact);
  });

  it('sendAreaMessage: the officer sends area information as a relay; the contact person sees who was reached and prints the rest', async () => {
    await page.goto(`${publicUrl}/polis/utskick`);
    await expectAxeCleanSvEn(page);
    await tabTo(page, 'a[href="/polis/utskick/lilla-edet/nytt"]');
    await Promise.all([page.waitForURL(`${publicUrl}/polis/utskick/lilla-edet/nytt`), page.keyboard.press('Enter')]);
    await expectAxeCleanSvEn(page);
    const title = `Inbrott i centrum ${run}`;
    await page.fill('#title', title);
    await page.fill('#text', 'Flera inbrott i förråd på Storgatan i natt. Lås och håll utkik.');
    await page.check('input[name="areaIds"][value="centrum-ostra"]');
    // Delivery with the keyboard: Tab reaches the checked radio ("direct"), the arrow key chooses "relay".
    await tabTo(page, 'input[name="delivery"]');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('input[name="delivery"][value="relay"]').isChecked()).toBe(true);
    await tabTo(page, 'main form button');
    await Promise.all([page.waitForURL(`${publicUrl}/polis/utskick/lilla-edet/nytt/forhandsgranska`), page.keyboard.press('Enter')]);
    expect(await page.locator('main').textContent()).toContain('Flera inbrott i förråd på Storgatan'); // the email as it will read
    expect(await page.locator('main form[action$="/nytt"] input[name="delivery"]').inputValue()).toBe('relay');
    await expectAxeClean(page); // the answer to the POST (the preview), in Swedish
    await tabTo(page, 'main form[action$="/nytt"] button');
    await Promise.all([page.waitForURL(/\/polis\/utskick\/lilla-edet\/[0-9a-f-]{36}\?skickat=1$/), page.keyboard.press('Enter')]);
    await expectAxeCleanSvEn(page);

    for (const [who, email] of [[contactName, contactEmail], [neighbourName, neighbourEmail]] as const) {
      const message = await smtp.waitForMail(email, title);
      expect(message.text).toContain(`Hej ${who}!`);
      expect(message.text).toContain('Flera inbrott i förråd på Storgatan');
    }
    // Only the contact person's message links to the group's relay page (behind their "Mina uppgifter" link).
    const relayPattern = new RegExp(`${publicUrl.replace(/[.]/g, '\\.')}/lilla-edet/mina-uppgifter/[A-Za-z0-9_-]{20,}/grupp/${groupId}/utskick/[0-9a-f-]{36}`);
    expect((await smtp.waitForMail(neighbourEmail, title)).text).not.toMatch(relayPattern);
    const relayLink = relayPattern.exec((await smtp.waitForMail(contactEmail, title)).text ?? '')![0];

    // The relay page: the neighbour reached once their message is sent, the added household not.
    const rowOf = (text: string) => contact.locator('main tbody tr', { hasText: text });
    await waitFor(
      'the neighbour to show as reached on the relay page',
      async () => {
        await contact.goto(relayLink);
        return (await rowOf(neighbourName).locator('td').nth(2).textContent())?.trim() === 'Ja' ? true : undefined;
      },
      settle,
    );
    expect(await contact.locator('h1').textContent()).toContain(title);
    const added = rowOf(`Storgatan ${addedNumber}, 463 30`);
    expect(await added.locator('td').nth(2).textContent()).toContain('Nej – ge det på papper');
    expect(await contact.locator('main').textContent()).not.toContain(neighbourEmail);
    await expectAxeCleanSvEn(contact);

    // The print version (A4 sheets, then the list): the added household's address, nobody's email or phone number.
    await tabTo(contact, `a[href="${new URL(relayLink).pathname}/utskrift"]`);
    await Promise.all([contact.waitForURL(`${relayLink}/utskrift`), contact.keyboard.press('Enter')]);
    for (const asList of [false, true]) {
      if (asList) await contact.goto(`${relayLink}/utskrift?som=lista`);
      const sheets = (await contact.locator('main .app-relay-sheet').allTextContents()).join('\n');
      expect(sheets).toContain(`Storgatan ${addedNumber}`);
      expect(sheets).toContain('463 30');
      expect(sheets).toContain('Flera inbrott i förråd på Storgatan');
      expect(sheets).not.toContain(neighbourName); // reached: not on paper
      const main = (await contact.locator('main').textContent()) ?? '';
      expect(main).not.toContain('@');
      expect(main).not.toMatch(/(\+46|\b07)[0-9 -]{7,}/);
      for (const email of [neighbourEmail, contactEmail]) expect(await contact.content()).not.toContain(email);
      await expectAxeCleanSvEn(contact);
    }
    await contact.context().close();
  });
});
