import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { enrolment as enrolmentContract, notifications as notificationsContract } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { ENROLMENT_API, type EnrolmentApi, type SelfServiceResult, type SelfServiceView } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { type MessagePreferences, NOTIFICATIONS_API, type NotificationsApi, NotificationsUnavailable, type PreferencesResult, type PreferencesView } from '../application/notifications-api';
import { loadWebConfig } from '../config';
import { TEST_SESSION_SECRET } from '../../test/signed-in';

const LINK = 'L'.repeat(43);
const OTHER_MUNICIPALITY_LINK = 'O'.repeat(43);
const SELF = 'S'.repeat(43);
const PERSON = '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22';
const allOn = (): MessagePreferences => ({ channels: { email: true, sms: true }, categories: { urgent: true, information: true, reminders: true } });

/** The notifications port in memory: one person, reachable by a link of Ale (information) and by id. */
class FakeNotifications implements NotificationsApi {
  preferences = allOn();
  available = { email: true, sms: false };
  saved: MessagePreferences[] = [];
  down = false;
  private view(municipalityId: string, linkCategory: PreferencesView['linkCategory']): PreferencesResult {
    if (this.down) throw new NotificationsUnavailable('connect ECONNREFUSED');
    // Checked against notifications' contract, so a fake that drifts fails the tests.
    const view = notificationsContract.preferencesViewSchema.parse({ municipalityId, language: 'sv', linkCategory, preferences: structuredClone(this.preferences), available: { ...this.available }, mobile: this.available.sms ? 'confirmed' : 'none', updatedAt: null });
    return { kind: 'ok', view };
  }
  async broadcastReach() {
    return null;
  }
  async acknowledge() {
    return null;
  }
  async preferencesByLink(token: string): Promise<PreferencesResult> {
    if (token === LINK) return this.view('ale', 'information');
    if (token === OTHER_MUNICIPALITY_LINK) return this.view('lilla-edet', 'information');
    return { kind: 'not_found' };
  }
  async savePreferencesByLink(token: string, preferences: MessagePreferences): Promise<PreferencesResult> {
    const found = await this.preferencesByLink(token);
    if (found.kind !== 'ok') return found;
    this.saved.push(preferences);
    this.preferences = structuredClone(preferences);
    return this.preferencesByLink(token);
  }
  async preferencesOfPerson(municipalityId: string, personId: string): Promise<PreferencesResult> {
    return municipalityId === 'ale' && personId === PERSON ? this.view('ale', null) : { kind: 'not_found' };
  }
  /** "Bekräfta ditt mobilnummer" is tried in mobile-confirmation.controller.spec.ts; here nobody is known to it. */
  async requestMobileCode() {
    return null;
  }
  async confirmMobileCode() {
    return null;
  }
  async savePreferencesOfPerson(municipalityId: string, personId: string, preferences: MessagePreferences): Promise<PreferencesResult> {
    const found = await this.preferencesOfPerson(municipalityId, personId);
    if (found.kind !== 'ok') return found;
    this.saved.push(preferences);
    this.preferences = structuredClone(preferences);
    return this.preferencesOfPerson(municipalityId, personId);
  }
}

/** Enrolment's self-service, just enough for "Mina uppgifter" → "Dina utskick". */
const selfView: SelfServiceView = enrolmentContract.selfServiceViewSchema.parse({
  personId: PERSON,
  municipalityId: 'ale',
  name: 'Anna',
  email: 'anna@example.se',
  mobile: null,
  smsOptIn: false,
  emailUpdates: true,
  language: 'sv',
  protectedIdentity: false,
  registrations: [],
  memberships: [],
  retention: { mode: 'anonymise-now', keepDays: 0, text: { sv: 'Raderas direkt', en: 'Erased at once' } },
});
const enrolment = { selfService: async (token: string): Promise<SelfServiceResult> => (token === SELF ? { kind: 'ok', view: selfView } : { kind: 'token_invalid' }) };

describe('"Dina utskick" (HTTP edge, notifications faked through its port)', () => {
  let app: INestApplication;
  let notifications: FakeNotifications;
  const http = () => request(app.getHttpServer());

  beforeEach(async () => {
    notifications = new FakeNotifications();
    const config = loadWebConfig({ PORT: '3699', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({
      imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))],
    })
      .overrideProvider(ENROLMENT_API)
      .useValue(enrolment as unknown as EnrolmentApi)
      .overrideProvider(NOTIFICATIONS_API)
      .useValue(notifications satisfies NotificationsApi)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterEach(() => app.close());

  async function session(path: string) {
    const res = await http().get(path).expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text)![1]!;
    return { cookie, token, res };
  }

  it('shows the one-button unsubscribe for the link\'s category and the form with the stored choices; no-store, no referrer', async () => {
    const { res } = await session(`/ale/utskick/${LINK}`);
    expect(res.text).toContain('<h1 class="govuk-heading-l">Dina utskick</h1>');
    expect(res.text).toMatch(/<form method="post" action="\/ale\/utskick\/L{43}\/avsluta"[\s\S]*Avsluta information/);
    expect(res.text).toMatch(/name="category-information" type="checkbox" value="yes" checked/);
    expect(res.text).toContain('Meddelanden om ditt eget ärende kommer alltid');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('offers SMS only when it can reach the person, otherwise says why', async () => {
    const without = await session(`/ale/utskick/${LINK}`);
    expect(without.res.text).not.toContain('name="channel-sms"');
    expect(without.res.text).toContain('vi har inget mobilnummer till dig');
    notifications.available.sms = true;
    const withSms = await session(`/ale/utskick/${LINK}`);
    expect(withSms.res.text).toMatch(/name="channel-sms" type="checkbox" value="yes" checked/);
  });

  it('speaks English with ?lang=en', async () => {
    const { res } = await session(`/ale/utskick/${LINK}?lang=en`);
    expect(res.text).toContain('<html lang="en"');
    expect(res.text).toContain('Unsubscribe from information');
  });

  it('saves the ticked boxes (unticked = off; an SMS choice it did not show is kept) and shows a confirmation panel', async () => {
    notifications.preferences.channels.sms = true; // stored, but SMS cannot reach the person: not shown
    const { cookie, token } = await session(`/ale/utskick/${LINK}`);
    const res = await http().post(`/ale/utskick/${LINK}`).set('cookie', cookie).type('form').send({ _csrf: token, 'channel-email': 'yes', 'category-urgent': 'yes', 'category-reminders': 'yes', 'category-transactional': 'no' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('govuk-panel');
    expect(res.text).toContain('Dina val är sparade');
    expect(notifications.saved).toEqual([{ channels: { email: true, sms: true }, categories: { urgent: true, information: false, reminders: true } }]);
  });

  it('"Avsluta information" turns only that category off', async () => {
    const { cookie, token } = await session(`/ale/utskick/${LINK}`);
    const res = await http().post(`/ale/utskick/${LINK}/avsluta`).set('cookie', cookie).type('form').send({ _csrf: token });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Du har avslutat information');
    expect(notifications.saved).toEqual([{ channels: { email: true, sms: true }, categories: { urgent: true, information: false, reminders: true } }]);
  });

  it('a post without the CSRF token changes nothing', async () => {
    const res = await http().post(`/ale/utskick/${LINK}/avsluta`).type('form').send({});
    expect(res.status).toBe(403);
    expect(notifications.saved).toEqual([]);
  });

  it('an unknown or expired token, a malformed one and a token of another municipality get the friendly 404 page', async () => {
    for (const path of [`/ale/utskick/${'x'.repeat(43)}`, '/ale/utskick/kort', `/ale/utskick/${OTHER_MUNICIPALITY_LINK}`]) {
      const res = await http().get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).toContain('Använd länken i ett nyare meddelande');
    }
    expect((await http().get(`/atlantis/utskick/${LINK}`)).status).toBe(404);
  });

  it('answers the 503 page when notifications cannot be reached', async () => {
    notifications.down = true;
    const res = await http().get(`/ale/utskick/${LINK}`);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
  });

  it('"Mina uppgifter" links to "Dina utskick", which saves by the person\'s id', async () => {
    const self = await http().get(`/ale/mina-uppgifter/${SELF}`);
    expect(self.text).toContain(`href="/ale/mina-uppgifter/${SELF}/utskick"`);
    const { cookie, token, res } = await session(`/ale/mina-uppgifter/${SELF}/utskick`);
    expect(res.text).not.toContain('/avsluta'); // no link category here
    const saved = await http().post(`/ale/mina-uppgifter/${SELF}/utskick`).set('cookie', cookie).type('form').send({ _csrf: token, 'channel-email': 'yes', 'category-urgent': 'yes' });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain(`href="/ale/mina-uppgifter/${SELF}"`);
    expect(notifications.saved).toEqual([{ channels: { email: true, sms: true }, categories: { urgent: true, information: false, reminders: false } }]);
    expect((await http().get(`/ale/mina-uppgifter/${'x'.repeat(43)}/utskick`)).status).toBe(404);
  });
});
