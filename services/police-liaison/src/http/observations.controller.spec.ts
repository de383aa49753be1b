import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { INTERNAL_SECRETS, TRUSTED_ISSUERS } from '@trygg/auth';
import { createLogger } from '@trygg/observability';
import { InMemoryAuditTrail, offlineApp, TEST_GROUPS, testTrustedIssuers } from '@trygg/service-testing';
import { TestIssuer } from '@trygg/testing';
import { PoliceLiaisonModule } from '../app.module';
import { OBSERVATION_LIMIT, OBSERVATION_STORE } from '../application/observations';
import { DECISION_AUDIT } from '../application/ports';
import type { PoliceLiaisonConfig } from '../config';
import { InMemoryObservations } from '../../test/fakes';

const SECRET = 'test-secret-web-observations-0123456789abcdef';
const web = { authorization: `Bearer ${SECRET}`, 'x-internal-caller': 'web' };
const valid = {
  municipalityId: 'lilla-edet',
  personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a41',
  groupId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a42',
  areaId: 'centrum-ostra',
  occurredAt: '2026-01-10T21:30:00+01:00',
  address: 'Storgatan 3',
  activity: 'looking-into-properties',
  description: 'Två personer gick in på flera tomter och lyste med ficklampa mot fönstren.',
};

describe('the observation API: the web\'s report route and the officer\'s answer (validation)', () => {
  let police: TestIssuer;
  let trollhattan: TestIssuer;
  let app: INestApplication;
  let store: InMemoryObservations;
  let allowed: boolean;
  let officer: string;

  beforeAll(async () => {
    [police, trollhattan] = await Promise.all([TestIssuer.start('/polisen'), TestIssuer.start('/trollhattan')]);
    officer = `Bearer ${await police.token({ sub: 'p1', groups: [TEST_GROUPS['police-officer']], police_area: 'lpo-trollhattan' })}`;
  });
  afterAll(() => Promise.all([police.close(), trollhattan.close()]));

  beforeEach(async () => {
    store = new InMemoryObservations();
    allowed = true;
    app = await offlineApp(PoliceLiaisonModule.forRoot({} as PoliceLiaisonConfig, createLogger('test', 'silent')), (b) =>
      b
        .overrideProvider(TRUSTED_ISSUERS).useValue(testTrustedIssuers({ trollhattan }, police))
        .overrideProvider(INTERNAL_SECRETS).useValue(new Map([['INTERNAL_SECRET_WEB_OBSERVATIONS', SECRET]]))
        .overrideProvider(OBSERVATION_STORE).useValue(store)
        .overrideProvider(OBSERVATION_LIMIT).useValue({ allow: async () => ({ allowed, retryAfterSeconds: allowed ? 0 : 600 }) })
        .overrideProvider(DECISION_AUDIT).useValue(new InMemoryAuditTrail()),
    );
  });
  afterEach(() => app.close());

  const report = (body: unknown, headers: Record<string, string> = web) => request(app.getHttpServer()).post('/internal/observations').set(headers).send(body as object);
  const fields = (res: request.Response) => (res.body.fields as Array<{ field: string }>).map((f) => f.field).sort();

  it('receives a valid report (201) into the police area of the municipality\'s area', async () => {
    const res = await report(valid).expect(201);
    expect(res.body).toEqual({ observationId: expect.any(String), policeAreaId: 'lpo-trollhattan' });
    expect(store.docs.get(res.body.observationId)!.observation).toMatchObject({ reporterId: valid.personId, status: 'open' });
  });

  it('lets nobody but the web with its secret report (401)', async () => {
    await report(valid, {}).expect(401);
    await report(valid, { authorization: 'Bearer wrong-secret-wrong-secret-wrong-secret', 'x-internal-caller': 'web' }).expect(401);
    await report(valid, { authorization: officer }).expect(401);
    expect(store.docs.size).toBe(0);
  });

  it('refuses a photo or file as not collected (400 naming the field), whatever else the body holds', async () => {
    const res = await report({ ...valid, photo: 'data:image/jpeg;base64,/9j/4AAQ', file: { name: 'x.jpg' } }).expect(400);
    expect(fields(res)).toEqual(['file', 'photo']);
    expect(res.body.fields[0].message).toMatch(/not collected/);
    expect(store.docs.size).toBe(0);
  });

  it('answers 400 naming the field: free text over 2000 characters, a future time, a point outside Sweden, an unknown activity, an unknown field', async () => {
    expect(fields(await report({ ...valid, description: 'a'.repeat(2001) }).expect(400))).toEqual(['description']);
    await report({ ...valid, description: 'a'.repeat(2000) }).expect(201);
    expect(fields(await report({ ...valid, occurredAt: new Date(Date.now() + 3_600_000).toISOString() }).expect(400))).toEqual(['occurredAt']);
    expect(fields(await report({ ...valid, address: undefined, lat: 52.52, lng: 13.4 }).expect(400))).toEqual(['lat']);
    await report({ ...valid, address: undefined, lat: 58.13, lng: 12.13 }).expect(201);
    expect(fields(await report({ ...valid, lat: 58.13, lng: 12.13 }).expect(400))).toEqual(['address']);
    expect(fields(await report({ ...valid, activity: 'suspicious-person' }).expect(400))).toEqual(['activity']);
    expect(fields(await report({ ...valid, reporterName: 'Anna' }).expect(400))).toEqual(['(body)']);
    expect(fields(await report({ ...valid, personId: 'someone' }).expect(400))).toEqual(['personId']);
  });

  it('answers 429 with the person over the limit', async () => {
    allowed = false;
    expect((await report(valid).expect(429)).body).toMatchObject({ error: 'rate_limited' });
  });

  it('the officer\'s answer: 400 empty or over 2000 characters, 404 unknown, 409 the second time', async () => {
    const id = (await report(valid).expect(201)).body.observationId as string;
    const answer = (body: unknown, oid = id) => request(app.getHttpServer()).post(`/observations/${oid}/answer`).set('authorization', officer).send(body as object);
    expect(fields(await answer({ answer: ' ' }).expect(400))).toEqual(['answer']);
    expect(fields(await answer({ answer: 'x'.repeat(2001) }).expect(400))).toEqual(['answer']);
    await answer({ answer: 'Tack' }, '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a99').expect(404);
    expect((await answer({ answer: 'Tack, vi följer upp.' }).expect(200)).body).toMatchObject({ status: 'answered', answer: { text: 'Tack, vi följer upp.' } });
    await answer({ answer: 'Igen' }).expect(409);
    const listed = await request(app.getHttpServer()).get('/police-areas/lpo-trollhattan/observations').set('authorization', officer).expect(200);
    expect(listed.body.observations).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(valid.personId);
  });
});
