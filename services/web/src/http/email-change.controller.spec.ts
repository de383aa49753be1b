import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { enrolment as enrolmentContract } from '@trygg/http-contracts';
import { ENROLMENT_API, type EmailChangeResult, type EnrolmentApi, type SelfServicePatch, type SelfServiceResult, type UpdateResult } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { loadWebConfig } from '../config';
import { TEST_SESSION_SECRET } from '../../test/signed-in';

const GOOD = 'G'.repeat(43);
const USED = 'U'.repeat(43);
const TAKEN = 'T'.repeat(43);
const SELF = 'S'.repeat(43);
const view = (pendingEmail: string | null) =>
  enrolmentContract.selfServiceViewSchema.parse({
    personId: '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22', municipalityId: 'ale', name: 'Anna Andersson', email: 'gammal@example.se', mobile: null, smsOptIn: false, emailUpdates: true, language: 'sv', protectedIdentity: false,
    registrations: [{ registrationId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11', address: { street: 'Storgatan', number: '1', postcode: '44930', city: null }, intent: 'join', status: 'confirmed', submittedAt: '2026-06-01T10:00:00.000Z', confirmedAt: null }],
    memberships: [], retention: { mode: 'anonymise-now', keepDays: 0, text: { sv: 'x', en: 'x' } }, pendingEmail,
  });

describe('the link sent to a new email address (HTTP edge, enrolment faked through its port)', () => {
  let app: INestApplication;
  const calls: Array<[string, string]> = [];
  let pending: string | null = null;
  const enrolment = {
    selfService: async (token: string): Promise<SelfServiceResult> => (token === SELF ? { kind: 'ok', view: view(pending) } : { kind: 'token_invalid' }),
    updateSelfService: async (_token: string, patch: SelfServicePatch): Promise<UpdateResult> => {
      if (patch.email && patch.email !== 'gammal@example.se') pending = patch.email;
      return { kind: 'ok', view: view(pending) };
    },
    confirmEmailChange: async (municipalityId: string, token: string): Promise<EmailChangeResult> => {
      calls.push([municipalityId, token]);
      return token === GOOD ? { kind: 'changed' } : token === TAKEN ? { kind: 'duplicate' } : token === USED ? { kind: 'token_used' } : { kind: 'token_invalid' };
    },
  };
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3699', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(ENROLMENT_API).useValue(enrolment as unknown as EnrolmentApi)
      .overrideProvider(FEEDBACK_SINK).useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  async function post(token: string, lang = '') {
    const page = await http().get(`/ale/ny-e-post/${token}${lang}`).expect(200);
    const cookie = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    return http().post(`/ale/ny-e-post/${token}`).set('cookie', cookie).type('form').send({ _csrf: csrf });
  }

  it('opening the link changes nothing; the button confirms the new address', async () => {
    const page = await http().get(`/ale/ny-e-post/${GOOD}`).expect(200);
    expect(page.text).toContain('Bekräfta din nya e-postadress');
    expect(page.text).toContain(`action="/ale/ny-e-post/${GOOD}"`);
    expect(calls).toEqual([]);
    const done = await post(GOOD);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Din e-postadress är ändrad');
    expect(calls).toEqual([['ale', GOOD]]);
  });

  it('a used link, an unknown one and an address already registered at the address are told in plain words', async () => {
    expect((await post(USED)).status).toBe(410);
    const taken = await post(TAKEN);
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('Adressen används redan');
    expect((await http().get('/ale/ny-e-post/kort')).status).toBe(404);
  });

  it('"Mina uppgifter": a new address is not saved as the address; the page says a link went to it and shows it as waiting', async () => {
    const form = await http().get(`/ale/mina-uppgifter/${SELF}/andra`).expect(200);
    const cookie = (form.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const fields = { _csrf: csrf, name: 'Anna Andersson', street: 'Storgatan', streetNumber: '1', postcode: '449 30', registrationId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11' };
    const same = await http().post(`/ale/mina-uppgifter/${SELF}/andra`).set('cookie', cookie).type('form').send({ ...fields, email: 'gammal@example.se' });
    expect(same.headers['location']).toBe(`/ale/mina-uppgifter/${SELF}?klart=sparat`);
    const changed = await http().post(`/ale/mina-uppgifter/${SELF}/andra`).set('cookie', cookie).type('form').send({ ...fields, email: 'ny@example.se' });
    expect(changed.headers['location']).toBe(`/ale/mina-uppgifter/${SELF}?klart=ny-e-post`);
    const page = await http().get(`/ale/mina-uppgifter/${SELF}?klart=ny-e-post`).expect(200);
    expect(page.text).toContain('Vi har skickat en länk till den nya e-postadressen');
    expect(page.text).toMatch(/Ny e-postadress som väntar på bekräftelse[\s\S]*ny@example\.se/);
  });

  it('in English', async () => {
    const page = await http().get(`/ale/ny-e-post/${GOOD}?lang=en`).expect(200);
    expect(page.text).toContain('Confirm your new email address');
  });
});
