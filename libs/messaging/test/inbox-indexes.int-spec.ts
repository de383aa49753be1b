import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import { InboxStore } from '../src/inbox';

// The inbox every consuming service keeps (issue 10): the dedupe look-up of each event and the hourly purge are served
// by the indexes InboxStore.ensureIndexes creates at service start. A few thousand entries of several consumers are
// recorded through the store; the store's queries are explained; a collection scan fails with the plan.

const database = `inbox_idx_${randomUUID().slice(0, 8)}`;
const DAY = 86_400_000;
const now = Date.now();

describe('inbox: hot queries are served by indexes', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let inbox: InboxStore;
  let rec: QueryRecorder<mongo.Collection>;
  const eventIds = Array.from({ length: 3000 }, () => randomUUID());

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(database);
    rec = recordQueries(db.collection('inbox'));
    inbox = new InboxStore(rec.collection as never);
    await inbox.ensureIndexes();
    await inBatches(eventIds, 100, (eventId, i) => inbox.record(`consumer-${i % 3}`, eventId, 'enrolment.member-joined.v1'));
    // The hourly purge finds only the last hour's worth past the retention: age most entries well inside it.
    await db.collection('inbox').updateMany({ eventId: { $in: eventIds.slice(0, 2950) } }, { $set: { processedAt: new Date(now - 5 * DAY) } });
    await db.collection('inbox').updateMany({ eventId: { $in: eventIds.slice(2950) } }, { $set: { processedAt: new Date(now - 31 * DAY) } });
  }, 60_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const hot: Array<[string, () => Promise<unknown>]> = [
    ['inbox.has', () => inbox.has('consumer-1', eventIds[100]!)],
    ['inbox.purgeOlderThan', () => inbox.purgeOlderThan(new Date(now - 30 * DAY))],
  ];

  it.each(hot)('%s', async (label, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, rec, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });
});
