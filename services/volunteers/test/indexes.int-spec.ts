import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxAggregateCollection, OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import type { Volunteer } from '../src/domain/volunteer';
import type { Walk } from '../src/domain/walk';
import { CONFIRMATION_LINKS_COLLECTION, MongoConfirmationLinks } from '../src/infrastructure/mongo-confirmation-links';
import { MongoVolunteerStore, VOLUNTEERS_COLLECTION } from '../src/infrastructure/mongo-volunteers';
import { MongoWalkerLinks, WALKER_LINKS_COLLECTION } from '../src/infrastructure/mongo-walker-links';
import { MongoWalkStore, WALKS_COLLECTION } from '../src/infrastructure/mongo-walks';

// Every hot query of the volunteer store is served by an index (issue 10): the store reads and writes one walker by
// _id, finds a sign-up by municipality and email, lists unconfirmed sign-ups for the purge, finds a person's walker records by (municipality, person), and the confirmation links
// by hash (_id), by walker and by expiry; the outbox relay's recovery query needs the relay's own index (created by
// OutboxRelay at start). Seeded through
// the store, then each method runs against a recording collection and every query it sent is explained; a collection
// scan fails with the collection, the query and the plan (libs/testing/src/explain.ts). Walks: one walk by _id (the
// bookings' conditional writes), a municipality's walks of a period, the understaffed job's due walks; walker links by
// hash (_id) and by expiry; the walks a walker booked (the erasure).

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

function seededWalk(i: number): Walk {
  const startsAt = new Date(now.getTime() + ((i % 200) - 50) * 43_200_000);
  return {
    id: randomUUID(),
    municipalityId: MUNICIPALITIES[i % MUNICIPALITIES.length]!,
    organisationId: `org-${i % 4}`,
    seriesId: i % 2 ? randomUUID() : null,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
    meetingPoint: 'Busstationen',
    minWalkers: 3,
    maxWalkers: 6,
    status: i % 13 === 0 ? 'cancelled' : startsAt < now ? 'held' : 'scheduled',
    bookings: [],
    log: [],
    debrief: null,
    understaffedAt: i % 5 === 0 ? now.toISOString() : null,
    cancellation: null,
    createdAt: now.toISOString(),
    createdBy: 'idp#samordnare',
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
  let walkRec: QueryRecorder<mongo.Collection>;
  let walks: MongoWalkStore;
  let walkerLinkRec: QueryRecorder<mongo.Collection>;
  let walkerLinks: MongoWalkerLinks;
  let seededWalks: Walk[];

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
    walkRec = recordQueries(db.collection(WALKS_COLLECTION));
    walks = new MongoWalkStore(new OutboxAggregateCollection<Walk>(walkRec.collection as never, relay), walkRec.collection as never);
    walkerLinkRec = recordQueries(db.collection(WALKER_LINKS_COLLECTION));
    walkerLinks = new MongoWalkerLinks(walkerLinkRec.collection as never);
    await walks.ensureIndexes();
    await walkerLinks.ensureIndexes();
    seededWalks = Array.from({ length: 1500 }, (_, i) => seededWalk(i));
    await inBatches(seededWalks, 100, (w) => walks.insert(w, []));
    seeded = Array.from({ length: 1500 }, (_, i) => seededVolunteer(i));
    await inBatches(seeded, 100, (v) => volunteers.insert(v, []));
    await inBatches(seeded, 100, (v) =>
      links.insert({ hash: `${v.id}-hash`, volunteerId: v.id, municipalityId: v.municipalityId, createdAt: now, expiresAt: new Date(Date.parse(v.signedUpAt) + 7 * 86_400_000), usedAt: null }),
    );
    await inBatches(seeded, 100, (v) => walkerLinks.insert({ hash: `${v.id}-walks`, volunteerId: v.id, municipalityId: v.municipalityId, createdAt: now, expiresAt: new Date(Date.parse(v.signedUpAt) + 30 * 86_400_000) }));
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
    ['volunteers.listSignedUp', () => volunteers.listSignedUp('ale', 500)],
    ['volunteers.listActive', () => volunteers.listActive('ale', ['kyrkan', null], 2000)],
    ['volunteers: OutboxRelay.recoverOnce', () => relay.recoverOnce()],
  ];
  const hotLinks: Array<[string, () => Promise<unknown>]> = [
    ['links.findByHash', () => links.findByHash(`${v(20).id}-hash`)],
    ['links.markUsed', () => links.markUsed(`${v(21).id}-hash`, now)],
    ['links.deleteForVolunteer', () => links.deleteForVolunteer(v(22).id)],
    ['links.purgeExpiredBefore', () => links.purgeExpiredBefore(new Date(now.getTime() - 200 * 86_400_000))],
  ];

  const w = (i: number) => seededWalks[i]!;
  const hotWalks: Array<[string, () => Promise<unknown>]> = [
    ['walks.change', () => walks.change(w(30).municipalityId, w(30).id, (current) => ({ next: { ...current, debrief: 'lugnt' }, events: [], result: true }))],
    ['walks.findById', () => walks.findById(w(31).municipalityId, w(31).id)],
    ['walks.list', () => walks.list('ale', now, new Date(now.getTime() + 14 * 86_400_000), 500)],
    ['walks.dueForStaffingCheck', () => walks.dueForStaffingCheck(now, new Date(now.getTime() + 2 * 86_400_000), 500)],
    ['walks.scheduledStartingBetween', () => walks.scheduledStartingBetween(now, new Date(now.getTime() + 2 * 86_400_000), 500)],
    ['walks.bookedBy', () => walks.bookedBy('ale', v(41).id)],
  ];
  const hotWalkerLinks: Array<[string, () => Promise<unknown>]> = [
    ['walkerLinks.findByHash', () => walkerLinks.findByHash(`${v(40).id}-walks`)],
    ['walkerLinks.purgeExpiredBefore', () => walkerLinks.purgeExpiredBefore(new Date(now.getTime() - 200 * 86_400_000))],
  ];

  it.each(hotWalks)('%s', async (label, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, walkRec, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });

  it.each(hotWalkerLinks)('%s', async (label, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, walkerLinkRec, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });

  it.each(hotLinks)('%s', async (label, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, linkRec, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });

  it.each(hot)('%s', async (label, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, rec, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });
});
