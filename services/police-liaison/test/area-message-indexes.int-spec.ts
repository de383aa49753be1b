import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import type { AreaMessage } from '../src/domain/area-message';
import { AREA_MESSAGES_COLLECTION, MongoAreaMessageStore } from '../src/infrastructure/mongo-area-messages';

// The area-message store's queries are served by indexes (as observation-indexes.int-spec.ts does for observations):
// its own indexes on a fresh database, a few thousand requests over eight police areas, every query explained.

const logger = createLogger('amsg-index-test', 'silent');
const database = `amsg_idx_${randomUUID().slice(0, 8)}`;
const now = new Date('2026-12-01T10:00:00Z');
const publisher = { publish: async () => undefined } as never;
const areaOf = (i: number) => `polisomrade-${i % 8}`;

function seeded(i: number): AreaMessage {
  return {
    id: randomUUID(), municipalityId: `kommun-${i % 12}`, policeAreaId: areaOf(i), subject: `Rubrik ${i}`, body: `Text ${i}`, category: 'information',
    channels: ['email'], areaIds: [`omrade-${i % 30}`], groupIds: [], requestedBy: { officerId: 'polis#1', name: 'Per Polis' }, requestedAt: new Date(now.getTime() - i * 3_600_000).toISOString(),
  };
}

describe('police-liaison: the area-message queries are served by indexes', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let store: MongoAreaMessageStore;
  let rec: QueryRecorder<mongo.Collection>;

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(database);
    rec = recordQueries(db.collection(AREA_MESSAGES_COLLECTION));
    const relay = new OutboxRelay(rec.collection as never, publisher, logger);
    store = new MongoAreaMessageStore(rec.collection as never, relay);
    await Promise.all([store.onInfrastructureReady(), relay.ensureIndexes()]);
    await inBatches(Array.from({ length: 2000 }, (_, i) => seeded(i)), 100, (m) => store.insert(m, []));
  }, 60_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('area_messages.ofArea', async () => {
    const checked = await expectRecordedQueriesIndexServed(db, rec, 'area_messages.ofArea', async () => {
      const found = await store.ofArea(areaOf(3), 200);
      expect(found).toHaveLength(200);
      expect(found.every((m, i) => m.policeAreaId === areaOf(3) && (i === 0 || found[i - 1]!.requestedAt >= m.requestedAt))).toBe(true);
    });
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });
});
