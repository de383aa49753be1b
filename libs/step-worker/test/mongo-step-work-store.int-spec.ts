import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createEvent, type EventEnvelope, OnboardingStepCompletedV1 } from '@trygg/contracts';
import { type AggregateDocument, type EventPublisher, OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { testMongo, waitFor } from '@trygg/testing';
import { MongoDecisionAudit, MongoStepWorkStore, type StepWork } from '../src';

// Against the real FerretDB (or MongoDB) started by deploy/local/infra.sh; the broker is replaced by a recorder.

interface Visit extends StepWork<{ outcome: 'approved'; reason: string }> {
  areaId: string;
  requestedAt: string;
}

const personId = randomUUID();
function visit(areaId: string, requestedAt: string, municipalityId = 'ale'): Visit {
  return {
    id: randomUUID(), municipalityId, areaId, instanceId: randomUUID(), stepId: 'home-visit', stepType: 'home-visit', attempt: 1,
    subject: { kind: 'contact-person', id: randomUUID(), personId }, subjectFields: { street: 'Storgatan' }, dueAt: null,
    status: 'pending', decision: null, requestedAt,
  };
}

describe('step work in the real database', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let collection: mongo.Collection<AggregateDocument<Visit>>;
  let relay: OutboxRelay;
  let store: MongoStepWorkStore<Visit>;
  const published: EventEnvelope[] = [];
  const publisher = { publish: async (events: readonly EventEnvelope[]) => void published.push(...events) } as unknown as EventPublisher;
  const suffix = Date.now();

  beforeAll(async () => {
    client = await testMongo();
    db = client.db('ref_step_worker');
    collection = db.collection(`visits_${suffix}`);
    relay = new OutboxRelay(collection as never, publisher, createLogger('step-worker-test', 'silent'));
    store = new MongoStepWorkStore<Visit>(collection, relay, { scopeField: 'areaId', orderBy: 'requestedAt', indexName: 'area_status' });
    await store.ensureIndexes();
  }, 30_000);

  afterAll(async () => {
    relay.stop();
    await collection.drop().catch(() => undefined);
    await db.collection(`audit_${suffix}`).drop().catch(() => undefined);
    await client.close();
  });

  it('keeps work once, finds it only in its scope and lists the pending work of a scope oldest first', async () => {
    const later = visit('area-a', '2026-11-26T11:00:00.000Z');
    const earlier = visit('area-a', '2026-11-26T10:00:00.000Z');
    const elsewhere = visit('area-b', '2026-11-26T09:00:00.000Z');
    for (const v of [later, earlier, elsewhere]) expect(await store.insert(v)).toBe(true);
    expect(await store.insert({ ...later, subjectFields: {} })).toBe(false);

    expect(await store.find('area-a', later.id)).toEqual({ work: later, version: 1 });
    expect(await store.find('area-b', later.id)).toBeUndefined();
    expect((await store.pending('area-a')).map((v) => v.id)).toEqual([earlier.id, later.id]);
  });

  it('saves a decision with its events only at the expected version, and publishes them', async () => {
    const v = visit('area-c', '2026-11-26T10:00:00.000Z');
    await store.insert(v);
    const decided: Visit = { ...v, status: 'decided', decision: { outcome: 'approved', reason: 'ok', decidedAt: '2026-11-26T12:00:00.000Z' } };
    const answer = createEvent(OnboardingStepCompletedV1, { municipalityId: 'ale', correlationId: 'c' }, {
      instanceId: v.instanceId, stepId: v.stepId, stepType: v.stepType, attempt: 1, outcome: 'approved', reason: 'ok', actor: { kind: 'plugin', id: 'home-visit-desk' },
    });

    expect(await store.saveDecision(decided, 2, [answer])).toBe(false);
    expect(await store.saveDecision({ ...decided, areaId: 'area-other' }, 1, [answer])).toBe(false);
    expect(await store.saveDecision(decided, 1, [answer])).toBe(true);

    expect(await store.find('area-c', v.id)).toEqual({ work: decided, version: 2 });
    expect(await store.pending('area-c')).toEqual([]);
    await waitFor('the answer published', async () => published.some((e) => e.eventId === answer.eventId) || undefined);
  });

  it('forgets the subject fields of an erased person in one municipality, keeping the work', async () => {
    const other = visit('area-d', '2026-11-26T10:00:00.000Z', 'kungalv');
    await store.insert(other);
    expect(await store.forgetPerson('kungalv', personId)).toBe(1);
    expect((await store.find('area-d', other.id))!.work).toMatchObject({ subjectFields: {}, status: 'pending' });
    expect((await store.find('area-a', (await store.pending('area-a'))[0]!.id))!.work.subjectFields).toEqual({ street: 'Storgatan' });
  });

  it('sets a changed protected-identity flag on the person’s work in one municipality, once', async () => {
    const work = visit('area-e', '2026-11-26T10:00:00.000Z', 'lilla-edet');
    await store.insert(work);
    expect(await store.setProtectedIdentity('lilla-edet', personId, true)).toBe(1);
    expect(await store.setProtectedIdentity('lilla-edet', personId, true)).toBe(0);
    expect((await store.find('area-e', work.id))!.work.protectedIdentity).toBe(true);
    expect((await store.find('area-a', (await store.pending('area-a'))[0]!.id))!.work.protectedIdentity).toBeFalsy();
    expect(await store.setProtectedIdentity('lilla-edet', personId, false)).toBe(1);
    expect((await store.find('area-e', work.id))!.work.protectedIdentity).toBe(false);
  });

  it('audits each decision in a hash-chained trail that verifies', async () => {
    const audit = new MongoDecisionAudit(db.collection(`audit_${suffix}`), () => new Date('2026-11-26T10:00:00Z'));
    await audit.onInfrastructureReady();
    const actor = { subject: 'https://idp.ale.example#v-1', name: 'Vera Visit', role: 'coordinator', scope: 'ale' };
    await audit.record({ actor, action: 'home-visit-decision', subject: { kind: 'home-visit', id: 'v-1' }, municipalityId: 'ale', correlationId: 'c-1', details: { outcome: 'approved' } });
    await audit.record({ actor, action: 'home-visit-decision', subject: { kind: 'home-visit', id: 'v-2' }, municipalityId: 'ale', correlationId: 'c-2', details: { outcome: 'rejected' } });
    const stored = await db.collection(`audit_${suffix}`).find({}, { sort: { _id: 1 } }).toArray();
    expect(stored.map((r) => [r['_id'], r['subject'].id, r['actor'].subject, r['action']])).toEqual([
      [1, 'v-1', actor.subject, 'home-visit-decision'],
      [2, 'v-2', actor.subject, 'home-visit-decision'],
    ]);
    expect(stored[1]!['prevHash']).toBe(stored[0]!['hash']);
    expect(await audit.trail.verify()).toEqual({ ok: true, count: 2 });
  });
});
