import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import { caseIdFor, type PoliceCase } from '../src/domain/police-case';
import { CASES_COLLECTION, MongoCaseStore } from '../src/infrastructure/mongo-cases';
import { schedule, type StartMeeting } from '../src/domain/start-meeting';
import { GROUPS_COLLECTION, MEETING_STEPS_COLLECTION, MEETINGS_COLLECTION, MongoContactPersonNames, MongoMeetingStepStore, MongoMeetingStore } from '../src/infrastructure/mongo-start-meetings';
import { MongoGroupProjection, PARKED_GROUP_FACTS_COLLECTION } from '../src/infrastructure/mongo-group-projection';

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

describe('police-liaison start meetings: hot queries are served by indexes', () => {
  const startDb = `${database}_sm`;
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let meetings: MongoMeetingStore;
  let groups: MongoGroupProjection;
  let steps: MongoMeetingStepStore;
  let names: MongoContactPersonNames;
  let recs: Array<QueryRecorder<mongo.Collection>>;
  let seeded: StartMeeting[];
  const nominations = Array.from({ length: 1500 }, () => ({ nominationId: randomUUID(), personId: randomUUID() }));

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(startDb);
    recs = [MEETINGS_COLLECTION, GROUPS_COLLECTION, MEETING_STEPS_COLLECTION, CASES_COLLECTION, PARKED_GROUP_FACTS_COLLECTION].map((n) => recordQueries(db.collection(n)));
    const [m, g, st, cs, parked] = recs.map((r) => r.collection);
    meetings = new MongoMeetingStore(m as never, new OutboxRelay(m as never, publisher, logger));
    groups = new MongoGroupProjection(g as never, parked as never);
    steps = new MongoMeetingStepStore(st as never, new OutboxRelay(st as never, publisher, logger));
    names = new MongoContactPersonNames(cs as never);
    await Promise.all([meetings.onInfrastructureReady(), groups.onInfrastructureReady(), steps.onInfrastructureReady(), new MongoCaseStore(cs as never, new OutboxRelay(cs as never, publisher, logger)).ensureIndexes()]);
    seeded = nominations.map((n, i) => {
      const meeting = schedule({ id: randomUUID(), municipalityId: MUNICIPALITIES[i % MUNICIPALITIES.length]!, groupId: randomUUID(), policeAreaId: areaOf(i), proposedBy: { kind: 'police', subject: 'p' }, startsAt: new Date(now.getTime() + DAY).toISOString(), endsAt: new Date(now.getTime() + DAY + 3_600_000).toISOString(), place: `Plats ${i}` }, now);
      return { ...meeting, invitations: [{ personId: n.personId, tokenHash: `hash-${i}`, expiresAt: meeting.endsAt }] };
    });
    await inBatches(seeded, 100, (m) => meetings.insert(m, []));
    await inBatches(seeded.map((m, i) => ({ m, i })), 100, ({ m, i }) => groups.record({ groupId: m.groupId, municipalityId: m.municipalityId, areaId: 'centrum', policeAreaId: m.policeAreaId }, nominations[i]!));
    // Decisions that came before their nominations (parked).
    await inBatches(nominations.slice(0, 200), 100, (n) => groups.park(n.nominationId, { kind: 'nomination-decided', at: now.toISOString(), nominationId: n.nominationId, outcome: 'approved' }));
    await inBatches(seeded.map((m, i) => ({ m, i })), 100, ({ m, i }) =>
      steps.insert({ id: `${randomUUID()}:start-meeting:1`, municipalityId: m.municipalityId, instanceId: randomUUID(), stepId: 'start-meeting', attempt: 1, nominationId: nominations[i]!.nominationId, personId: nominations[i]!.personId, status: i % 4 ? 'answered' : 'pending', answeredBy: null }, []),
    );
    await inBatches(seeded.map((m, i) => ({ m, i })), 100, async ({ m, i }) => {
      await db.collection(CASES_COLLECTION).insertOne({ _id: randomUUID(), municipalityId: m.municipalityId, policeAreaId: m.policeAreaId, status: 'decided', subject: { kind: 'contact-person', id: nominations[i]!.nominationId, personId: nominations[i]!.personId }, subjectFields: { name: `Person ${i}` }, openedAt: now.toISOString(), version: 1 } as never);
    });
  }, 120_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const m = (i: number) => seeded[i]!;
  // [label, the collection's recorder (0 start_meetings, 1 groups, 2 meeting_steps, 3 cases), the call]
  const hot: Array<[string, number, () => Promise<unknown>]> = [
    ['meetings.find', 0, () => meetings.find(m(7).id)],
    ['meetings.ofGroup', 0, () => meetings.ofGroup(m(8).groupId)],
    ['meetings.byTokenHash', 0, () => meetings.byTokenHash('hash-9')],
    ['meetings.change', 0, () => meetings.change(m(10).id, (current) => ({ meeting: { ...current, place: 'Ny plats' }, events: [], result: true }))],
    ['groups.find', 1, () => groups.find(m(11).groupId)],
    ['groups.byNomination', 1, () => groups.byNomination(nominations[12]!.nominationId)],
    ['groups.record', 1, () => groups.record({ groupId: m(13).groupId, municipalityId: m(13).municipalityId, areaId: 'centrum', policeAreaId: m(13).policeAreaId }, nominations[13]!)],
    ['groups.ofPoliceArea (overview)', 1, () => groups.ofPoliceArea(m(17).policeAreaId)],
    ['groups.ofPerson (erasure)', 1, () => groups.ofPerson(m(18).municipalityId, nominations[18]!.personId)],
    ['groups.groupOfNomination', 1, () => groups.groupOfNomination(nominations[19]!.nominationId)],
    ['groups.change', 1, () => groups.change(m(21).groupId, m(21).municipalityId, (g) => ({ ...g, status: 'active', snapshotStatus: 'active', snapshotAt: now.toISOString() }))],
    ['groups.takeParked', 4, () => groups.takeParked(nominations[22]!.nominationId)],
    ['meetings.idsOfPerson (erasure)', 0, () => meetings.idsOfPerson(m(23).municipalityId, nominations[23]!.personId)],
    ['steps.forgetPerson (erasure)', 2, () => steps.forgetPerson(m(24).municipalityId, randomUUID())],
    ['steps.pendingOf', 2, () => steps.pendingOf(m(16).municipalityId, [nominations[16]!.nominationId, nominations[20]!.nominationId])],
    ['steps.markAnswered', 2, () => steps.markAnswered(['x:start-meeting:1'], 'p')],
    ['names.of (cases)', 3, () => names.of(m(14).municipalityId, nominations[14]!.personId)],
  ];

  it.each(hot)('%s', async (label, which, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, recs[which]!, label, run);
    expect(checked.every((x) => x.verdict.kind === 'index')).toBe(true);
  });
});
