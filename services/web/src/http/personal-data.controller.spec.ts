import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { braReviewPersonalDataSchema, enrolment as enrolmentContract, notificationsPersonalDataSchema, onboardingPersonalDataSchema, policeLiaisonPersonalDataSchema, volunteersPersonalDataSchema } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { ENROLMENT_API, type EnrolmentApi, type SelfServiceResult, type SelfServiceView } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { GatherPersonalData, PERSONAL_DATA_API, type PersonalDataApi, type PersonalDataParts, type PersonalDataSource } from '../application/personal-data';
import { loadWebConfig } from '../config';
import { TEST_SESSION_SECRET } from '../../test/signed-in';

const SELF = 'S'.repeat(43);
const LILLA_EDET = 'E'.repeat(43);
const PERSON = '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22';

const view = (municipalityId: string): SelfServiceView =>
  enrolmentContract.selfServiceViewSchema.parse({
    personId: PERSON, municipalityId, name: 'Anna Andersson', email: 'anna@example.se', mobile: null, smsOptIn: false, emailUpdates: true, language: 'sv', protectedIdentity: false,
    registrations: [{ registrationId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11', address: { street: 'Storgatan', number: '1', postcode: '44930', city: null }, intent: 'join', status: 'confirmed', submittedAt: '2026-06-01T10:00:00.000Z', confirmedAt: '2026-06-01T10:05:00.000Z' }],
    memberships: [],
    retention: { mode: 'anonymise-now', keepDays: 0, text: { sv: 'Raderas direkt', en: 'Erased at once' } },
  });

/** Each service's part, checked against its contract so a fake that drifts fails. */
const parts: PersonalDataParts = {
  notifications: notificationsPersonalDataSchema.parse({
    recipient: { name: 'Anna Andersson', email: 'anna@example.se', emailWorking: true, mobile: null, smsOptIn: false, emailUpdates: true, language: 'sv', groupIds: [], areaIds: [], preferences: { channels: { email: true, sms: false }, categories: { urgent: true, information: true, reminders: true }, updatedAt: null } },
    messages: [{ id: 'm1', channel: 'email', template: 'registration-confirmed', category: 'transactional', language: 'sv', status: 'sent', createdAt: '2026-06-01T10:05:00.000Z', updatedAt: '2026-06-01T10:05:01.000Z', history: [] }],
  }),
  onboarding: onboardingPersonalDataSchema.parse({
    instances: [{ id: 'i1', kind: 'member', processVersion: 1, status: 'approved', startedAt: '2026-06-01T10:05:00.000Z', completedAt: '2026-06-01T10:06:00.000Z', subjectFields: { name: 'Anna Andersson' }, steps: [{ id: 's1', type: 'email-verification', status: 'approved', attempt: 1, firstRequestedAt: null, answeredAt: '2026-06-01T10:06:00.000Z', outcome: 'approved', answeredBy: 'system' }] }],
  }),
  'police-liaison': policeLiaisonPersonalDataSchema.parse({ cases: [{ id: 'c1', stepType: 'police-approval', attempt: 1, status: 'decided', openedAt: '2026-06-02T10:00:00.000Z', subjectFields: {}, decision: { outcome: 'approve', decidedAt: '2026-06-03T10:00:00.000Z' } }] }),
  'bra-review': braReviewPersonalDataSchema.parse({ reviews: [{ id: 'r1', stepType: 'bra-review', attempt: 1, status: 'decided', requestedAt: '2026-06-02T11:00:00.000Z', subjectFields: { name: 'Anna Andersson' }, decision: { outcome: 'needs-info', decidedAt: '2026-06-04T10:00:00.000Z' } }] }),
  volunteers: volunteersPersonalDataSchema.parse({ walkers: [] }),
};

class FakePersonalData implements PersonalDataApi {
  down = new Set<PersonalDataSource>();
  asked: Array<[PersonalDataSource, string, string]> = [];
  async of<S extends PersonalDataSource>(source: S, municipalityId: string, personId: string): Promise<PersonalDataParts[S]> {
    this.asked.push([source, municipalityId, personId]);
    if (this.down.has(source)) throw new Error('connect ECONNREFUSED');
    return parts[source];
  }
}

describe('"Alla uppgifter" from "Mina uppgifter" (HTTP edge, the services faked through the port)', () => {
  let app: INestApplication;
  let api: FakePersonalData;
  const http = () => request(app.getHttpServer());
  const enrolment = {
    selfService: async (token: string): Promise<SelfServiceResult> =>
      token === SELF ? { kind: 'ok', view: view('ale') } : token === LILLA_EDET ? { kind: 'ok', view: view('lilla-edet') } : { kind: 'token_invalid' },
  };

  beforeEach(async () => {
    api = new FakePersonalData();
    const config = loadWebConfig({ PORT: '3699', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(ENROLMENT_API).useValue(enrolment as unknown as EnrolmentApi)
      .overrideProvider(PERSONAL_DATA_API).useValue(api)
      .overrideProvider(FEEDBACK_SINK).useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterEach(() => app.close());

  it('shows every service’s part on one page, asking each for the person enrolment resolved, and links to the download', async () => {
    const res = await http().get(`/ale/mina-uppgifter/${SELF}/alla-uppgifter?personId=someone-else`).expect(200);
    expect(res.text).toContain('<h1 class="govuk-heading-l">Alla uppgifter vi har om dig</h1>');
    for (const shown of ['Storgatan 1, 44930', 'registration-confirmed', 'email-verification', 'police-approval', 'approve', 'Anteckningar som handläggare skriver', 'Granskning av brottsförebyggande rådet (BRÅ)', 'Granskningar hos det lokala brottsförebyggande rådet', 'needs-info', '2026-06-04 10:00']) expect(res.text).toContain(shown);
    expect(res.text).toContain(`href="/ale/mina-uppgifter/${SELF}/alla-uppgifter/ladda-ner"`);
    expect(res.text).not.toContain('Vissa uppgifter saknas');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(api.asked.map(([s, m, p]) => `${s}:${m}:${p}`).sort()).toEqual(['bra-review', 'notifications', 'onboarding', 'police-liaison', 'volunteers'].map((s) => `${s}:ale:${PERSON}`));
  });

  it('downloads the same data as one JSON document', async () => {
    const res = await http().get(`/ale/mina-uppgifter/${SELF}/alla-uppgifter/ladda-ner`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="mina-uppgifter-ale-\d{4}-\d{2}-\d{2}\.json"$/);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ municipalityId: 'ale', personId: PERSON, enrolment: { name: 'Anna Andersson' }, notifications: parts.notifications, onboarding: parts.onboarding, policeLiaison: parts['police-liaison'], braReview: parts['bra-review'], volunteers: parts.volunteers, missing: [] });
  });

  it('a service that is down is named as missing, on the page and in the file; the rest is shown (no 500)', async () => {
    api.down.add('onboarding');
    api.down.add('volunteers');
    api.down.add('bra-review');
    const page = await http().get(`/ale/mina-uppgifter/${SELF}/alla-uppgifter`).expect(200);
    expect(page.text).toMatch(/Vissa uppgifter saknas just nu[\s\S]*<li>Godkännanden<\/li>\s*<li>Granskning av brottsförebyggande rådet \(BRÅ\)<\/li>\s*<li>Trygghetsvandrare<\/li>/);
    expect(page.text).toContain('registration-confirmed');
    const file = JSON.parse((await http().get(`/ale/mina-uppgifter/${SELF}/alla-uppgifter/ladda-ner`).expect(200)).text);
    expect(file).toMatchObject({ onboarding: null, braReview: null, volunteers: null, missing: ['onboarding', 'bra-review', 'volunteers'] });
  });

  it('in English, and an unknown link or another municipality’s link asks nobody', async () => {
    const en = await http().get(`/ale/mina-uppgifter/${SELF}/alla-uppgifter?lang=en`).expect(200);
    expect(en.text).toContain('All the data we hold about you');
    expect(en.text).toContain('Review by the crime-prevention council (BRÅ)');
    expect((await http().get(`/ale/mina-uppgifter/${'X'.repeat(43)}/alla-uppgifter`)).status).toBe(404);
    expect((await http().get(`/ale/mina-uppgifter/${LILLA_EDET}/alla-uppgifter/ladda-ner`)).status).toBe(404);
    expect(api.asked.filter(([s]) => s === 'notifications')).toHaveLength(1);
  });

  it('GatherPersonalData reports each failure and keeps the order of the missing parts', async () => {
    const failures: string[] = [];
    api.down.add('volunteers');
    api.down.add('notifications');
    const data = await new GatherPersonalData(api, (source) => failures.push(source), () => new Date('2026-06-10T10:00:00Z')).execute(view('ale'));
    expect(data.missing).toEqual(['notifications', 'volunteers']);
    expect(failures.sort()).toEqual(['notifications', 'volunteers']);
    expect(data.exportedAt).toBe('2026-06-10T10:00:00.000Z');
  });
});
