import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxAggregateCollection, OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import { type Finding, recordFinding } from '../src/domain/finding';
import { planRound, type Round } from '../src/domain/round';
import { FINDING_PHOTOS_COLLECTION, FINDINGS_COLLECTION, MongoFindingPhotos, MongoFindingStore, MongoRoundLinks, MongoRoundStore, ROUND_LINKS_COLLECTION, ROUNDS_COLLECTION } from '../src/infrastructure/mongo-rounds';

// Every hot query of the safety rounds is served by an index: a round by _id (in its municipality) and the
// municipality's rounds by date, a finding by _id and a round's findings, a link by its hash (_id), a photo by the
// finding's id (_id; `put` is a replaceOne by _id, which the recorder does not see); the findings' outbox relay's recovery query needs the relay's own index. Seeded through the
// stores, then each method runs against a recording collection and every query it sent is explained; a collection
// scan fails with the collection, the query and the plan (libs/testing/src/explain.ts).

const logger = createLogger('rounds-index-test', 'silent');
const database = `rounds_idx_${randomUUID().slice(0, 8)}`;
const now = new Date('2026-12-01T10:00:00Z');
const MUNICIPALITIES = ['ale', 'lilla-edet', 'trollhattan', ...Array.from({ length: 9 }, (_, i) => `kommun-${i + 1}`)];

describe('safety rounds: hot queries are served by indexes', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let rounds: MongoRoundStore;
  let findings: MongoFindingStore;
  let links: MongoRoundLinks;
  let photos: MongoFindingPhotos;
  let relay: OutboxRelay;
  const recorders: Record<string, QueryRecorder<mongo.Collection>> = {};
  let seededRounds: Round[];
  let seededFindings: Finding[];

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(database);
    for (const name of [ROUNDS_COLLECTION, FINDINGS_COLLECTION, ROUND_LINKS_COLLECTION, FINDING_PHOTOS_COLLECTION]) recorders[name] = recordQueries(db.collection(name));
    const findingsCollection = recorders[FINDINGS_COLLECTION]!.collection;
    relay = new OutboxRelay(findingsCollection as never, { publish: async () => undefined } as never, logger);
    rounds = new MongoRoundStore(recorders[ROUNDS_COLLECTION]!.collection as never);
    findings = new MongoFindingStore(new OutboxAggregateCollection<Finding>(findingsCollection as never, relay), findingsCollection as never);
    links = new MongoRoundLinks(recorders[ROUND_LINKS_COLLECTION]!.collection as never);
    photos = new MongoFindingPhotos(recorders[FINDING_PHOTOS_COLLECTION]!.collection as never);
    await relay.ensureIndexes();
    await rounds.ensureIndexes();
    await findings.ensureIndexes();
    seededRounds = Array.from({ length: 600 }, (_, i) =>
      planRound(randomUUID(), MUNICIPALITIES[i % MUNICIPALITIES.length]!, { district: `Område ${i % 40}`, plannedDate: new Date(now.getTime() - (i % 700) * 86_400_000).toISOString().slice(0, 10), meetingPoint: 'Torget' }, 's', now),
    );
    await inBatches(seededRounds, 100, (r) => rounds.insert(r));
    seededFindings = seededRounds.flatMap((r, i) =>
      Array.from({ length: 3 }, (_, j) => recordFinding(randomUUID(), r, { place: { kind: 'address', address: `Gatan ${j}` }, category: 'lighting', description: `Brist ${i}-${j}`, responsibleOrganisation: 'Gatu' }, { kind: 'coordinator', subject: 's' }, now)),
    );
    await inBatches(seededFindings, 100, (f) => findings.insert(f, []));
    await inBatches(seededFindings.slice(0, 300), 100, (f) =>
      links.insert({ hash: `${f.id}-hash`, kind: 'owner', municipalityId: f.municipalityId, roundId: f.roundId, participantId: null, findingId: f.id, assignedAt: null, createdAt: now, expiresAt: now, usedAt: null }),
    );
    await inBatches(seededFindings.slice(0, 50), 25, (f) => photos.put(f.municipalityId, f.id, 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xd9])));
  }, 90_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const r = (i: number) => seededRounds[i]!;
  const f = (i: number) => seededFindings[i]!;
  const hot: Array<[string, string, () => Promise<unknown>]> = [
    ['rounds.find', ROUNDS_COLLECTION, () => rounds.find(r(10).municipalityId, r(10).id)],
    ['rounds.change', ROUNDS_COLLECTION, () => rounds.change(r(11).municipalityId, r(11).id, (current) => ({ ...current, meetingPoint: 'Stationen' }))],
    ['rounds.list', ROUNDS_COLLECTION, () => rounds.list(r(12).municipalityId)],
    ['findings.find', FINDINGS_COLLECTION, () => findings.find(f(20).municipalityId, f(20).id)],
    ['findings.change', FINDINGS_COLLECTION, () => findings.change(f(21).municipalityId, f(21).id, (current) => ({ next: { ...current, description: 'Ändrad' }, events: [] }))],
    ['findings.ofRound', FINDINGS_COLLECTION, () => findings.ofRound(r(13).municipalityId, r(13).id)],
    ['findings: OutboxRelay.recoverOnce', FINDINGS_COLLECTION, () => relay.recoverOnce()],
    ['links.findByHash', ROUND_LINKS_COLLECTION, () => links.findByHash(`${f(30).id}-hash`)],
    ['photos.get', FINDING_PHOTOS_COLLECTION, () => photos.get(f(31).municipalityId, f(31).id)],
  ];

  it.each(hot)('%s', async (label, collection, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, recorders[collection]!, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });
});
