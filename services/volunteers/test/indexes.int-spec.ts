import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxAggregateCollection, OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import type { Volunteer } from '../src/domain/volunteer';
import { CONFIRMATION_LINKS_COLLECTION, MongoConfirmationLinks } from '../src/infrastructure/mongo-confirmation-links';
import { MongoVolunteerStore, VOLUNTEERS_COLLECTION } from '../src/infrastructure/mongo-volunteers';

// Every hot query of the volunteer store is served by an index (issue 10): the store reads and writes one walker by
// _id, finds a sign-up by municipality and email, lists unconfirmed sign-ups for the purge, finds a person's walker records by (municipality, person), and the confirmation links
// by hash (_id), by walker and by expiry; the outbox relay's recovery query needs the relay's own index (created by
// OutboxRelay at start). Seeded through
// the store, then each method runs against a recording collection and every query it sent is explained; a collection
// scan fails with the collection, the query and the plan (libs/testing/src/explain.ts).

const logger = createLogger('vol-index-test', 'silent');
const database = `vol_idx_${randomUUID().slice(0, 8)}`;
const now = new Date('2026-12-01T10:00:00Z');
const publisher = { publish: async () => undefined } as never;
const MUNICIPALITIES = ['ale', 'lilla-edet', 'trollhattan', ...Array.from({ length: 9 }, (_, i) => `kommun-${i + 1}`)];

function seededVolunteer(i: number): Volunteer {
  const signedUpAt = new Date(now.getTime() - (i % 300) * 86_400_000).toISOString();
  return {
    id: randomUUID(),
    municipalityId: MUNICIPALITIES[i % MUNICIPALITIES.length]!,
    personId: randomUUID(),
    name: `Vandrare ${i}`,
    email: `vandrare-${i}@example.se`,
    mobile: i % 2 ? `+4670${1_000_000 + i}` : null,
    smsOptIn: i % 4 === 1,
    language: 'sv',
    birthYear: 1950 + (i % 55),
    organisationId: i % 3 ? `org-${i % 10}` : null,
    status: i % 7 === 0 ? 'onboarding' : i % 11 === 0 ? 'unconfirmed' : 'active',
    statusReason: null,
    signedUpAt,
    confirmation: { requestedAt: signedUpAt, linkExpiresAt: null, confirmedAt: i % 11 === 0 ? null : signedUpAt },
    decidedAt: i % 7 === 0 ? null : signedUpAt,
    erasure: null,
  };
}

describe('volunteers: hot queries are served by indexes', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let volunteers: MongoVolunteerStore;
  let relay: OutboxRelay;
  let rec: QueryRecorder<mongo.Collection>;
  let linkRec: QueryRecorder<mongo.Collection>;
  let links: MongoConfirmationLinks;
  let seeded: Volunteer[];

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(database);
    rec = recordQueries(db.collection(VOLUNTEERS_COLLECTION));
    relay = new OutboxRelay(rec.collection as never, publisher, logger);
    volunteers = new MongoVolunteerStore(new OutboxAggregateCollection<Volunteer>(rec.collection as never, relay), rec.collection as never);
    linkRec = recordQueries(db.collection(CONFIRMATION_LINKS_COLLECTION));
    links = new MongoConfirmationLinks(linkRec.collection as never);
    // The relay and the stores create their indexes when the service starts.
    await relay.ensureIndexes();
    await volunteers.ensureIndexes();
    await links.ensureIndexes();
    seeded = Array.from({ length: 1500 }, (_, i) => seededVolunteer(i));
    await inBatches(seeded, 100, (v) => volunteers.insert(v, []));
    await inBatches(seeded, 100, (v) =>
      links.insert({ hash: `${v.id}-hash`, volunteerId: v.id, municipalityId: v.municipalityId, createdAt: now, expiresAt: new Date(Date.parse(v.signedUpAt) + 7 * 86_400_000), usedAt: null }),
    );
    await db.collection(VOLUNTEERS_COLLECTION).updateMany({ _id: { $in: seeded.slice(1, 4).map((v) => v.id) } } as never, { $set: { outboxPending: true, outboxLeaseUntil: 0 } });
  }, 60_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const v = (i: number) => seeded[i]!;
  const hot: Array<[string, () => Promise<unknown>]> = [
    ['volunteers.change', () => volunteers.change(v(10).municipalityId, v(10).id, (current) => ({ next: { ...current, status: 'active', decidedAt: now.toISOString() }, events: [] }))],
    ['volunteers.findById', () => volunteers.findById(v(12).id)],
    ['volunteers.findByEmail', () => volunteers.findByEmail(v(13).municipalityId, v(13).email!)],
    ['volunteers.listUnconfirmedRequestedBefore', () => volunteers.listUnconfirmedRequestedBefore(new Date(now.getTime() - 21 * 86_400_000), 100)],
    ['volunteers.ofPerson', () => volunteers.ofPerson(v(11).municipalityId, v(11).personId)],
    ['volunteers: OutboxRelay.recoverOnce', () => relay.recoverOnce()],
  ];
  const hotLinks: Array<[string, () => Promise<unknown>]> = [
    ['links.findByHash', () => links.findByHash(`${v(20).id}-hash`)],
    ['links.markUsed', () => links.markUsed(`${v(21).id}-hash`, now)],
    ['links.deleteForVolunteer', () => links.deleteForVolunteer(v(22).id)],
    ['links.purgeExpiredBefore', () => links.purgeExpiredBefore(new Date(now.getTime() - 200 * 86_400_000))],
  ];

  it.each(hotLinks)('%s', async (label, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, linkRec, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });

  it.each(hot)('%s', async (label, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, rec, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });
});
