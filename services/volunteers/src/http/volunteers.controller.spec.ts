import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { AuditEntry } from '@trygg/audit';
import { TRUSTED_ISSUERS } from '@trygg/auth';
import { createLogger } from '@trygg/observability';
import { offlineApp, TEST_GROUPS, testTrustedIssuers } from '@trygg/service-testing';
import { TestIssuer } from '@trygg/testing';
import { VolunteersModule } from '../app.module';
import { CONFIRMATION_LINKS, ERASURE_AUDIT, VOLUNTEER_STORE, WALK_STORE } from '../application/ports';
import type { VolunteersConfig } from '../config';
import { confirmedWalker, InMemoryVolunteers, InMemoryLinks, InMemoryWalks } from '../../test/fakes';

describe('the staff erasure (signed in through the municipality’s IdP)', () => {
  // Each test gets its own walkers, audit and application: no state carried from one test to the next.
  let ale: TestIssuer;
  let lillaEdet: TestIssuer;
  let app: INestApplication;
  let store: InMemoryVolunteers;
  let audited: AuditEntry[];
  let volunteerId: string;

  beforeAll(async () => {
    [ale, lillaEdet] = await Promise.all([TestIssuer.start('/ale'), TestIssuer.start('/lilla-edet')]);
  });
  afterAll(() => Promise.all([ale.close(), lillaEdet.close()]));

  beforeEach(async () => {
    store = new InMemoryVolunteers();
    audited = [];
    volunteerId = (await confirmedWalker(store, { municipalityId: 'ale', name: 'Vera Vandrare', email: 'vera@example.se', birthYear: 1980, organisationId: null, mobile: null, smsOptIn: false, language: 'sv' })).id;
    app = await offlineApp(VolunteersModule.forRoot({} as VolunteersConfig, createLogger('test', 'silent')), (b) =>
      b
        .overrideProvider(TRUSTED_ISSUERS).useValue(testTrustedIssuers({ ale, 'lilla-edet': lillaEdet }))
        .overrideProvider(VOLUNTEER_STORE).useValue(store)
        .overrideProvider(CONFIRMATION_LINKS).useValue(new InMemoryLinks())
        .overrideProvider(ERASURE_AUDIT).useValue({ record: async (entry: AuditEntry) => void audited.push(entry) })
        .overrideProvider(WALK_STORE).useValue(new InMemoryWalks()),
    );
  });
  afterEach(() => app.close());

  const erase = (authorization: string | null, body: unknown = { reason: 'walker-request' }) => {
    const req = request(app.getHttpServer()).post(`/staff/volunteers/${volunteerId}/erasure`);
    return (authorization ? req.set('authorization', authorization) : req).send(body as object);
  };
  const coordinatorOf = async (issuer: TestIssuer, sub: string) => `Bearer ${await issuer.token({ sub, name: 'Sara Samordnare', groups: [TEST_GROUPS.coordinator] })}`;

  it('refuses a sign-up with a mobile number of a country the municipality does not allow (Sweden by default): 400 on mobile, nothing stored', async () => {
    const before = store.outbox.length;
    const res = await request(app.getHttpServer()).post('/volunteers').send({ municipalityId: 'ale', name: 'Pump', email: 'pump@example.se', birthYear: 1990, mobile: '+44 7400 123456', smsOptIn: true });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['mobile']);
    expect(store.outbox.length).toBe(before);
  });

  it('erases the walker of the coordinator’s own municipality, audited with the coordinator as actor; again: 200, nothing new', async () => {
    const own = await coordinatorOf(ale, 'samordnare.ale');
    expect((await erase(own).expect(200)).body).toEqual({ volunteerId, status: 'erased' });
    expect(store.byId.get(volunteerId)).toMatchObject({ name: null, email: null, status: 'erased', erasure: { erasedBy: `${ale.issuer}#samordnare.ale`, reason: 'walker-request' } });
    expect(audited).toEqual([
      {
        actor: { subject: `${ale.issuer}#samordnare.ale`, name: 'Sara Samordnare', role: 'coordinator', scope: 'ale' },
        action: 'volunteer-erased',
        subject: { kind: 'volunteer', id: volunteerId },
        municipalityId: 'ale',
        correlationId: expect.any(String),
        details: { reason: 'walker-request' },
      },
    ]);
    await erase(own).expect(200);
    expect(audited).toHaveLength(1);
    expect(store.outbox.filter((e) => e.type === 'volunteers.volunteer-erased.v1')).toHaveLength(1);
  });

  it('answers another municipality’s coordinator 404 (as for a walker that never existed): nothing erased, nothing audited', async () => {
    const other = await coordinatorOf(lillaEdet, 'samordnare.lillaedet');
    expect((await erase(other).expect(404)).body).toMatchObject({ statusCode: 404, error: 'not_found' });
    expect(store.byId.get(volunteerId)).toMatchObject({ name: 'Vera Vandrare', status: 'onboarding', erasure: null });
    expect(store.outbox.some((e) => e.type === 'volunteers.volunteer-erased.v1')).toBe(false);
    expect(audited).toEqual([]);
  });

  it('answers 401 without a token, 403 to staff without the coordinator role, 400 naming a bad reason; nothing erased', async () => {
    await erase(null).expect(401);
    const dso = `Bearer ${await ale.token({ sub: 'dso.ale', groups: [TEST_GROUPS['data-protection-officer']] })}`;
    await erase(dso).expect(403);
    const bad = await erase(await coordinatorOf(ale, 'samordnare.ale'), { reason: 'because' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
    expect(store.byId.get(volunteerId)!.status).toBe('onboarding');
    expect(audited).toEqual([]);
  });
});

describe('the public sign-up, limited where it is served', () => {
  let app: INestApplication;
  beforeAll(async () => {
    // Redis unreachable on purpose: the limiter counts in the process (as during an outage), with these rules.
    const config = { REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_MAX: 5, RATE_LIMIT_WINDOW_SECONDS: 600, RATE_LIMIT_EMAIL_MAX: 2, RATE_LIMIT_MOBILE_MAX: 2, RATE_LIMIT_IDENTIFIER_WINDOW_SECONDS: 3600 };
    app = await offlineApp(VolunteersModule.forRoot(config as VolunteersConfig, createLogger('test', 'silent')), (b) => b.overrideProvider(VOLUNTEER_STORE).useValue(new InMemoryVolunteers()));
  });
  afterAll(() => app.close());

  const signUp = (email: string) =>
    request(app.getHttpServer()).post('/volunteers').send({ municipalityId: 'ale', name: 'Vera Vandrare', email, birthYear: 1980, organisationId: null, mobile: null, smsOptIn: false, language: 'sv' });

  it('refuses a third sign-up naming one email address, and more than the network\'s posts, with 429 and Retry-After', async () => {
    expect((await signUp('vera@example.se')).status).toBe(202);
    expect((await signUp('VERA@example.se')).status).toBe(202);
    const refused = await signUp('vera@example.se');
    expect([refused.status, refused.body.error]).toEqual([429, 'rate_limited']);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    // Another address passes, until the network's 5 posts in the window are used up.
    expect((await signUp('ville@example.se')).status).toBe(202);
    expect((await signUp('vilma@example.se')).status).toBe(202);
    const network = await signUp('vincent@example.se');
    expect([network.status, network.body.error]).toEqual([429, 'rate_limited']);
    expect(Number(network.headers['retry-after'])).toBeLessThanOrEqual(600);
  });
});
