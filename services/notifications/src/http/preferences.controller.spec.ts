import { randomUUID } from 'node:crypto';
import { type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createEvent, GroupActivatedV1, MemberJoinedV1 } from '@trygg/contracts';
import { accessProviders } from '@trygg/auth';
import { serviceRoutes } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { AllExceptionsFilter } from '@trygg/service-kit';
import { wire } from '../../test/fakes';
import { ShowPersonalData } from '../application/show-personal-data';
import { ShowPersonPreferences } from '../application/show-person-preferences';
import { ShowPreferencesByToken } from '../application/show-preferences-by-token';
import { UpdatePersonPreferences } from '../application/update-person-preferences';
import { UpdatePreferencesByToken } from '../application/update-preferences-by-token';
import { Unsubscribe } from '../application/unsubscribe';
import { UnsubscribeLinks } from '../application/unsubscribe-links';
import { PreferencesModule } from '../preferences.module';
import { StoresModule } from '../stores.module';

/** Stands in for notifications' database (the stores are the fakes' in-memory ones). */
@Module({})
class NoDatabase {}

const SECRET = 'web-preferences-secret-for-tests-0123456789';
/** The web's credentials for the preferences API. */
const WEB = { authorization: `Bearer ${SECRET}`, 'x-internal-caller': 'web' };
const PERSONAL_DATA_SECRET = 'web-personal-data-secret-for-tests-0123456789';
const allOn = { channels: { email: true, sms: true }, categories: { urgent: true, information: true, reminders: true } };

describe('notifications HTTP: preferences and unsubscribe', () => {
  let app: INestApplication;
  let world: ReturnType<typeof wire>;
  let token: string;
  let personId: string;
  const http = () => request(app.getHttpServer());

  beforeEach(async () => {
    world = wire();
    personId = randomUUID();
    await world.recipients.upsertContact({ id: personId, municipalityId: 'lilla-edet', name: 'Bo', email: 'bo@example.se', mobile: '+46701234567', smsOptIn: true });
    world.recipients.confirmMobile(personId);
    const ctx = { municipalityId: 'lilla-edet', correlationId: 'c-1' };
    const groupId = randomUUID();
    await world.facts.execute(createEvent(MemberJoinedV1, ctx, { memberId: randomUUID(), personId, groupId, areaId: 'centrum', subjectFields: {} }));
    const ids = await world.notify.execute(createEvent(GroupActivatedV1, ctx, { groupId, areaId: 'centrum', contactPersonId: personId, groupName: 'Solgläntan' }));
    await world.send.execute(ids.find((id) => world.messages.byId.get(id)!.channel === 'email')!);
    token = world.mailer.sent[0]!.unsubscribeUrl!.split('/').pop()!;

    // The real feature module behind libs/auth's AccessGuard (the route contracts, the web's secret); its stores and
    // clock come from the fakes' world (a fixed time: the tokens' validity).
    const moduleRef = await Test.createTestingModule({
      imports: [PreferencesModule],
      providers: accessProviders({ routes: serviceRoutes.notifications, env: { INTERNAL_SECRET_WEB_PREFERENCES: SECRET, INTERNAL_SECRET_WEB_PERSONAL_DATA: PERSONAL_DATA_SECRET } }),
    })
      .overrideModule(StoresModule)
      .useModule(NoDatabase)
      .overrideProvider(UnsubscribeLinks)
      .useValue(world.unsubscribe)
      .overrideProvider(Unsubscribe)
      .useValue(world.oneClick)
      .overrideProvider(ShowPreferencesByToken)
      .useValue(new ShowPreferencesByToken(world.unsubscribe, world.recipients))
      .overrideProvider(UpdatePreferencesByToken)
      .useValue(new UpdatePreferencesByToken(world.unsubscribe, world.recipients, world.clock))
      .overrideProvider(ShowPersonalData)
      .useValue(new ShowPersonalData(world.recipients, world.messages))
      .overrideProvider(ShowPersonPreferences)
      .useValue(new ShowPersonPreferences(world.recipients))
      .overrideProvider(UpdatePersonPreferences)
      .useValue(new UpdatePersonPreferences(world.recipients, world.clock))
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new AllExceptionsFilter(createLogger('test', 'silent')));
    await app.init();
  });
  afterEach(() => app.close());

  it('/internal/* answers only the web with its own secret (401 otherwise, and nothing read or written)', async () => {
    const tries = [
      {},
      { authorization: `Bearer ${SECRET}` },
      { 'x-internal-caller': 'web' },
      { ...WEB, authorization: 'Bearer wrong-secret-wrong-secret-wrong-secret' },
      { ...WEB, 'x-internal-caller': 'enrolment' },
      { ...WEB, authorization: SECRET },
      { 'x-internal-token': SECRET },
    ];
    const next = { channels: { email: false, sms: false }, categories: { urgent: false, information: false, reminders: false } };
    for (const headers of tries) {
      expect((await http().get(`/internal/preferences/${token}`).set(headers)).status).toBe(401);
      expect((await http().put(`/internal/preferences/${token}`).set(headers).send(next)).status).toBe(401);
      expect((await http().get(`/internal/recipients/${personId}/preferences?municipalityId=lilla-edet`).set(headers)).status).toBe(401);
      expect((await http().put(`/internal/recipients/${personId}/preferences?municipalityId=lilla-edet`).set(headers).send(next)).status).toBe(401);
    }
    expect(world.recipients.byId.get(personId)!.preferences).toEqual(allOn);
  });

  it('GET /internal/personal-data/:personId answers the web with its personal-data secret only, the person of that municipality only', async () => {
    const path = `/internal/personal-data/${personId}?municipalityId=lilla-edet`;
    const res = await http().get(path).set({ authorization: `Bearer ${PERSONAL_DATA_SECRET}`, 'x-internal-caller': 'web' });
    expect(res.status).toBe(200);
    expect(res.body.recipient).toMatchObject({ name: expect.any(String) });
    expect(res.body.messages.map((m: { template: string }) => m.template)).toContain('group-activated');
    // The preferences secret is another purpose's: refused, as is no secret.
    expect((await http().get(path).set(WEB)).status).toBe(401);
    expect((await http().get(path)).status).toBe(401);
    const other = await http().get(`/internal/personal-data/${personId}?municipalityId=ale`).set({ authorization: `Bearer ${PERSONAL_DATA_SECRET}`, 'x-internal-caller': 'web' });
    expect(other.body).toEqual({ recipient: null, messages: [] });
    expect((await http().get(`/internal/personal-data/not-a-uuid?municipalityId=ale`).set({ authorization: `Bearer ${PERSONAL_DATA_SECRET}`, 'x-internal-caller': 'web' })).status).toBe(400);
  });

  it('GET /internal/preferences/:token answers the minimal view, 404 for an unknown token', async () => {
    const res = await http().get(`/internal/preferences/${token}`).set(WEB);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ municipalityId: 'lilla-edet', language: 'sv', linkCategory: 'information', preferences: allOn, available: { email: true, sms: true }, mobile: 'confirmed', updatedAt: null });
    const unknown = await http().get(`/internal/preferences/${'x'.repeat(43)}`).set(WEB);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not_found');
  });

  it('PUT /internal/preferences/:token: 400 naming each bad field (transactional is not accepted); nothing written', async () => {
    const res = await http()
      .put(`/internal/preferences/${token}`)
      .set(WEB)
      .send({ channels: { email: 'ja', sms: true }, categories: { ...allOn.categories, information: false, transactional: false } });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['categories', 'channels.email']);
    expect(res.body.fields.find((f: { field: string }) => f.field === 'categories').message).toContain('transactional');
    expect(world.recipients.byId.get(personId)!.preferences).toEqual(allOn);
  });

  it('PUT /internal/preferences/:token stores the choices and when; 404 for an unknown token', async () => {
    const next = { channels: { email: true, sms: false }, categories: { urgent: true, information: false, reminders: false } };
    const res = await http().put(`/internal/preferences/${token}`).set(WEB).send(next);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ preferences: next, updatedAt: world.clock().toISOString() });
    expect(world.recipients.byId.get(personId)).toMatchObject({ preferences: next, preferencesUpdatedAt: world.clock() });
    expect((await http().put(`/internal/preferences/${'y'.repeat(43)}`).set(WEB).send(next)).status).toBe(404);
  });

  it('GET/PUT /internal/recipients/:personId/preferences are scoped to the municipality', async () => {
    const path = `/internal/recipients/${personId}/preferences`;
    expect((await http().get(`${path}?municipalityId=lilla-edet`).set(WEB)).body).toMatchObject({ linkCategory: null, preferences: allOn });
    expect((await http().get(`${path}?municipalityId=ale`).set(WEB)).status).toBe(404);
    const missing = await http().get(path).set(WEB);
    expect(missing.status).toBe(400);
    expect(missing.body.fields[0].field).toBe('municipalityId');
    const next = { ...allOn, categories: { ...allOn.categories, urgent: false } };
    expect((await http().put(`${path}?municipalityId=lilla-edet`).set(WEB).send(next)).status).toBe(200);
    expect(world.recipients.byId.get(personId)!.preferences).toEqual(next);
  });

  it('GET /unsubscribe/:token changes nothing and answers 303 to the web page; 404 for an unknown token', async () => {
    const res = await http().get(`/unsubscribe/${token}`);
    expect(res.status).toBe(303);
    expect(res.headers['location']).toBe(`http://127.0.0.1:3000/lilla-edet/utskick/${token}`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(world.recipients.byId.get(personId)!.preferences).toEqual(allOn);
    expect((await http().get(`/unsubscribe/${'x'.repeat(43)}`)).status).toBe(404);
  });

  it('POST /unsubscribe/:token (RFC 8058 one-click) turns the category off; 404 for an unknown token', async () => {
    const res = await http().post(`/unsubscribe/${token}`).type('form').send('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ unsubscribed: 'information' });
    expect(world.recipients.byId.get(personId)!.preferences.categories).toEqual({ urgent: true, information: false, reminders: true });
    expect((await http().post(`/unsubscribe/${'x'.repeat(43)}`)).status).toBe(404);
  });
});
