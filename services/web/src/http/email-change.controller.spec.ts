import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { ENROLMENT_API, type EmailChangeResult, type EnrolmentApi } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { loadWebConfig } from '../config';
import { TEST_SESSION_SECRET } from '../../test/signed-in';

const GOOD = 'G'.repeat(43);
const USED = 'U'.repeat(43);
const TAKEN = 'T'.repeat(43);

describe('the link sent to a new email address (HTTP edge, enrolment faked through its port)', () => {
  let app: INestApplication;
  const calls: Array<[string, string]> = [];
  const enrolment = {
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

  it('in English', async () => {
    const page = await http().get(`/ale/ny-e-post/${GOOD}?lang=en`).expect(200);
    expect(page.text).toContain('Confirm your new email address');
  });
});
