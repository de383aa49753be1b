import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import { caseIdFor, type PoliceCase } from '../src/domain/police-case';
import { CASES_COLLECTION, MongoCaseStore } from '../src/infrastructure/mongo-cases';

// Every hot query of the case store (libs/step-worker's MongoStepWorkStore, scoped by police area) is served by an
// index (issue 10): indexes from the store's own ensureIndexes (as at service start) on a fresh database, a few
// thousand cases written through the store, then each method runs against a recording collection and every query it
// sent is explained; a collection scan fails with the collection, the query and the plan (libs/testing/src/explain.ts).

const logger = createLogger('pol-index-test', 'silent');
const database = `pol_idx_${randomUUID().slice(0, 8)}`;
const now = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400_000;
const publisher = { publish: async () => undefined } as never;
const MUNICIPALITIES = ['ale', 'lilla-edet', 'trollhattan', ...Array.from({ length: 9 }, (_, i) => `kommun-${i + 1}`)];
const areaOf = (i: number) => `polisomrade-${i % 8}`;

/** Most cases are decided; the officer's list is the few pending ones of one area. */
function seededCase(i: number): PoliceCase {
  const instanceId = randomUUID();
  const openedAt = new Date(now.getTime() - (i % 500) * DAY).toISOString();
  const pending = i % 10 === 0;
  return {
    id: caseIdFor(instanceId, 'police-approval', 1),
    municipalityId: MUNICIPALITIES[i % MUNICIPALITIES.length]!,
    instanceId,
    stepId: 'police-approval',
    stepType: 'police-approval',
    attempt: 1,
    subject: { kind: i % 3 ? 'contact-person' : 'volunteer', id: randomUUID(), personId: randomUUID() },
    subjectFields: { name: `Person ${i}` },
    dueAt: null,
    status: pending ? 'pending' : 'decided',
    decision: pending ? null : { outcome: 'approve', reason: 'ok', decidedBy: `officer-${i % 20}`, decidedAt: openedAt },
    policeAreaId: areaOf(i),
    openedAt,
  };
}

describe('police-liaison: hot queries are served by indexes', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let cases: MongoCaseStore;
  let relay: OutboxRelay;
  let rec: QueryRecorder<mongo.Collection>;
  let seeded: PoliceCase[];

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(database);
    rec = recordQueries(db.collection(CASES_COLLECTION));
    relay = new OutboxRelay(rec.collection as never, publisher, logger);
    cases = new MongoCaseStore(rec.collection as never, relay);
    // As the service does at start (the store's onInfrastructureReady, run by ServiceLifecycle), on an empty database.
    await Promise.all([cases.ensureIndexes(), relay.ensureIndexes()]);
    seeded = Array.from({ length: 2000 }, (_, i) => seededCase(i));
    await inBatches(seeded, 100, (c) => cases.insert(c));
    // A few cases whose events a dead process left unpublished (the relay's recovery query finds them).
    await db.collection(CASES_COLLECTION).updateMany({ _id: { $in: seeded.slice(1, 4).map((c) => c.id) } } as never, { $set: { outboxPending: true, outboxLeaseUntil: 0 } });
  }, 60_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const c = (i: number) => seeded[i]!;
  const hot: Array<[string, () => Promise<unknown>]> = [
    ['cases.find', () => cases.find(c(10).policeAreaId, c(10).id)],
    ['cases.pending', () => cases.pending(areaOf(3))],
    ['cases.forgetPerson', () => cases.forgetPerson(c(11).municipalityId, c(11).subject.personId)],
    ['cases.setProtectedIdentity', () => cases.setProtectedIdentity(c(12).municipalityId, c(12).subject.personId, true)],
    ['cases.ofPerson', () => cases.ofPerson(c(11).municipalityId, c(11).subject.personId)],
    ['cases.saveDecision', async () => {
      const found = (await cases.find(c(20).policeAreaId, c(20).id))!;
      await cases.saveDecision({ ...found.work, status: 'decided', decision: { outcome: 'approve', reason: 'ok', decidedBy: 'officer-1', decidedAt: now.toISOString() } }, found.version, []);
    }],
    ['cases.overdueWithoutReminder', () => cases.overdueWithoutReminder(c(30).municipalityId, new Date(now.getTime() - 14 * DAY).toISOString(), 100)],
    ['cases.markReminderSent', () => cases.markReminderSent(c(40).id, now.toISOString(), [])],
    ['cases.decidedSince', () => cases.decidedSince(areaOf(5), '2026-01-01T00:00:00.000Z')],
    ['cases.saveRevocation', async () => {
      const found = (await cases.find(c(30).policeAreaId, c(30).id))!;
      await cases.saveRevocation({ ...found.work, decision: { outcome: 'revoked', reason: 'x', decidedBy: 'officer-2', decidedAt: now.toISOString() }, decisionHistory: [found.work.decision!] }, found.version, []);
    }],
    ['cases: OutboxRelay.recoverOnce', () => relay.recoverOnce()],
  ];

  it.each(hot)('%s', async (label, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, rec, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });
});
