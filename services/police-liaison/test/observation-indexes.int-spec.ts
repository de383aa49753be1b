import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import { markRead, type Observation } from '../src/domain/observation';
import { MongoObservationStore, OBSERVATIONS_COLLECTION } from '../src/infrastructure/mongo-observations';

// The observation store's queries are served by indexes (as indexes.int-spec.ts does for the cases): its own indexes
// on a fresh database, a few thousand observations over eight police areas, every query of each method explained.

const logger = createLogger('obs-index-test', 'silent');
const database = `obs_idx_${randomUUID().slice(0, 8)}`;
const now = new Date('2026-12-01T10:00:00Z');
const publisher = { publish: async () => undefined } as never;
const areaOf = (i: number) => `polisomrade-${i % 8}`;

function seeded(i: number): Observation {
  const at = new Date(now.getTime() - i * 3_600_000).toISOString();
  return {
    id: randomUUID(), municipalityId: `kommun-${i % 12}`, policeAreaId: areaOf(i), groupId: randomUUID(), areaId: `omrade-${i % 30}`, reporterId: randomUUID(),
    occurredAt: at, receivedAt: at, place: { kind: 'address', address: `Gatan ${i}` }, activity: 'vandalism', description: `Iakttagelse ${i}`,
    status: 'open', readAt: null, readBy: null, answer: null,
  };
}

describe('police-liaison: the observation queries are served by indexes', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let store: MongoObservationStore;
  let rec: QueryRecorder<mongo.Collection>;
  let rows: Observation[];

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(database);
    rec = recordQueries(db.collection(OBSERVATIONS_COLLECTION));
    const relay = new OutboxRelay(rec.collection as never, publisher, logger);
    store = new MongoObservationStore(rec.collection as never, relay);
    await Promise.all([store.onInfrastructureReady(), relay.ensureIndexes()]);
    rows = Array.from({ length: 2000 }, (_, i) => seeded(i));
    await inBatches(rows, 100, (o) => store.insert(o, []));
  }, 60_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const hot: Array<[string, () => Promise<unknown>]> = [
    ['observations.ofArea', () => store.ofArea(areaOf(3), 500)],
    ['observations.find', () => store.find(rows[10]!.policeAreaId, rows[10]!.id)],
    ['observations.save', async () => {
      const found = (await store.find(rows[20]!.policeAreaId, rows[20]!.id))!;
      await store.save(markRead(found.observation, 'polis#1', now)!, found.version, []);
    }],
    ['observations.openCounts (overview)', () => store.openCounts(areaOf(4))],
    ['observations.ofReporter (erasure)', () => store.ofReporter(rows[30]!.municipalityId, rows[30]!.reporterId!)],
    ['observations.saveErasure (erasure)', async () => {
      const [found] = await store.ofReporter(rows[31]!.municipalityId, rows[31]!.reporterId!);
      await store.saveErasure({ ...found!.observation, reporterId: null, reporterErased: true }, found!.version);
    }],
  ];

  it.each(hot)('%s', async (label, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, rec, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });
});
