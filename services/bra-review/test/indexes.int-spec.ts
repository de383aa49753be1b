import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import { type Review, reviewIdFor } from '../src/domain/review';
import { MongoReviewStore, REVIEWS_COLLECTION } from '../src/infrastructure/mongo-reviews';

// Every hot query of the review store (libs/step-worker's MongoStepWorkStore, scoped by municipality) is served by an
// index (issue 10): indexes from the store's own ensureIndexes (as at service start) on a fresh database, a few
// thousand reviews written through the store, then each method runs against a recording collection and every query it
// sent is explained; a collection scan fails with the collection, the query and the plan (libs/testing/src/explain.ts).

const logger = createLogger('bra-index-test', 'silent');
const database = `bra_idx_${randomUUID().slice(0, 8)}`;
const now = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400_000;
const publisher = { publish: async () => undefined } as never;
const MUNICIPALITIES = ['ale', 'lilla-edet', 'trollhattan', ...Array.from({ length: 9 }, (_, i) => `kommun-${i + 1}`)];
const municipalityOf = (i: number) => MUNICIPALITIES[i % MUNICIPALITIES.length]!;

/** Most reviews are decided; the council's list is the few pending ones of its municipality. */
function seededReview(i: number): Review {
  const instanceId = randomUUID();
  const requestedAt = new Date(now.getTime() - (i % 500) * DAY).toISOString();
  const pending = i % 10 === 0;
  return {
    id: reviewIdFor(instanceId, 'bra-review', 1),
    municipalityId: municipalityOf(i),
    instanceId,
    stepId: 'bra-review',
    stepType: 'bra-review',
    attempt: 1,
    subject: { kind: i % 3 ? 'contact-person' : 'volunteer', id: randomUUID(), personId: randomUUID() },
    subjectFields: { name: `Person ${i}` },
    parameters: { council: 'Lokalt BRÅ' },
    dueAt: null,
    status: pending ? 'pending' : 'decided',
    decision: pending ? null : { outcome: 'approved', reason: 'ok', reviewer: `reviewer-${i % 5}`, decidedAt: requestedAt },
    requestedAt,
  };
}

describe('bra-review: hot queries are served by indexes', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let reviews: MongoReviewStore;
  let relay: OutboxRelay;
  let rec: QueryRecorder<mongo.Collection>;
  let seeded: Review[];

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(database);
    rec = recordQueries(db.collection(REVIEWS_COLLECTION));
    relay = new OutboxRelay(rec.collection as never, publisher, logger);
    reviews = new MongoReviewStore(rec.collection as never, relay);
    // As the service does at start (the store's onInfrastructureReady, run by ServiceLifecycle), on an empty database.
    await Promise.all([reviews.ensureIndexes(), relay.ensureIndexes()]);
    seeded = Array.from({ length: 2000 }, (_, i) => seededReview(i));
    await inBatches(seeded, 100, (r) => reviews.insert(r));
    // A few reviews whose events a dead process left unpublished (the relay's recovery query finds them).
    await db.collection(REVIEWS_COLLECTION).updateMany({ _id: { $in: seeded.slice(1, 4).map((r) => r.id) } } as never, { $set: { outboxPending: true, outboxLeaseUntil: 0 } });
  }, 60_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const r = (i: number) => seeded[i]!;
  const hot: Array<[string, () => Promise<unknown>]> = [
    ['reviews.find', () => reviews.find(r(10).municipalityId, r(10).id)],
    ['reviews.pending', () => reviews.pending('lilla-edet')],
    ['reviews.forgetPerson', () => reviews.forgetPerson(r(11).municipalityId, r(11).subject.personId)],
    ['reviews.ofPerson', () => reviews.ofPerson(r(11).municipalityId, r(11).subject.personId)],
    ['reviews.setProtectedIdentity', () => reviews.setProtectedIdentity(r(12).municipalityId, r(12).subject.personId, true)],
    ['reviews.saveDecision', async () => {
      const found = (await reviews.find(r(20).municipalityId, r(20).id))!;
      await reviews.saveDecision({ ...found.work, status: 'decided', decision: { outcome: 'approved', reason: 'ok', reviewer: 'r', decidedAt: now.toISOString() } }, found.version, []);
    }],
    ['reviews: OutboxRelay.recoverOnce', () => relay.recoverOnce()],
  ];

  it.each(hot)('%s', async (label, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, rec, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });
});
