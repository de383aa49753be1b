import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { ENROLMENT_API, type EnrolmentApi, EnrolmentUnavailable, type NewRegistration, type SubmitResult } from '../application/enrolment-api';
import { MalformedAnswer } from '../application/malformed-answer';
import { type AccessibilityFeedback, FEEDBACK_SINK, type FeedbackSink } from '../application/feedback';
import { loadWebConfig } from '../config';
import { TEST_SESSION_SECRET } from '../../test/signed-in';

/** The enrolment port, answering what each test sets; everything else is not expected to be called. */
class ScriptedEnrolment {
  submitted: NewRegistration[] = [];
  next: SubmitResult | Error = { kind: 'accepted' };
  async submitRegistration(registration: NewRegistration): Promise<SubmitResult> {
    this.submitted.push(registration);
    if (this.next instanceof Error) throw this.next;
    return this.next;
  }
}

describe('the web module (HTTP edge, enrolment faked through its port)', () => {
  let app: INestApplication;
  const enrolment = new ScriptedEnrolment();
  const feedback: AccessibilityFeedback[] = [];
  const logger = createLogger('web-test', 'silent');
  const loggedErrors = jest.spyOn(logger, 'error');

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3699', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({
      imports: [WebModule.forRoot(config, logger)],
    })
      .overrideProvider(ENROLMENT_API)
      .useValue(enrolment as unknown as EnrolmentApi)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async (f: AccessibilityFeedback) => void feedback.push(f) } satisfies FeedbackSink)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app.close());

  async function session(path = '/ale/grannsamverkan') {
    const res = await request(app.getHttpServer()).get(path).expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text)![1]!;
    return { cookie, token };
  }

  const valid = { name: 'Anna', email: 'anna@example.se', street: 'Ale torg', streetNumber: '3', postcode: '44930', choice: 'contact-person', smsOptIn: 'yes', mobile: '0701234567' };

  it('posts a valid form to enrolment in its API shape and redirects to "check your email"', async () => {
    const { cookie, token } = await session('/ale/grannsamverkan?lang=en');
    const res = await request(app.getHttpServer()).post('/ale/grannsamverkan').set('cookie', cookie).type('form').send({ ...valid, _csrf: token });
    expect([res.status, res.headers['location']]).toEqual([303, '/ale/grannsamverkan/tack']);
    expect(enrolment.submitted.at(-1)).toEqual({
      municipalityId: 'ale',
      name: 'Anna',
      email: 'anna@example.se',
      mobile: '+46701234567',
      smsOptIn: true,
      address: { street: 'Ale torg', number: '3', postcode: '449 30' },
      intent: 'contact-person',
      protectedIdentity: false,
      language: 'en',
    });
  });

  it("shows enrolment's field errors next to our fields, with the error summary linking to them", async () => {
    enrolment.next = { kind: 'invalid', fields: [{ field: 'address.number', code: 'invalid_street_number', message: 'Numret finns inte' }] };
    const { cookie, token } = await session();
    const res = await request(app.getHttpServer()).post('/ale/grannsamverkan').set('cookie', cookie).type('form').send({ ...valid, _csrf: token });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<a href="#streetNumber">Numret finns inte</a>');
    expect(res.text).toMatch(/id="streetNumber-error"[\s\S]*Numret finns inte/);
    enrolment.next = { kind: 'accepted' };
  });

  it('answers 503 with a Swedish page when enrolment cannot be reached', async () => {
    enrolment.next = new EnrolmentUnavailable('connect ECONNREFUSED');
    const { cookie, token } = await session();
    const res = await request(app.getHttpServer()).post('/ale/grannsamverkan').set('cookie', cookie).type('form').send({ ...valid, _csrf: token });
    expect(res.status).toBe(503);
    expect(res.text).toContain('Tjänsten fungerar inte just nu');
    enrolment.next = { kind: 'accepted' };
  });

  it('shows the generic error page, never a half-rendered one, when enrolment answers what its contract does not allow (logged once)', async () => {
    loggedErrors.mockClear();
    enrolment.next = new MalformedAnswer('enrolment', 'submitRegistration', 202, ['status: Invalid input: expected "submitted"']);
    const { cookie, token } = await session();
    const res = await request(app.getHttpServer()).post('/ale/grannsamverkan').set('cookie', cookie).type('form').send({ ...valid, _csrf: token });
    expect(res.status).toBe(500);
    expect(res.text).toContain('Tjänsten fungerar inte just nu');
    expect(res.text).not.toContain('submitRegistration');
    expect(loggedErrors).toHaveBeenCalledTimes(1);
    expect(loggedErrors.mock.calls[0]).toEqual([expect.objectContaining({ service: 'enrolment', operationId: 'submitRegistration', status: 202 }), 'an answer does not match its contract']);
    enrolment.next = { kind: 'accepted' };
  });

  it('mails accessibility feedback to the municipality contact address', async () => {
    const { cookie, token } = await session('/trollhattan/tillganglighet');
    const res = await request(app.getHttpServer()).post('/trollhattan/tillganglighet').set('cookie', cookie).type('form').send({ feedback: 'Kontrasten i sidfoten', _csrf: token });
    expect(res.status).toBe(200);
    expect(feedback.at(-1)).toMatchObject({ municipalityName: 'Trollhättans stad', message: 'Kontrasten i sidfoten', page: '/trollhattan/tillganglighet' });
    expect(feedback.at(-1)!.to).toMatch(/@/);
  });

  it('keeps the health endpoints reachable beside the catch-all 404 page', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    const missing = await request(app.getHttpServer()).get('/no/such/page').expect(404);
    expect(missing.text).toContain('Sidan finns inte');
  });
});
