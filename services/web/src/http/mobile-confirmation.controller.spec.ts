import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { enrolment as enrolmentContract } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { ENROLMENT_API, type EnrolmentApi, type SelfServiceResult, type SelfServiceView } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { NOTIFICATIONS_API, type NotificationsApi } from '../application/notifications-api';
import { loadWebConfig } from '../config';
import { FakeMobileCodes } from '../../test/fake-mobile-codes';
import { TEST_SESSION_SECRET } from '../../test/signed-in';

const SELF = 'S'.repeat(43);
const PERSON = '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22';

const selfView = (mobile: string | null): SelfServiceView =>
  enrolmentContract.selfServiceViewSchema.parse({
    personId: PERSON,
    municipalityId: 'ale',
    name: 'Anna',
    email: 'anna@example.se',
    mobile,
    smsOptIn: mobile !== null,
    emailUpdates: true,
    language: 'sv',
    protectedIdentity: false,
    registrations: [],
    memberships: [],
    retention: { mode: 'anonymise-now', keepDays: 0, text: { sv: 'Raderas direkt', en: 'Erased at once' } },
  });

describe('"Bekräfta ditt mobilnummer" (HTTP edge, notifications faked through its port)', () => {
  let app: INestApplication;
  let notifications: FakeMobileCodes;
  let mobile: string | null;
  const http = () => request(app.getHttpServer());
  const page = `/ale/mina-uppgifter/${SELF}/mobil`;

  beforeEach(async () => {
    notifications = new FakeMobileCodes('ale', PERSON);
    mobile = '+46701234567';
    const enrolment = { selfService: async (token: string): Promise<SelfServiceResult> => (token === SELF ? { kind: 'ok', view: selfView(mobile) } : { kind: 'token_invalid' }) };
    const config = loadWebConfig({ PORT: '3698', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
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

  it('"Mina uppgifter" links to it; the page sends a code and confirms the typed one (labelled field, CSRF)', async () => {
    expect((await http().get(`/ale/mina-uppgifter/${SELF}`)).text).toContain(`href="${page}"`);
    const { cookie, token, res } = await session(page);
    expect(res.text).toContain('<h1 class="govuk-heading-l">Bekräfta ditt mobilnummer</h1>');
    expect(res.text).toContain('+46701234567');
    expect(res.text).toMatch(/<label class="govuk-label govuk-label--s" for="code">\s*Kod från sms:et/);
    const sent = await http().post(`${page}/kod`).set('cookie', cookie).type('form').send({ _csrf: token });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('Vi har skickat en kod till +46701234567');
    expect(notifications.codesSent).toBe(1);
    const wrong = await http().post(page).set('cookie', cookie).type('form').send({ _csrf: token, code: '111111' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Koden stämmer inte. Du kan försöka 4 gånger till.');
    expect(wrong.text).toContain('href="#code"'); // the error summary leads to the field
    const right = await http().post(page).set('cookie', cookie).type('form').send({ _csrf: token, code: '246810' });
    expect(right.status).toBe(200);
    expect(right.text).toContain('Ditt mobilnummer är bekräftat');
    expect(notifications.mobile).toBe('confirmed');
    expect((await http().get(page)).text).toContain('Ditt mobilnummer är bekräftat');
  });

  it('says clearly when the code expired, was wrong too often, was never sent, or was empty; in English too', async () => {
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
    expect((await post('246810', '?lang=en')).text).toContain('The code has expired. Send a new code.');
    expect(notifications.mobile).toBe('unconfirmed');
  });

  it('refuses a fourth code the same day with a clear message', async () => {
    const { cookie, token } = await session(page);
    for (let i = 0; i < 3; i++) expect((await http().post(`${page}/kod`).set('cookie', cookie).type('form').send({ _csrf: token })).status).toBe(200);
    const fourth = await http().post(`${page}/kod`).set('cookie', cookie).type('form').send({ _csrf: token });
    expect(fourth.status).toBe(429);
    expect(fourth.text).toContain('Vi har redan skickat tre koder till numret i dag.');
    expect(notifications.codesSent).toBe(3);
  });

  it('no code without the CSRF token, nor without a valid self-service link; no number: says so', async () => {
    expect((await http().post(`${page}/kod`).type('form').send({})).status).toBe(403);
    expect((await http().get(`/ale/mina-uppgifter/${'x'.repeat(43)}/mobil`)).status).toBe(404);
    expect(notifications.codesSent).toBe(0);
    notifications.mobile = 'none';
    mobile = null;
    expect((await http().get(page)).text).toContain('Du har inget mobilnummer hos oss');
    expect((await http().get(`/ale/mina-uppgifter/${SELF}`)).text).not.toContain(`href="${page}"`);
  });
});
