import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { testMongo } from '@trygg/testing';
import { tidyAddress } from '../src/domain/address';
import { addMember, createGroup } from '../src/domain/group';
import { type Registration, requestErasure, submitRegistration } from '../src/domain/registration';
import { MongoGroups } from '../src/infrastructure/mongo-groups';
import { MongoLinkTokens } from '../src/infrastructure/mongo-link-tokens';
import { MongoRegistrations } from '../src/infrastructure/mongo-registrations';

// The repositories' queries on the real FerretDB (nested paths, array membership, the unique dedupe key, FerretDB's
// non-atomic updates serialised by the lock). No events here: those travel in enrolment.int-spec.ts.

const logger = createLogger('enr-repo-test', 'silent');
const database = `enr_repo_${randomUUID().slice(0, 8)}`;
const now = new Date('2026-11-26T10:00:00Z');
// The relay is never asked to publish (no events are written here).
const noPublisher = {} as never;

function registration(overrides: Partial<Registration> = {}, email = `r-${randomUUID().slice(0, 8)}@enr.example`): Registration {
  const base = submitRegistration(
    { municipalityId: 'ale', name: 'Test Testsson', email, mobile: null, smsOptIn: false, language: 'sv', address: tidyAddress({ street: 'Storgatan', number: String(Math.floor(Math.random() * 900) + 1), postcode: '449 30' }), coordinates: null, intent: 'join', protectedIdentity: false },
    { registrationId: randomUUID(), personId: randomUUID(), memberId: randomUUID() },
    now,
  );
  return { ...base, ...overrides };
}

describe('enrolment repositories on FerretDB', () => {
  let client: mongo.MongoClient;
  let registrations: MongoRegistrations;
  let groups: MongoGroups;
  let tokens: MongoLinkTokens;

  beforeAll(async () => {
    client = await testMongo();
    const db = client.db(database);
    // A registration from before the dedupe key existed: the index creation must give it one.
    await db.collection('registrations').insertOne({ _id: randomUUID() as never, municipalityId: 'ale', email: 'legacy@enr.example', status: 'submitted', version: 1 });
    registrations = MongoRegistrations.create(db.collection('registrations') as never, new OutboxRelay(db.collection('registrations') as never, noPublisher, logger));
    groups = new MongoGroups(db.collection('groups') as never, new OutboxRelay(db.collection('groups') as never, noPublisher, logger));
    tokens = new MongoLinkTokens(db.collection('link_tokens') as never);
    await Promise.all([registrations.ensureIndexes(), groups.ensureIndexes(), tokens.ensureIndexes()]);
  }, 30_000);

  afterAll(async () => {
    await client.db(database).dropDatabase();
    await client.close();
  });

  it('refuses a second live registration with the same dedupe key, scoped by municipality', async () => {
    const first = registration();
    expect(await registrations.insert(first, [])).toBe('inserted');
    expect(await registrations.insert({ ...registration(), dedupeKey: first.dedupeKey }, [])).toBe('duplicate');
    expect(await registrations.findByDedupeKey('ale', first.dedupeKey)).toMatchObject({ id: first.id, address: first.address, submittedAt: now });
    expect(await registrations.findById('trollhattan', first.id)).toBeNull();
    expect(await registrations.findByIdAcrossMunicipalities(first.id)).toMatchObject({ id: first.id });
  });

  it('finds by person, by ids, by email (live only), and lists triage, pending placements and erasures that are due', async () => {
    const personId = randomUUID();
    const triage = registration({ personId, status: 'confirmed', placement: { kind: 'triage' } });
    const pending = registration({ personId, status: 'confirmed', placement: { kind: 'pending' } });
    const erasedDue = requestErasure(registration({}, 'gone@enr.example'), { mode: 'keep-days', keepDays: 1 }, new Date(now.getTime() - 3 * 86_400_000));
    const erasedLater = requestErasure(registration(), { mode: 'keep-days', keepDays: 30 }, now);
    for (const r of [triage, pending, erasedDue, erasedLater]) await registrations.insert(r, []);

    expect((await registrations.findByPerson('ale', personId)).map((r) => r.id).sort()).toEqual([triage.id, pending.id].sort());
    expect((await registrations.findManyByIds('ale', [triage.id, erasedDue.id])).map((r) => r.id).sort()).toEqual([triage.id, erasedDue.id].sort());
    expect(await registrations.findLiveByEmail('ale', 'gone@enr.example')).toBeNull();
    expect((await registrations.listTriage('ale')).map((r) => r.id)).toEqual([triage.id]);
    expect((await registrations.listPendingPlacement('ale')).map((r) => r.id)).toEqual([pending.id]);
    expect((await registrations.listDueForAnonymisation('ale', now)).map((r) => r.id)).toEqual([erasedDue.id]);
  });

  it('applies concurrent changes to one aggregate one after the other, losing none', async () => {
    const group = createGroup({ id: randomUUID(), municipalityId: 'ale', areaId: 'a', name: 'A 1' }, now, 'test');
    await groups.insert(group, []);
    const people = Array.from({ length: 8 }, (_, i) => ({ memberId: randomUUID(), personId: randomUUID(), registrationId: randomUUID(), address: { street: 'Storgatan', number: String(i + 1), postcode: '449 30' } }));
    await Promise.all(people.map((p) => groups.update('ale', group.id, (current) => ({ next: addMember(current, p, now, 'test').group, events: [] }))));
    const stored = (await groups.findById('ale', group.id))!;
    expect(Object.keys(stored.members).sort()).toEqual(people.map((p) => p.memberId).sort());
    expect((await groups.findByRegistration('ale', people[3]!.registrationId))?.id).toBe(group.id);
    expect((await groups.findByPerson('ale', people[5]!.personId)).map((g) => g.id)).toEqual([group.id]);
    expect(await groups.findByPerson('trollhattan', people[5]!.personId)).toEqual([]);
    expect(stored.signs).toEqual({});
  });

  it('finds groups by nomination and by activity check, and filters lists', async () => {
    const nominationId = randomUUID();
    const checkId = randomUUID();
    const group = {
      ...createGroup({ id: randomUUID(), municipalityId: 'ale', areaId: 'b', name: 'B 1' }, now, 'test'),
      status: 'active' as const,
      nominationIds: [nominationId],
      activityCheck: { checkId, startedAt: now, remindersSent: 0, lastSentAt: now, answeredAt: null, answer: null, flaggedAt: null },
    };
    await groups.insert(group, []);
    expect((await groups.findByNomination('ale', nominationId))?.id).toBe(group.id);
    expect((await groups.findByActivityCheckAcrossMunicipalities(checkId))?.id).toBe(group.id);
    expect((await groups.list('ale', { areaId: 'b', status: 'active' })).map((g) => g.id)).toEqual([group.id]);
    expect(await groups.list('ale', { areaId: 'b', status: 'forming' })).toEqual([]);
  });

  it('lets exactly one of many concurrent uses of a link through', async () => {
    const hash = randomUUID().replace(/-/g, '');
    const personId = randomUUID();
    await tokens.insert({ hash, kind: 'confirmation', municipalityId: 'ale', personId, registrationId: randomUUID(), createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000), usedAt: null });
    const results = await Promise.all(Array.from({ length: 8 }, () => tokens.markUsed(hash, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const other = randomUUID().replace(/-/g, '');
    await tokens.insert({ hash: other, kind: 'self-service', municipalityId: 'ale', personId, registrationId: null, createdAt: now, expiresAt: new Date(now.getTime() - 40 * 86_400_000), usedAt: null });
    await tokens.revokeForPerson('ale', personId);
    expect((await tokens.findByHash(other))?.usedAt).toBeInstanceOf(Date);
    expect(await tokens.purgeExpiredBefore(new Date(now.getTime() - 30 * 86_400_000))).toBe(1);
    expect(await tokens.findByHash(other)).toBeNull();
  });

  it('gave the registration from before the dedupe key one of its own', async () => {
    const legacy = await client.db(database).collection('registrations').findOne({ email: 'legacy@enr.example' });
    expect(legacy?.['dedupeKey']).toBe(`legacy|${legacy?._id}`);
  });
});
