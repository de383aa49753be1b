import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { FEEDBACK_SINK } from '../application/feedback';
import { NOTIFICATIONS_API, type NotificationsApi } from '../application/notifications-api';
import { VOLUNTEERS_API, type VolunteersApi, type WalkerConfirmResult } from '../application/volunteers-api';
import { loadWebConfig } from '../config';
import { WalkerMobileCapabilities } from '../domain/walker-mobile-capability';
import { FakeMobileCodes } from '../../test/fake-mobile-codes';
import { TEST_SESSION_SECRET } from '../../test/signed-in';

const LINK = 'L'.repeat(43);
const PERSON = '3f2b8c1e-6a4d-4e5f-9b7a-1c2d3e4f5a6b';
const DAY = 24 * 3_600_000;

describe('a walker confirms their mobile by code right after confirming their sign-up (HTTP edge, volunteers and notifications faked through their ports)', () => {
  let app: INestApplication;
  let notifications: FakeMobileCodes;
  let confirmAnswer: WalkerConfirmResult;
  const http = () => request(app.getHttpServer());
  const capabilities = new WalkerMobileCapabilities(TEST_SESSION_SECRET);

  beforeEach(async () => {
    notifications = new FakeMobileCodes('ale', PERSON);
    confirmAnswer = { kind: 'confirmed', language: 'sv', personId: PERSON, mobileToConfirm: true };
    const volunteers: VolunteersApi = {
      signUp: async () => ({ kind: 'accepted' }),
      confirm: async (municipalityId, token) => (municipalityId === 'ale' && token === LINK ? confirmAnswer : { kind: 'token_invalid' }),
    };
    const config = loadWebConfig({ PORT: '3698', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(VOLUNTEERS_API)
      .useValue(volunteers)
      .overrideProvider(NOTIFICATIONS_API)
      .useValue(notifications satisfies NotificationsApi)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterEach(() => app.close());

  /** The CSRF cookie and token of a page, as the browser holds them. */
  async function session(path: string) {
    const res = await http().get(path).expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text)![1]!;
    return { cookie, token };
  }

  /** Confirms the sign-up from the emailed link, as the walker does; the confirmed page. */
  async function confirmSignUp(lang = '') {
    const { cookie, token } = await session(`/ale/trygghetsvandring/bekrafta/${LINK}${lang}`);
    const confirmed = await http().post(`/ale/trygghetsvandring/bekrafta/${LINK}${lang}`).set('cookie', cookie).type('form').send({ _csrf: token });
    expect(confirmed.status).toBe(200);
    return { cookie, token, confirmed };
  }

  it('the confirmed page offers the step; "Skicka kod" there sends a code, the typed code confirms the number (CSRF, labelled field)', async () => {
    const { cookie, token, confirmed } = await confirmSignUp();
    expect(confirmed.text).toContain('Tack, din anmälan är bekräftad');
    expect(confirmed.text).toContain('<h2 class="govuk-heading-m">Bekräfta ditt mobilnummer</h2>');
    const action = /action="(\/ale\/trygghetsvandring\/mobil\/([A-Za-z0-9_-]{71}))\/kod"/.exec(confirmed.text);
    expect(action).not.toBeNull();
    const page = action![1]!;
    expect(capabilities.check('ale', action![2]!)).toEqual({ ok: true, personId: PERSON });
    expect(confirmed.text).toContain(`href="${page}"`); // "later": the page itself, without JavaScript
    const sent = await http().post(`${page}/kod`).set('cookie', cookie).type('form').send({ _csrf: token });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('Vi har skickat en kod till mobilnumret du angav');
    expect(sent.text).toMatch(/<label class="govuk-label govuk-label--s" for="code">\s*Kod från sms:et/);
    expect(sent.text).toContain(`action="${page}"`);
    expect(notifications.codesSent).toBe(1);
    const wrong = await http().post(page).set('cookie', cookie).type('form').send({ _csrf: token, code: '111111' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Koden stämmer inte. Du kan försöka 4 gånger till.');
    expect(wrong.text).toContain('href="#code"');
    const right = await http().post(page).set('cookie', cookie).type('form').send({ _csrf: token, code: '246810' });
    expect(right.status).toBe(200);
    expect(right.text).toContain('Ditt mobilnummer är bekräftat');
    expect(notifications.mobile).toBe('confirmed');
    expect((await http().get(page)).text).toContain('Ditt mobilnummer är bekräftat');
  });

  it('no mobile with SMS given: the confirmed page has no mobile step', async () => {
    confirmAnswer = { kind: 'confirmed', language: 'sv', personId: PERSON, mobileToConfirm: false };
    const { confirmed } = await confirmSignUp();
    expect(confirmed.text).toContain('Tack, din anmälan är bekräftad');
    expect(confirmed.text).not.toContain('Bekräfta ditt mobilnummer');
    expect(confirmed.text).not.toContain('/trygghetsvandring/mobil/');
  });

  it('notifications has not heard of the walker yet: a kind "try again in a moment", no error page; then it works', async () => {
    notifications.known = false;
    const { cookie, token, confirmed } = await confirmSignUp();
    const page = /action="([^"]+)\/kod"/.exec(confirmed.text)![1]!;
    const early = await http().post(`${page}/kod`).set('cookie', cookie).type('form').send({ _csrf: token });
    expect(early.status).toBe(200);
    expect(early.text).toContain('Vi håller fortfarande på att spara din anmälan. Vänta en liten stund och försök igen.');
    expect(early.text).toContain(`href="${page}">Försök igen`);
    expect(early.text).not.toMatch(/<title>Fel: /);
    expect(notifications.codesSent).toBe(0);
    notifications.known = true;
    expect((await http().get(page)).text).toContain('Skicka kod');
    expect((await http().post(`${page}/kod`).set('cookie', cookie).type('form').send({ _csrf: token })).text).toContain('Vi har skickat en kod');
  });

  it('says clearly when the code expired, was wrong too often, was never sent, or was empty; in English too', async () => {
    const page = `/ale/trygghetsvandring/mobil/${capabilities.issue('ale', PERSON)}`;
    const { cookie, token } = await session(page);
    const post = (code: string, lang = '') => http().post(`${page}${lang}`).set('cookie', cookie).type('form').send({ _csrf: token, code });
    expect((await post('')).text).toContain('Skriv in koden från sms:et');
    expect((await post('123456')).text).toContain('Det finns ingen giltig kod. Skicka en kod först.');
    await notifications.requestMobileCode();
    for (let i = 0; i < 4; i++) await post('000000');
    expect((await post('000000')).text).toContain('Du har skrivit fel kod för många gånger. Skicka en ny kod.');
    await notifications.requestMobileCode();
    notifications.expired = true;
    expect((await post('246810')).text).toContain('Koden har gått ut. Skicka en ny kod.');
    const english = await post('246810', '?lang=en');
    expect(english.text).toContain('The code has expired. Send a new code.');
    expect(english.text).toContain('the mobile number you gave in your sign-up');
    expect(notifications.mobile).toBe('unconfirmed');
  });

  it('refuses a fourth code the same day with a clear message', async () => {
    const page = `/ale/trygghetsvandring/mobil/${capabilities.issue('ale', PERSON)}`;
    const { cookie, token } = await session(page);
    for (let i = 0; i < 3; i++) expect((await http().post(`${page}/kod`).set('cookie', cookie).type('form').send({ _csrf: token })).status).toBe(200);
    const fourth = await http().post(`${page}/kod`).set('cookie', cookie).type('form').send({ _csrf: token });
    expect(fourth.status).toBe(429);
    expect(fourth.text).toContain('Vi har redan skickat tre koder till numret i dag.');
    expect(notifications.codesSent).toBe(3);
  });

  it('no code without the CSRF token, nor with a capability that is expired, changed or of another municipality', async () => {
    const capability = capabilities.issue('ale', PERSON);
    const page = `/ale/trygghetsvandring/mobil/${capability}`;
    const { cookie, token } = await session(page);
    expect((await http().post(`${page}/kod`).type('form').send({})).status).toBe(403);
    const expired = `/ale/trygghetsvandring/mobil/${capabilities.issue('ale', PERSON, Date.now() - DAY - 1000)}`;
    const old = await http().post(`${expired}/kod`).set('cookie', cookie).type('form').send({ _csrf: token });
    expect(old.status).toBe(410);
    expect(old.text).toContain('Länken har gått ut');
    const changed = `/ale/trygghetsvandring/mobil/${capability.slice(0, 30)}${capability[30] === 'A' ? 'B' : 'A'}${capability.slice(31)}`;
    expect((await http().post(`${changed}/kod`).set('cookie', cookie).type('form').send({ _csrf: token })).status).toBe(404);
    expect((await http().post(`/lilla-edet/trygghetsvandring/mobil/${capability}/kod`).set('cookie', cookie).type('form').send({ _csrf: token })).status).toBe(404);
    expect((await http().get('/ale/trygghetsvandring/mobil/short')).status).toBe(404);
    expect(notifications.codesSent).toBe(0);
    // Notifications has no number for the walker: it says so.
    notifications.mobile = 'none';
    expect((await http().get(page)).text).toContain('Vi har inget mobilnummer för dig.');
  });
});
