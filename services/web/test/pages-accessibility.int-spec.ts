import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ServiceProcess } from '@trygg/testing';
import { axeViolations, launchChromium, submit } from './browser';
import { FakeEnrolment } from './fake-enrolment';
import { FakeNotifications } from './fake-notifications';
import { FakeOnboarding } from './fake-onboarding';
import { FakePoliceLiaison } from './fake-police-liaison';
import { FakeVolunteers } from './fake-volunteers';
import { FakeWalks } from './fake-walks';
import { coordinatorCookie, officerCookie, SESSION_COOKIE, TEST_SESSION_SECRET } from './signed-in';

// Every page of the web front, in Swedish and English, including error states, through Debian's Chromium: axe
// must find no WCAG 2.1 A/AA violation, <html lang> must say the page's language, and no page may carry a script
// (the pages work without JavaScript; resident-flow.int-spec.ts completes the flow with JavaScript switched off).
// axe itself needs JavaScript in the page to run, so this file's context has it on. The enrolment service is a test fake here (see fake-enrolment.ts);
// test/web-resident.e2e-spec.ts runs the flow against the real services. The walker pages use a fake of volunteers
// (fake-volunteers.ts).

const ports = { web: 3601, enrolment: 3602, police: 3603, volunteers: 3604, notifications: 3605, onboarding: 3606, walkerSignUp: 3607 };
const internalToken = 'axe-web-internal-secret-0123456789-abcdefgh';
const observationsToken = 'axe-web-observations-secret-0123456789-abcdefgh';
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`, POLICE_LIAISON_URL: `http://127.0.0.1:${ports.police}`, VOLUNTEERS_URL: `http://127.0.0.1:${ports.volunteers}`, NOTIFICATIONS_URL: `http://127.0.0.1:${ports.notifications}`, ONBOARDING_URL: `http://127.0.0.1:${ports.onboarding}`, INTERNAL_SECRET_WEB_PREFERENCES: internalToken, INTERNAL_SECRET_WEB_OBSERVATIONS: observationsToken, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '10000', LOG_LEVEL: 'warn' },
});
const fake = new FakeEnrolment(ports.enrolment, web.url);
const police = new FakePoliceLiaison(ports.police, observationsToken);
const walkers = new FakeVolunteers(ports.walkerSignUp);
// volunteers' coordinator walk routes (fake-walks.ts) at VOLUNTEERS_URL, passing the walker sign-up on to FakeVolunteers.
const walkAdmin = new FakeWalks(ports.volunteers, fake.tokenFor('ale'), walkers.url);
const notifications = new FakeNotifications(ports.notifications, internalToken);
const onboarding = new FakeOnboarding(ports.onboarding);
/** A sealed session cookie (test/signed-in.ts) as the browser context holds it after signing in at the IdP. */
const sessionIn = (cookie: string) => [{ name: SESSION_COOKIE, value: cookie.slice(SESSION_COOKIE.length + 1), url: web.url }];
const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@web.example`;

jest.setTimeout(30_000);

describe('every page passes axe (WCAG 2.1 A/AA) and carries no script, in Swedish and English', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let groupId: string;

  beforeAll(async () => {
    await Promise.all([fake.start(), police.start(), walkers.start(), walkAdmin.start(), notifications.start(), onboarding.start()]);
    await Promise.all([web.start(), launchChromium().then((b) => (browser = b))]);
    context = await browser.newContext();
    // Signed in as Ale's coordinator: every page (the residents' too) then shows who is signed in, with the logout button.
    await context.addCookies(sessionIn(coordinatorCookie('ale', fake.tokenFor('ale'))));
    page = await context.newPage();
    const anna = fake.seed({ municipalityId: 'ale', name: 'Anna <b>Andersson</b>', email: email('anna') });
    fake.seed({ municipalityId: 'ale', name: 'Hemlig', email: email('hidden'), protectedIdentity: true });
    fake.seed({ municipalityId: 'ale', name: 'Tove Triage', email: email('triage'), postcode: '999 99' });
    // Stale contacts: a member whose email bounced carries a tag on the contact person's and the coordinator's pages.
    const otto = fake.seed({ municipalityId: 'ale', name: 'Otto Onåbar', email: email('bounced'), emailNotWorking: true });
    // Anna's start meeting is recorded in onboarding; Otto's nomination waits (the group page names it).
    onboarding.meetingHeld(fake.nominate(anna, 'approved'), '2026-11-18');
    fake.nominate(otto, 'pending', '2026-11-20T09:00:00.000Z');
    groupId = anna.groupId!;
    fake.addGroup({ municipalityId: 'ale', name: 'Skyltgruppen', status: 'active', damagedSign: 'Vid lekplatsen' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await web.stop();
    // The walk fake forwards to the walker fake: stopped first, so no forward is cut off by its fallback.
    await walkAdmin.stop();
    await Promise.all([fake.stop(), police.stop(), walkers.stop(), notifications.stop(), onboarding.stop()]);
  }, 30_000);

  async function check(lang: 'sv' | 'en'): Promise<void> {
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.locator('script').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  }

  async function open(path: string, lang: 'sv' | 'en', status = 200): Promise<void> {
    const res = await page.goto(`${web.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
    expect([path, res?.status()]).toEqual([path, status]);
    await check(lang);
  }

  /** The coordinator's walks in volunteers' fake (fake-walks.ts), seeded once: an upcoming understaffed walk with a youth walker booked, a held one with its log. */
  let seeded: { upcoming: ReturnType<FakeWalks['seed']>; past: ReturnType<FakeWalks['seed']>; walkerId: string } | undefined;
  const walkSeeds = () => {
    if (seeded) return seeded;
    const hour = 3_600_000;
    const walkerId = randomUUID();
    const upcoming = walkAdmin.seed({
      bookings: [{ volunteerId: walkerId, bookedAt: new Date().toISOString(), basicTraining: false, youth: true }],
      walkers: [{ volunteerId: walkerId, name: 'Vera <b>Vandrare</b>', basicTraining: false, guardianConsent: false }],
      problems: ['too_few_walkers', 'too_few_adults'],
    });
    const startedAt = new Date(Date.now() - 30 * hour);
    const past = walkAdmin.seed({
      startsAt: startedAt.toISOString(), endsAt: new Date(startedAt.getTime() + 4 * hour).toISOString(), status: 'held', debrief: 'Lugn kväll', staffed: true, problems: [],
      log: [{ volunteerId: walkerId, kind: 'check-in', at: startedAt.toISOString() }, { volunteerId: walkerId, kind: 'check-out', at: new Date(startedAt.getTime() + 4 * hour).toISOString() }],
      walkers: [{ volunteerId: walkerId, name: 'Vera Vandrare', basicTraining: true, guardianConsent: false }],
    });
    seeded = { upcoming, past, walkerId };
    return seeded;
  };

  const selfLink = () => `/ale/mina-uppgifter/${fake.selfServiceTokenFor([...fake.persons.values()].find((p) => p.groupId && !p.protectedIdentity)!.email)}`;

  describe.each(['sv', 'en'] as const)('in %s', (lang) => {
    it.each([
      ['the start page', '/', 200],
      ['the intro and registration form', '/ale/grannsamverkan', 200],
      ['"check your email"', '/ale/grannsamverkan/tack', 200],
      ['the privacy notice', '/ale/integritet', 200],
      ['the accessibility statement (no municipality)', '/tillganglighet', 200],
      ['the accessibility statement (a municipality)', '/trollhattan/tillganglighet', 200],
      ['a link that does not work', '/ale/grannsamverkan/bekrafta/broken', 404],
      ['the walker sign-up form', '/ale/trygghetsvandring', 200],
      ['the walker "check your email"', '/ale/trygghetsvandring/tack', 200],
      ['a walker link that does not work', '/ale/trygghetsvandring/bekrafta/broken', 404],
      ['a self-service link that does not work', '/ale/mina-uppgifter/not-a-real-token-at-all-0123456789', 404],
      ['page not found', '/ale/no-such-page', 404],
      ['coordinator triage', '/ale/samordnare', 200],
      ['coordinator areas', '/ale/samordnare/omraden', 200],
      ['coordinator groups with a filter', '/ale/samordnare/grupper?status=forming&waitingForPolice=true', 200],
      ['coordinator groups to follow up', '/ale/samordnare/grupper?needsFollowUp=true', 200],
      ['coordinator signs to replace', '/ale/samordnare/skyltar', 200],
      ['coordinator CSV import', '/ale/samordnare/import', 200],
      ['coordinator walkers by organisation', '/ale/samordnare/vandrare', 200],
      ['staff sign-in: choose the organisation', '/logga-in', 200],
      ['staff sign-in after an idle timeout', '/logga-in?orsak=inaktiv', 200],
      ['signed in: what the role may see', '/inloggad', 200],
      ['a staff page of another municipality (403)', '/trollhattan/samordnare', 403],
    ])('%s', async (_name, path, status) => {
      await open(path, lang, status);
    });

    it('the registration form with every error shown (error summary and messages)', async () => {
      await open('/lilla-edet/grannsamverkan', lang);
      await page.fill('#email', 'not-an-email');
      await page.fill('#postcode', '12');
      await page.check('#smsOptIn');
      await submit(page, 'button.govuk-button');
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      expect(await page.locator('.govuk-error-message').count()).toBeGreaterThanOrEqual(6);
      expect(await page.title()).toMatch(lang === 'sv' ? /^Fel: / : /^Error: /);
      await check(lang);
    });

    it('the walker sign-up form with every error shown (error summary and messages)', async () => {
      await open('/lilla-edet/trygghetsvandring', lang);
      await page.fill('#email', 'not-an-email');
      await page.fill('#birthYear', '85');
      await page.fill('#mobile', '+47 412 34 567');
      await page.fill('#otherLanguages', 'se www.example.se');
      await submit(page, 'button.govuk-button');
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      expect(await page.locator('.govuk-error-message').count()).toBe(5);
      expect(await page.locator('#otherLanguages-error').count()).toBe(1);
      expect(await page.title()).toMatch(lang === 'sv' ? /^Fel: / : /^Error: /);
      await check(lang);
    });

    it('the walker\'s walk page (booked, checked in, full, cancelled; a 409 at its walk), the after-walk report with its errors, an expired link', async () => {
      const hour = 3_600_000;
      const at = (ms: number) => new Date(Date.now() + ms).toISOString();
      const me = walkers.walkerLink('ale');
      const other = walkers.walkerLink('ale').volunteerId;
      const tonight = walkers.addWalk({ municipalityId: 'ale', startsAt: at(hour), endsAt: at(5 * hour), meetingPoint: 'Busstationen', maxWalkers: 3, booked: [other] });
      const full = walkers.addWalk({ municipalityId: 'ale', startsAt: at(50 * hour), endsAt: at(54 * hour), meetingPoint: 'Älvängen', maxWalkers: 2 });
      walkers.addWalk({ municipalityId: 'ale', startsAt: at(70 * hour), endsAt: at(74 * hour), meetingPoint: 'Kyrkan', maxWalkers: 3, booked: [me.volunteerId], status: 'cancelled' });
      const base = `/ale/trygghetsvandring/pass/${me.token}`;
      await open(base, lang);
      await submit(page, `form[action="${base}/${tonight}/boka"] button`);
      await check(lang);
      await submit(page, `form[action="${base}/${tonight}/checka-in"] button`);
      await check(lang);
      walkers.walks.get(full)!.booked.push(other, walkers.walkerLink('ale').volunteerId);
      await submit(page, `form[action="${base}/${full}/boka"] button`);
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await check(lang);
      walkers.startWalk(tonight);
      await open(`${base}/${tonight}/rapport`, lang);
      await page.fill('#youth', 'many');
      await page.fill('#place1', 'Tunneln');
      await page.fill('#point2', 'north');
      await submit(page, 'form button.govuk-button');
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      expect(await page.locator('.govuk-error-message').count()).toBe(4);
      await check(lang);
      await open(`/ale/trygghetsvandring/pass/${walkers.walkerLink('ale', { expired: true }).token}`, lang, 410);
      await open('/ale/trygghetsvandring/pass/not-a-known-link-0123456789abcdef', lang, 404);
    });

    it('the walker confirmation page, the confirmed page and an already used walker link', async () => {
      const address = email(`walker-${lang}`);
      await open('/ale/trygghetsvandring', lang);
      await page.fill('#name', 'Vera Vandrare');
      await page.fill('#email', address);
      await page.fill('#birthYear', '1980');
      await submit(page, 'button.govuk-button');
      expect(page.url()).toContain('/ale/trygghetsvandring/tack');
      await check(lang);
      const token = walkers.tokenFor(address);
      await open(`/ale/trygghetsvandring/bekrafta/${token}`, lang);
      expect(walkers.walkers.get(address)!.confirmed).toBe(false); // opening the link confirms nothing
      await submit(page, 'button.govuk-button');
      expect(await page.locator('.govuk-panel').textContent()).toContain(lang === 'sv' ? 'bekräftad' : 'confirmed');
      expect(walkers.walkers.get(address)!.confirmed).toBe(true);
      await check(lang);
      await open(`/ale/trygghetsvandring/bekrafta/${token}`, lang);
      await submit(page, 'button.govuk-button');
      expect(await page.locator('h1').textContent()).toContain(lang === 'sv' ? 'redan' : 'already');
      await check(lang);
    });

    it('the coordinator\'s walkers: organisations, who waits at which onboarding step, languages and availability', async () => {
      const address = email(`walker-listed-${lang}`);
      await open('/ale/trygghetsvandring', lang);
      // One walker per language run (the fake keeps the sv run's walker for the en run).
      const name = `Lisa Listad ${lang}`;
      await page.fill('#name', name);
      await page.fill('#email', address);
      await page.fill('#birthYear', '1984');
      await page.check('#organisationId-2');
      await page.check('#spokenLanguages-4');
      await page.check('#availability-3');
      await submit(page, 'button.govuk-button');
      expect(page.url()).toContain('/ale/trygghetsvandring/tack');
      await open(`/ale/trygghetsvandring/bekrafta/${walkers.tokenFor(address)}`, lang);
      await submit(page, 'button.govuk-button');
      walkers.waitsAt(address, 'information-meeting', 'meeting-attendance', '2026-11-21T09:00:00.000Z');
      await open('/ale/samordnare/vandrare', lang);
      const row = page.locator('tr', { hasText: name });
      expect(await row.count()).toBe(1);
      const cells = (await row.locator('th, td').allTextContents()).map((c) => c.trim());
      expect(cells).toEqual(
        lang === 'sv'
          ? [name, 'Under introduktion', 'Informationsmöte för trygghetsvandrare', '2026-11-21', 'Somaliska', 'Lördagar']
          : [name, 'In onboarding', 'Information meeting for safety walkers', '2026-11-21', 'Somali', 'Saturdays'],
      );
      // Under the organisation chosen, which the page names as volunteers.yaml does.
      expect(await page.locator('h2', { hasText: 'Nattvandrarna i Ale' }).count()).toBe(1);
      expect(await page.content()).not.toContain(address);
      await check(lang);
    });

    it('the walker\'s "Bekräfta ditt mobilnummer": the step on the confirmed page, "try again in a moment", the code with its error, confirmed', async () => {
      const address = email(`walker-mobile-${lang}`);
      await open('/ale/trygghetsvandring', lang);
      await page.fill('#name', 'Mona Mobil');
      await page.fill('#email', address);
      await page.fill('#birthYear', '1980');
      await page.fill('#mobile', '070-123 45 67');
      await page.check('#smsOptIn');
      await submit(page, 'button.govuk-button');
      await open(`/ale/trygghetsvandring/bekrafta/${walkers.tokenFor(address)}`, lang);
      await submit(page, 'button.govuk-button');
      expect(await page.locator('h2').first().textContent()).toContain(lang === 'sv' ? 'Bekräfta ditt mobilnummer' : 'Confirm your mobile number');
      await check(lang);
      // Notifications has not heard of the walker yet (their contact details travel by event): a kind page.
      await submit(page, 'form[action$="/kod"] button.govuk-button');
      expect(page.url()).toMatch(/\/ale\/trygghetsvandring\/mobil\/[A-Za-z0-9_-]{71}\/kod/);
      await check(lang);
      notifications.seed(walkers.walkers.get(address)!.personId, { municipalityId: 'ale', mobile: 'unconfirmed' });
      await page.click('a.govuk-link[href*="/trygghetsvandring/mobil/"]'); // "Försök igen"
      await page.waitForLoadState('load');
      await check(lang);
      await submit(page, 'form[action$="/kod"] button.govuk-button');
      await page.fill('#code', '111111');
      await submit(page, 'form:not([action$="/kod"]) button.govuk-button');
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await check(lang);
      await page.fill('#code', '246810');
      await submit(page, 'form:not([action$="/kod"]) button.govuk-button');
      expect(await page.locator('.govuk-panel').textContent()).toContain(lang === 'sv' ? 'bekräftat' : 'confirmed');
      await check(lang);
    });

    it('the confirmation page and the "what happens next" page', async () => {
      const address = email(`confirm-${lang}`);
      fake.seed({ municipalityId: 'ale', name: 'Cai', email: address, confirmed: false });
      await open(`/ale/grannsamverkan/bekrafta/${fake.confirmationTokenFor(address)}`, lang);
      await submit(page, 'button.govuk-button');
      expect(await page.locator('.govuk-panel').textContent()).toContain(lang === 'sv' ? 'bekräftad' : 'confirmed');
      await check(lang);
    });

    it('an already used confirmation link', async () => {
      const address = email(`used-${lang}`);
      fake.seed({ municipalityId: 'ale', name: 'Dag', email: address, confirmed: false });
      const token = fake.confirmationTokenFor(address);
      await open(`/ale/grannsamverkan/bekrafta/${token}`, lang);
      await submit(page, 'button.govuk-button');
      await open(`/ale/grannsamverkan/bekrafta/${token}`, lang);
      await submit(page, 'button.govuk-button');
      await check(lang);
    });

    it('self-service: my details, the edit form with errors, the delete confirmation with its error', async () => {
      const base = selfLink();
      await open(base, lang);
      await open(`${base}/andra`, lang);
      await page.fill('#email', '');
      await page.fill('#mobile', '12');
      await submit(page, 'form button.govuk-button');
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await check(lang);
      await open(`${base}/radera`, lang);
      await submit(page, 'button.govuk-button--warning');
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await check(lang);
    });

    it('the accessibility feedback form with its error, then its thank-you page', async () => {
      await open('/ale/tillganglighet', lang);
      await submit(page, 'form button.govuk-button');
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await check(lang);
      await page.fill('#feedback', `Testsynpunkt ${randomUUID()}`);
      await submit(page, 'form button.govuk-button');
      expect(await page.locator('h1').textContent()).toContain(lang === 'sv' ? 'Tack' : 'Thank you');
      await check(lang);
    });

    it('the yearly "still active?" check: the question (one-click answer chosen), its error, the thanks and "already answered"', async () => {
      const token = fake.activityTokenFor(groupId);
      await open(`/ale/grannsamverkan/aktiv/${token}?svar=active-list-outdated`, lang);
      expect(await page.isChecked('#answer-2')).toBe(true);
      await open(`/ale/grannsamverkan/aktiv/${token}`, lang);
      await submit(page, 'form button.govuk-button');
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await check(lang);
      await page.check('#answer');
      await submit(page, 'form button.govuk-button');
      expect(await page.locator('.govuk-panel__title').count()).toBe(1);
      await check(lang);
      await open(`/ale/grannsamverkan/aktiv/${token}`, lang);
      expect(await page.locator('main form').count()).toBe(0); // already answered: no question any more
    });

    it('the contact person: sign report (with its error), the household list (with its error) and the hand-over result', async () => {
      const leader = fake.seed({ municipalityId: 'ale', name: 'Lena Ledare', email: email(`leader-${lang}`), role: 'contact-person' });
      fake.seed({ municipalityId: 'ale', name: 'Doris Deputy', email: email(`deputy-${lang}`), role: 'deputy' });
      const base = `/ale/mina-uppgifter/${fake.selfServiceTokenFor(leader.email)}`;
      await open(base, lang);
      await page.click('a[href*="/skylt/"]');
      await page.waitForLoadState('load');
      await check(lang);
      await submit(page, 'form button.govuk-button');
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await check(lang);
      await page.check('#kind-2');
      await submit(page, 'form button.govuk-button');
      expect(await page.locator('.govuk-notification-banner').count()).toBe(1);

      await open(`${base}/grupp/${leader.groupId}/hushall`, lang);
      const notWorking = lang === 'sv' ? 'E-postadressen fungerar inte' : 'Email address does not work';
      expect(await page.locator('li:has-text("Otto Onåbar") .govuk-tag').textContent()).toBe(notWorking);
      expect(await page.locator('.govuk-inset-text').textContent()).toContain(lang === 'sv' ? 'Mina uppgifter' : 'My details');
      await page.fill('#street', 'Storgatan');
      await page.fill('#streetNumber', '7');
      await page.fill('#postcode', '4493');
      await submit(page, 'form:has(#street) button');
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      await check(lang);
      await page.fill('#postcode', '449 30');
      await submit(page, 'form:has(#street) button');
      expect(await page.locator('main').textContent()).toContain('Storgatan 7, 449 30');
      await check(lang);
      await page.selectOption('#toMemberId', { label: `Doris Deputy (${lang === 'sv' ? 'Ersättare' : 'Deputy'})` });
      await submit(page, 'form:has(#toMemberId) button');
      expect(await page.locator('.govuk-panel__title').count()).toBe(1);
      await check(lang);
    });

    it('the coordinator\'s walks: the list and its filter', async () => {
      walkSeeds();
      await open('/ale/samordnare/vandringar', lang);
      await open('/ale/samordnare/vandringar?period=past&organisationId=ale-trygghetsvandrare', lang);
    });

    it('the coordinator\'s new walk and new weekly series with their errors', async () => {
      await open('/ale/samordnare/vandringar/ny', lang);
      await submit(page, 'form button.govuk-button');
      expect(await page.locator('.govuk-error-message').count()).toBeGreaterThanOrEqual(6);
      await check(lang);
      await open('/ale/samordnare/vandringar/ny-serie', lang);
      await submit(page, 'form button.govuk-button');
      expect(await page.locator('#weekdays-error').count()).toBe(1);
      await check(lang);
    });

    it('a walk\'s page (bookings, log), the cancel reason\'s error and the confirmation page, a walker\'s training and consent', async () => {
      const { upcoming, walkerId } = walkSeeds();
      await open(`/ale/samordnare/vandringar/${upcoming.walkId}`, lang);
      await submit(page, 'form:has(#reason) button');
      expect(await page.locator('#reason-error').count()).toBe(1);
      await check(lang);
      await page.fill('#reason', 'Storm');
      await submit(page, 'form:has(#reason) button');
      expect(await page.locator('h1').textContent()).toContain(lang === 'sv' ? 'Vill du ställa in vandringen?' : 'Do you want to cancel the walk?');
      await check(lang);
      await open(`/ale/samordnare/vandringar/${upcoming.walkId}/vandrare/${walkerId}`, lang);
    });

    it('a held walk\'s debrief saved, and the monthly report', async () => {
      const { past } = walkSeeds();
      await open(`/ale/samordnare/vandringar/${past.walkId}`, lang);
      await submit(page, 'form:has(#note) button');
      expect(page.url()).toContain('klart=efterprat');
      await check(lang);
      await open(`/ale/samordnare/vandringar/rapport?month=${past.startsAt.slice(0, 7)}`, lang);
      expect(await page.locator('#walks tbody tr').count()).toBeGreaterThanOrEqual(1);
    });

    it('the signed-in header names the person, the role and the municipality', async () => {
      await open('/ale/samordnare', lang);
      expect(await page.locator('.app-signed-in__who').textContent()).toBe(lang === 'sv' ? 'Inloggad: Sara Samordnare (samordnare, Ale kommun)' : 'Signed in: Sara Samordnare (coordinator, Ale kommun)');
    });

    it('the police pages: the area\'s queue (days waiting, overdue labelled), the overview, a case, the decision form\'s error (reason required to reject), the decision made', async () => {
      const officer = await browser.newContext();
      await officer.addCookies(sessionIn(officerCookie('lpo-trollhattan', police.tokenFor('lpo-trollhattan'))));
      const p = await officer.newPage();
      const c = police.addCase('lilla-edet', 'lpo-trollhattan', `Kim Kontakt ${lang}`);
      const late = police.addCase('trollhattan', 'lpo-trollhattan', `Sen Ansökan ${lang}`, 20);
      police.addCase('ale', 'lpo-ale-kungalv', `Annat område ${lang}`);
      const visit = async (path: string, status = 200) => {
        const res = await p.goto(`${web.url}${path}?lang=${lang}`);
        expect([path, res?.status()]).toEqual([path, status]);
      };
      const checkPolice = async () => {
        expect(await p.getAttribute('html', 'lang')).toBe(lang);
        expect(await p.locator('script').count()).toBe(0);
        expect(await axeViolations(p)).toEqual([]);
      };
      await visit('/polis');
      expect(await p.locator('main').textContent()).toContain(`Kim Kontakt ${lang}`);
      expect(await p.locator('main').textContent()).not.toContain(`Annat område ${lang}`);
      expect(await p.locator('.app-signed-in__who').textContent()).toContain('Lokalpolisområde Trollhättan');
      // Oldest first; the overdue case says so in words, not by colour alone.
      const lateRow = p.locator(`tr:has-text("Sen Ansökan ${lang}")`);
      expect(await lateRow.locator('.govuk-tag').textContent()).toBe(lang === 'sv' ? 'Försenad' : 'Overdue');
      expect(await lateRow.textContent()).toContain(lang === 'sv' ? '20 av 14 dagar' : '20 of 14 days');
      expect(await p.locator(`tr:has-text("Kim Kontakt ${lang}") .govuk-tag`).count()).toBe(0);
      expect((await p.locator('tbody tr').first().textContent())).toContain(`Sen Ansökan ${lang}`);
      await checkPolice();
      expect(await p.locator('main a[href="/polis/oversikt"]').count()).toBe(1);
      await visit('/polis/oversikt');
      expect(await p.locator('h1').textContent()).toBe(lang === 'sv' ? 'Översikt' : 'Overview');
      expect(await p.locator('table:has(#overview-caption) tr:has-text("Trollhättans stad")').textContent()).toMatch(lang === 'sv' ? /14 dagar\s*1\s*1/ : /14 days\s*1\s*1/);
      // The groups by status, the contact persons and the unread observations: a table each (axe checks them below).
      expect((await p.locator('#overview-groups tr:has-text("Trollhättans stad")').textContent())!.replace(/\s+/g, ' ').trim()).toBe('Trollhättans stad 1 1 2 0 1 5');
      expect((await p.locator('#overview-contacts tr:has-text("Trollhättans stad")').textContent())!.replace(/\s+/g, ' ').trim()).toBe('Trollhättans stad 3 2');
      expect((await p.locator('#overview-observations tr:has-text("Trollhättans stad")').textContent())!.replace(/\s+/g, ' ').trim()).toBe('Trollhättans stad 4');
      expect(await p.locator('#overview-groups th').first().textContent()).toBe(lang === 'sv' ? 'Kommun' : 'Municipality');
      await checkPolice();
      await visit(`/polis/arenden/${late.id}`);
      expect(await p.locator('.govuk-summary-list .govuk-tag').textContent()).toBe(lang === 'sv' ? 'Försenad' : 'Overdue');
      await checkPolice();
      await visit(`/polis/arenden/${c.id}`);
      await checkPolice();
      await p.check('#outcome-2'); // reject, without a reason
      await submit(p, 'form:has(#reason) button');
      expect(await p.locator('.govuk-error-summary a[href="#reason"]').count()).toBe(1);
      expect(await p.locator('#reason-error').count()).toBe(1);
      expect(c.decision).toBeNull();
      await checkPolice();
      await p.fill('#reason', 'Känd sedan tidigare');
      await submit(p, 'form:has(#reason) button');
      expect(await p.locator('.govuk-notification-banner--success').count()).toBe(1);
      expect(c.decision).toEqual({ outcome: 'reject', reason: 'Känd sedan tidigare' });
      await checkPolice();
      // Decided: the case shows its decision, and offers no form (a rejection cannot be revoked).
      await visit(`/polis/arenden/${c.id}`);
      expect(await p.locator('main').textContent()).toContain('Känd sedan tidigare');
      expect(await p.locator('main form').count()).toBe(0);
      await checkPolice();
      late.decision = { outcome: 'approve', reason: 'ok' }; // out of the next language's queue
      // Another area's case: not found.
      await visit(`/polis/arenden/${[...police.cases.values()].find((x) => x.policeAreaId === 'lpo-ale-kungalv' && x.name.endsWith(lang))!.id}`, 404);
      await officer.close();
    });

    it('the police revoke an approved case: "Återkalla godkännande" with a required reason next to the field, then the decision history', async () => {
      const officer = await browser.newContext();
      await officer.addCookies(sessionIn(officerCookie('lpo-trollhattan', police.tokenFor('lpo-trollhattan'))));
      const p = await officer.newPage();
      const c = police.addCase('lilla-edet', 'lpo-trollhattan', `Rut Återkallad ${lang}`);
      const visit = async (path: string, status = 200) => {
        const res = await p.goto(`${web.url}${path}?lang=${lang}`);
        expect([path, res?.status()]).toEqual([path, status]);
      };
      const checkPolice = async () => {
        expect(await p.getAttribute('html', 'lang')).toBe(lang);
        expect(await p.locator('script').count()).toBe(0);
        expect(await axeViolations(p)).toEqual([]);
      };
      await visit(`/polis/arenden/${c.id}`);
      await p.check('#outcome'); // approve
      await submit(p, 'form:has(#reason) button');
      expect(c.decision).toMatchObject({ outcome: 'approve' });
      await visit(`/polis/arenden/${c.id}`);
      expect(await p.locator('form[action$="/aterkalla"] input[name="_csrf"]').count()).toBe(1);
      expect(await p.locator('h2', { hasText: lang === 'sv' ? 'Återkalla godkännande' : 'Revoke approval' }).count()).toBe(1);
      await checkPolice();
      await submit(p, 'form[action$="/aterkalla"] button'); // without a reason
      expect(await p.locator('.govuk-error-summary a[href="#reason"]').count()).toBe(1);
      expect(await p.locator('#reason-error').textContent()).toContain(lang === 'sv' ? 'Skriv varför du återkallar godkännandet' : 'Write why you revoke the approval');
      expect(c.decision).toMatchObject({ outcome: 'approve' });
      await checkPolice();
      await p.fill('#reason', 'Har flyttat från området');
      await submit(p, 'form[action$="/aterkalla"] button');
      expect(await p.locator('.govuk-notification-banner--success').textContent()).toContain(lang === 'sv' ? 'Godkännandet är återkallat' : 'The approval is revoked');
      expect(c.decision).toEqual({ outcome: 'revoked', reason: 'Har flyttat från området' });
      await checkPolice();
      await visit(`/polis/arenden/${c.id}`);
      expect(await p.locator('main').textContent()).toContain(lang === 'sv' ? 'Godkännandet återkallat' : 'Approval revoked');
      expect(await p.locator('main').textContent()).toContain(lang === 'sv' ? 'Tidigare beslut' : 'Earlier decisions');
      expect(await p.locator('main form').count()).toBe(0);
      await checkPolice();
      await officer.close();
    });

    it('observations: the resident\'s form (112 and 114 14 first, its errors, no file field), the thanks; the officer\'s list, simple map, one observation with its answer error and the answer', async () => {
      const base = selfLink();
      await open(`${base}/iakttagelse`, lang);
      expect((await page.locator('main').textContent())!.indexOf('112')).toBeLessThan((await page.locator('main').textContent())!.indexOf(lang === 'sv' ? 'Vad hände?' : 'What happened?'));
      expect(await page.locator('main').textContent()).toContain('114 14');
      expect(await page.locator('input[type="file"]').count()).toBe(0);
      await page.check('#placeKind-2');
      await page.fill('#lat', '52.5');
      await page.fill('#date', '2099-01-01');
      await page.fill('#time', '25:00');
      await submit(page, 'form button.govuk-button');
      for (const field of ['activity', 'description', 'time', 'lat', 'lng']) expect([field, await page.locator(`#${field}-error`).count()]).toEqual([field, 1]);
      await check(lang);
      await page.check('#activity');
      await page.fill('#description', `Någon kände på bildörrar längs gatan ${lang}`);
      await page.fill('#time', '22:30');
      await page.fill('#date', '2026-01-10');
      const lat = lang === 'sv' ? '57.93' : '57.94';
      await page.fill('#lat', lat);
      await page.fill('#lng', '12.07');
      await submit(page, 'form button.govuk-button');
      expect(await page.locator('.govuk-panel').count()).toBe(1);
      await check(lang);
      const sent = [...police.observations.values()].find((o) => o.description.endsWith(lang))!;
      expect(sent.place).toEqual({ kind: 'point', lat: Number(lat), lng: 12.07 });

      const officer = await browser.newContext();
      await officer.addCookies(sessionIn(officerCookie('lpo-ale-kungalv', police.tokenFor('lpo-ale-kungalv'))));
      const p = await officer.newPage();
      const visit = async (path: string) => {
        const res = await p.goto(`${web.url}${path}?lang=${lang}`);
        expect([path, res?.status()]).toEqual([path, 200]);
        expect(await p.getAttribute('html', 'lang')).toBe(lang);
        expect(await p.locator('script').count()).toBe(0);
        expect(await axeViolations(p)).toEqual([]);
      };
      await visit('/polis/observationer');
      expect(await p.locator(`tr:has(a[href="/polis/observationer/${sent.id}"]) .govuk-tag`).count()).toBe(1);
      await visit('/polis/observationer/karta');
      expect(await p.locator(`a[href^="https://www.openstreetmap.org/?mlat=${lat}&mlon=12.07"]`).count()).toBe(1);
      await visit(`/polis/observationer/${sent.id}`);
      await submit(p, 'form[action$="/last"] button');
      expect(sent.status).toBe('read');
      await submit(p, 'form[action$="/svar"] button');
      expect(await p.locator('#answer-error').count()).toBe(1);
      expect(await axeViolations(p)).toEqual([]);
      await p.fill('#answer', 'Tack, vi har fler tips om det och åker förbi.');
      await submit(p, 'form[action$="/svar"] button');
      expect(sent.answer?.text).toBe('Tack, vi har fler tips om det och åker förbi.');
      expect(await p.locator('.govuk-notification-banner--success').count()).toBe(1);
      expect(await axeViolations(p)).toEqual([]);
      await officer.close();
    });

    it('a member\'s start-meeting RSVP page from the invitation\'s link: the meeting, the error when nothing is chosen, the answer recorded, an unknown link', async () => {
      const token = `R${lang}`.padEnd(43, 'x');
      police.rsvps.set(token, { municipalityId: 'ale', startsAt: '2030-06-12T16:00:00.000Z', endsAt: '2030-06-12T17:30:00.000Z', place: 'Folkets hus', status: 'changed', answer: null });
      await open(`/ale/uppstartsmote/${token}`, lang);
      expect(await page.locator('main').textContent()).toContain(lang === 'sv' ? 'onsdag 12 juni 2030 kl. 18:00–19:30' : 'Wednesday, 12 June 2030, 18:00–19:30');
      await submit(page, 'form:has(#answer) button');
      expect(await page.locator('.govuk-error-summary a[href="#answer"]').count()).toBe(1);
      await check(lang);
      await page.check('#answer');
      await submit(page, 'form:has(#answer) button');
      expect(police.rsvps.get(token)!.answer).toBe('yes');
      expect(await page.locator('h1').textContent()).toContain(lang === 'sv' ? 'Tack för ditt svar' : 'Thank you for your answer');
      await check(lang);
      await open(`/ale/uppstartsmote/${'N'.repeat(43)}`, lang, 404);
    });

    it('the start-meeting page for the officer (propose: field errors, the past refused at the date; change; attendance refused before the start) and the coordinator (a meeting that has begun: attendance recorded)', async () => {
      const officer = await browser.newContext();
      await officer.addCookies(sessionIn(officerCookie('lpo-trollhattan', police.tokenFor('lpo-trollhattan'))));
      const p = await officer.newPage();
      const checkIt = async () => {
        expect(await p.getAttribute('html', 'lang')).toBe(lang);
        expect(await p.locator('script').count()).toBe(0);
        expect(await axeViolations(p)).toEqual([]);
      };
      const groupA = randomUUID();
      const kim = randomUUID();
      police.meetingGroups.set(groupA, { policeAreaId: 'lpo-trollhattan', contactPersons: [{ personId: kim, name: `Kim Kontakt ${lang}` }], meetings: [] });
      const base = `/polis/grupper/${groupA}/uppstartsmote`;
      expect((await p.goto(`${web.url}${base}?lang=${lang}`))?.status()).toBe(200);
      await checkIt();
      // Every field wrong: the errors next to the fields.
      await p.fill('#date', '2020-02-30');
      await p.fill('#startTime', '25:00');
      await submit(p, `form[action="${base}"] button`);
      for (const field of ['date', 'startTime', 'endTime', 'place']) expect(await p.locator(`.govuk-error-summary a[href="#${field}"]`).count()).toBe(1);
      await checkIt();
      // In the past: police-liaison's 400 shown at the date.
      await p.fill('#date', '2020-02-03');
      await p.fill('#startTime', '18:00');
      await p.fill('#endTime', '19:00');
      await p.fill('#place', 'Folkets hus');
      await submit(p, `form[action="${base}"] button`);
      expect(await p.locator('#date-error').textContent()).toContain(lang === 'sv' ? 'bakåt i tiden' : 'in the past');
      await p.fill('#date', '2030-06-12');
      await submit(p, `form[action="${base}"] button`);
      expect(await p.locator('.govuk-notification-banner--success').count()).toBe(1);
      expect(police.meetingGroups.get(groupA)!.meetings[0]).toMatchObject({ status: 'scheduled', startsAt: '2030-06-12T16:00:00.000Z', place: 'Folkets hus' });
      await checkIt();
      // The form now changes the planned meeting.
      await p.fill('#place', 'Biblioteket');
      await submit(p, `form[action="${base}"] button`);
      expect(police.meetingGroups.get(groupA)!.meetings[0]).toMatchObject({ status: 'changed', sequence: 1, place: 'Biblioteket' });
      await checkIt();
      await p.check(`input[name="came"][value="${kim}"]`);
      await submit(p, `form[action="${base}/narvaro"] button`);
      expect(await p.locator('#came-error').count()).toBe(1); // not begun yet
      await checkIt();
      await officer.close();

      const groupB = randomUUID();
      const started = new Date(Date.now() - 30 * 60_000);
      police.meetingGroups.set(groupB, { policeAreaId: 'lpo-ale-kungalv', contactPersons: [{ personId: kim, name: 'Skyddad person' }], meetings: [{ id: randomUUID(), status: 'scheduled', sequence: 0, attendance: null, startsAt: started.toISOString(), endsAt: new Date(started.getTime() + 3_600_000).toISOString(), place: 'Kommunhuset' }] });
      const staffBase = `/ale/samordnare/grupper/${groupB}/uppstartsmote`;
      await open(staffBase, lang);
      await page.check(`input[name="came"][value="${kim}"]`);
      await submit(page, `form[action="${staffBase}/narvaro"] button`);
      expect(police.meetingGroups.get(groupB)!.meetings[0]).toMatchObject({ status: 'held', attendance: { personIds: [kim] } });
      expect(await page.locator('.govuk-notification-banner--success').count()).toBe(1);
      await check(lang);
    });

    it('the coordinator group page (members, history, coverage, export link)', async () => {
      await open(`/ale/samordnare/grupper/${groupId}`, lang);
      expect(await page.locator('a[href$="medlemmar.csv"]').count()).toBe(1);
      expect(await page.content()).toContain('Anna &lt;b&gt;Andersson&lt;/b&gt;');
      expect(await page.locator('tr:has-text("Otto Onåbar") .govuk-tag').textContent()).toBe(lang === 'sv' ? 'E-postadressen fungerar inte' : 'Email address does not work');
      const summary = await page.locator('.govuk-summary-list').textContent();
      expect(summary).toContain(lang === 'sv' ? 'Ja: Otto Onåbar, nominerad 2026-11-20' : 'Yes: Otto Onåbar, nominated 2026-11-20');
      expect(summary).toContain('2026-11-18');
      expect(await page.locator('#historik').textContent()).toContain(lang === 'sv' ? 'Kontaktombud godkänt' : 'Contact person approved');
    });
    it('the coordinator group page of a group whose contact person the police revoked: no active contact person, the nomination revoked', async () => {
      const group = fake.addGroup({
        municipalityId: 'ale', name: `Utan kontaktombud ${lang}`, status: 'active', followUp: { reason: 'no-contact-person', since: new Date().toISOString() },
        nominations: [{ nominationId: randomUUID(), personId: randomUUID(), name: 'Rut Återkallad', status: 'revoked', reason: 'Har flyttat' }],
      });
      await open(`/ale/samordnare/grupper/${group.id}`, lang);
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main).toContain(lang === 'sv' ? 'Inget aktivt kontaktombud' : 'No active contact person');
      expect(main).toContain(lang === 'sv' ? 'Rut Återkallad: Återkallad av polisen (Har flyttat)' : 'Rut Återkallad: Revoked by the police (Har flyttat)');
      await open('/ale/samordnare/grupper?needsFollowUp=true', lang);
      expect(await page.locator(`tr:has-text("Utan kontaktombud ${lang}")`).textContent()).toContain(lang === 'sv' ? 'Inget aktivt kontaktombud' : 'No active contact person');
    });
    it('the coordinator records a sign: the form\'s errors, the recorded sign, and "only for active groups" (409)', async () => {
      const group = fake.addGroup({ municipalityId: 'ale', name: `Aktiv grupp ${lang}`, status: 'active' });
      await open(`/ale/samordnare/grupper/${group.id}`, lang);
      await page.fill('#putUpAt', '2026-02-30');
      await submit(page, 'form:has(#place) button');
      expect(await page.locator('.govuk-error-summary a').count()).toBe(2);
      expect(await page.locator('#place-error').count()).toBe(1);
      expect(await page.locator('#putUpAt-error').count()).toBe(1);
      await check(lang);
      await page.fill('#place', 'Vid <b>infarten</b>');
      await page.fill('#putUpAt', '2026-11-20');
      await submit(page, 'form:has(#place) button');
      expect(await page.locator('.govuk-notification-banner--success').count()).toBe(1);
      expect(await page.content()).toContain('Vid &lt;b&gt;infarten&lt;/b&gt;');
      expect(group.signs).toMatchObject([{ place: 'Vid <b>infarten</b>', putUpAt: '2026-11-20', condition: 'ok' }]);
      await check(lang);
      // The group stops being active between showing the form and posting it: enrolment answers 409.
      group.status = 'paused';
      await page.fill('#place', 'Vid busshållplatsen');
      await submit(page, 'form:has(#place) button');
      expect(await page.locator('.govuk-error-summary').textContent()).toContain(lang === 'sv' ? 'Skyltar beställs bara för aktiva grupper' : 'Signs are only ordered for active groups');
      expect(group.signs).toHaveLength(1);
      await check(lang);
      // A group that is not active gets no form, only the rule.
      await open(`/ale/samordnare/grupper/${group.id}`, lang);
      expect(await page.locator('#place').count()).toBe(0);
      expect(await page.locator('.govuk-inset-text').textContent()).toContain(lang === 'sv' ? 'aktiva grupper' : 'active groups');
    });

    it('the replacement list: a reported sign, marked as replaced, leaves the list', async () => {
      const group = fake.addGroup({ municipalityId: 'ale', name: `Trasig skylt ${lang}`, status: 'active', damagedSign: `Vid dammen ${lang}` });
      await open('/ale/samordnare/skyltar', lang);
      const row = page.locator('tr', { hasText: `Vid dammen ${lang}` });
      expect(await row.locator('td').nth(2).textContent()).toBe(lang === 'sv' ? 'Skadad' : 'Damaged');
      expect(await page.content()).toContain('Nedsprayad &lt;i&gt;klotter&lt;/i&gt;');
      await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), row.locator('button').click()]);
      await page.waitForLoadState('load');
      expect(await page.locator('.govuk-notification-banner--success').count()).toBe(1);
      expect(await page.locator('tr', { hasText: `Vid dammen ${lang}` }).count()).toBe(0);
      expect(group.signs[0]!.condition).toBe('ok');
      await check(lang);
    });

    it('the CSV import: the form\'s error, the dry run\'s report of rejected rows, the import done', async () => {
      await open('/ale/samordnare/import', lang);
      await submit(page, 'form:has(#csv) button');
      expect(await page.locator('.govuk-error-summary a[href="#csv"]').count()).toBe(1);
      await check(lang);
      const csv = ['omrade;grupp;roll;namn;epost', `Centrum;Import ${lang};kontaktombud;Åsa <b>Ö</b>;asa-${lang}@web.example`, 'Okänt;X;medlem;Bo;bo@web.example', `Centrum;Import ${lang};medlem;;`].join('\n');
      await page.fill('#csv', csv);
      await submit(page, 'form:has(#csv) button');
      const rows = await page.locator('#rejected tbody tr').allTextContents();
      expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual(['3 okänt område "Okänt"', '4 namn saknas']);
      await check(lang);
      await submit(page, '#confirm-import');
      expect(await page.locator('.govuk-panel__title').count()).toBe(1);
      await check(lang);
      // enrolment's own rejection of the text (no header row) is shown at the field.
      await open('/ale/samordnare/import', lang);
      await page.fill('#csv', 'a;b\nc;d');
      await submit(page, 'form:has(#csv) button');
      expect(await page.locator('#csv-error').textContent()).toContain('Rubrikraden saknas');
      await check(lang);
    });
  });
});
