import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import type { AuditEntry } from '../src/application/ports';
import { addMember, createGroup, type Group } from '../src/domain/group';
import type { LinkKind, LinkToken } from '../src/domain/link-token';
import { anonymise, type Registration, requestErasure, submitRegistration } from '../src/domain/registration';
import { MongoAuditLog } from '../src/infrastructure/mongo-audit-log';
import { staffActor } from '../src/application/audit-actors';
import { GROUPS_COLLECTION, MongoGroups } from '../src/infrastructure/mongo-groups';
import { MongoLinkTokens } from '../src/infrastructure/mongo-link-tokens';
import { MongoRegistrations, REGISTRATIONS_COLLECTION } from '../src/infrastructure/mongo-registrations';

// Every hot query of enrolment's repositories is served by an index (issue 10). Indexes come from the repositories'
// own ensureIndexes (as at service start) on a fresh database; a few thousand realistic documents are written through
// the repositories; then each repository method runs against a recording collection and every query it sent is
// explained: a collection scan (MongoDB COLLSCAN, PostgreSQL Seq Scan on FerretDB 2) fails with the collection, the
// query and the plan. See libs/testing/src/explain.ts.

const logger = createLogger('enr-index-test', 'silent');
const database = `enr_idx_${randomUUID().slice(0, 8)}`;
const now = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400_000;
const publisher = { publish: async () => undefined } as never;
// A shared deployment serves many municipalities; a municipality's lists are a small part of each collection.
const MUNICIPALITIES = ['ale', 'lilla-edet', 'trollhattan', ...Array.from({ length: 9 }, (_, i) => `kommun-${i + 1}`)];
const municipalityOf = (i: number) => MUNICIPALITIES[i % MUNICIPALITIES.length]!;

function registrationAt(i: number, at: Date): Registration {
  return submitRegistration(
    {
      municipalityId: municipalityOf(i),
      name: `Boende ${i}`,
      email: `boende-${i}@example.se`,
      mobile: i % 3 === 0 ? `+4670${String(1_000_000 + i)}` : null,
      smsOptIn: i % 6 === 0,
      language: i % 10 === 0 ? 'en' : 'sv',
      address: { street: `Gata ${i % 40}`, number: String(i), postcode: '449 30', city: null },
      coordinates: null,
      intent: 'join',
      protectedIdentity: false,
    },
    { registrationId: randomUUID(), personId: randomUUID(), memberId: randomUUID() },
    at,
  );
}

/** Most registrations are confirmed and placed; a few wait (submitted, triage, pending), some are erased. */
function seededRegistration(i: number): Registration {
  const r = registrationAt(i, new Date(now.getTime() - (i % 700) * DAY));
  const placed: Registration = { ...r, status: 'confirmed', confirmedAt: r.submittedAt, placement: { kind: 'placed', areaId: `area-${i % 30}`, groupId: `group-${i % 400}` } };
  switch (i % 100) {
    case 0:
      return { ...r, status: 'confirmed', confirmedAt: r.submittedAt, placement: { kind: 'triage' } };
    case 1:
      return { ...r, status: 'confirmed', confirmedAt: r.submittedAt, placement: { kind: 'pending' } };
    case 2:
    case 3:
      return r; // submitted, confirmation requested at various times
    case 4:
    case 5:
    case 6:
      return anonymise(requestErasure(placed, { mode: 'keep-days', keepDays: 30 }, new Date(now.getTime() - 60 * DAY)), new Date(now.getTime() - 30 * DAY));
    case 7:
      return requestErasure(placed, { mode: 'keep-days', keepDays: 30 }, new Date(now.getTime() - (i % 2 ? 40 : 5) * DAY)); // due / not yet due
    default:
      return placed;
  }
}

function seededGroup(i: number): Group {
  const municipalityId = municipalityOf(i);
  let group = createGroup({ id: randomUUID(), municipalityId, areaId: `area-${i % 30}`, name: `Grupp ${i}` }, new Date(now.getTime() - (i % 900) * DAY), 'test');
  for (let m = 0; m < 6; m++) {
    group = addMember(group, { memberId: randomUUID(), personId: randomUUID(), registrationId: randomUUID(), address: { street: `Gata ${i}`, number: String(m + 1), postcode: '449 30' } }, now, 'test').group;
  }
  const active = i % 5 !== 0;
  return {
    ...group,
    status: active ? 'active' : 'forming',
    nominationIds: i % 4 === 0 ? [randomUUID()] : [],
    activityCheck: active && i % 3 === 0 ? { checkId: randomUUID(), startedAt: now, remindersSent: 0, lastSentAt: now, answeredAt: null, answer: null, flaggedAt: null } : null,
  };
}

function seededToken(i: number, registration: Registration): LinkToken {
  const kinds: LinkKind[] = ['confirmation', 'self-service', 'activity-check'];
  const kind = kinds[i % 3]!;
  const createdAt = new Date(now.getTime() - (i % 60) * DAY);
  // Housekeeping removes tokens 30 days after expiry, every few minutes: only the latest few are past that.
  const expiresAt = new Date(i % 200 === 0 ? now.getTime() - 31 * DAY : createdAt.getTime() + 30 * DAY);
  return { hash: randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, ''), kind, municipalityId: registration.municipalityId, personId: registration.personId, registrationId: kind === 'activity-check' ? null : registration.id, createdAt, expiresAt, usedAt: i % 2 ? createdAt : null };
}

describe('enrolment: hot queries are served by indexes', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let registrations: MongoRegistrations;
  let groups: MongoGroups;
  let tokens: MongoLinkTokens;
  let audit: MongoAuditLog;
  let registrationRelay: OutboxRelay;
  let groupRelay: OutboxRelay;
  const rec: Record<'registrations' | 'groups' | 'tokens' | 'audit', QueryRecorder<mongo.Collection>> = {} as never;
  let seeded: { registrations: Registration[]; groups: Group[]; tokens: LinkToken[] };

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(database);
    rec.registrations = recordQueries(db.collection(REGISTRATIONS_COLLECTION));
    rec.groups = recordQueries(db.collection(GROUPS_COLLECTION));
    rec.tokens = recordQueries(db.collection('link_tokens'));
    rec.audit = recordQueries(db.collection('audit_trail'));
    registrationRelay = new OutboxRelay(rec.registrations.collection as never, publisher, logger);
    groupRelay = new OutboxRelay(rec.groups.collection as never, publisher, logger);
    registrations = MongoRegistrations.create(rec.registrations.collection as never, registrationRelay);
    groups = new MongoGroups(rec.groups.collection as never, groupRelay);
    tokens = new MongoLinkTokens(rec.tokens.collection as never);
    audit = new MongoAuditLog(rec.audit.collection as never);
    // As the service does at start (the stores' onInfrastructureReady, run by ServiceLifecycle), on an empty database.
    await Promise.all([registrations.ensureIndexes(), groups.ensureIndexes(), tokens.ensureIndexes(), audit.ensureIndexes(), registrationRelay.ensureIndexes(), groupRelay.ensureIndexes()]);

    seeded = { registrations: Array.from({ length: 2400 }, (_, i) => seededRegistration(i)), groups: Array.from({ length: 600 }, (_, i) => seededGroup(i)), tokens: [] };
    seeded.tokens = seeded.registrations.map((r, i) => seededToken(i, r));
    await inBatches(seeded.registrations, 100, (r) => registrations.insert(r, []));
    await inBatches(seeded.groups, 100, (g) => groups.insert(g, []));
    await inBatches(seeded.tokens, 100, (t) => tokens.insert(t));
    const entries: AuditEntry[] = seeded.registrations.slice(0, 1200).map((r, i) => ({ municipalityId: r.municipalityId, actor: staffActor({ subject: `https://idp.example/ale#staff-${i % 5}`, name: `staff-${i % 5}` }, r.municipalityId), action: 'registration-placed', subject: { kind: i % 2 ? 'registration' : 'person', id: i % 2 ? r.id : r.personId }, details: { note: null } }));
    await inBatches(entries, 100, (e) => audit.record(e));
    // A few documents whose events a dead process left unpublished (the relay's recovery query finds them).
    for (const [name, ids] of [[REGISTRATIONS_COLLECTION, seeded.registrations.slice(0, 5).map((r) => r.id)], [GROUPS_COLLECTION, seeded.groups.slice(0, 3).map((g) => g.id)]] as const) {
      await db.collection(name).updateMany({ _id: { $in: [...ids] } } as never, { $set: { outboxPending: true, outboxLeaseUntil: 0 } });
    }
  }, 60_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const r = (i: number) => seeded.registrations[i]!;
  const g = (i: number) => seeded.groups[i]!;
  const hot: Array<[string, keyof typeof rec, () => Promise<unknown>]> = [
    ['registrations.findById', 'registrations', () => registrations.findById(r(10).municipalityId, r(10).id)],
    ['registrations.findManyByIds', 'registrations', () => registrations.findManyByIds(r(10).municipalityId, [r(10).id, r(22).id])],
    ['registrations.findByIdAcrossMunicipalities', 'registrations', () => registrations.findByIdAcrossMunicipalities(r(11).id)],
    ['registrations.findByDedupeKey', 'registrations', () => registrations.findByDedupeKey(r(12).municipalityId, r(12).dedupeKey)],
    ['registrations.findByPerson', 'registrations', () => registrations.findByPerson(r(13).municipalityId, r(13).personId)],
    ['registrations.findByMemberId', 'registrations', () => registrations.findByMemberId(r(14).municipalityId, r(14).memberId)],
    ['registrations.findByPersonAcrossMunicipalities', 'registrations', () => registrations.findByPersonAcrossMunicipalities(r(15).personId)],
    ['registrations.findLiveByEmail', 'registrations', () => registrations.findLiveByEmail(r(16).municipalityId, r(16).email)],
    ['registrations.listTriage', 'registrations', () => registrations.listTriage('ale')],
    ['registrations.listPendingPlacement', 'registrations', () => registrations.listPendingPlacement('ale')],
    ['registrations.listDueForAnonymisation', 'registrations', () => registrations.listDueForAnonymisation('ale', now)],
    ['registrations.listUnconfirmedRequestedBefore', 'registrations', () => registrations.listUnconfirmedRequestedBefore('ale', new Date(now.getTime() - 30 * DAY), 100)],
    ['registrations.update', 'registrations', () => registrations.update(r(17).municipalityId, r(17).id, (current) => ({ next: { ...current, name: 'Ändrat Namn' }, events: [] }))],
    ['registrations: OutboxRelay.recoverOnce', 'registrations', () => registrationRelay.recoverOnce()],
    ['groups.findById', 'groups', () => groups.findById(g(20).municipalityId, g(20).id)],
    ['groups.findByRegistration', 'groups', () => groups.findByRegistration(g(21).municipalityId, g(21).registrationIds[2]!)],
    ['groups.findByNomination', 'groups', () => groups.findByNomination(g(24).municipalityId, g(24).nominationIds[0]!)],
    ['groups.findByPerson', 'groups', () => groups.findByPerson(g(22).municipalityId, Object.values(g(22).members)[1]!.personId)],
    ['groups.findByActivityCheckAcrossMunicipalities', 'groups', () => groups.findByActivityCheckAcrossMunicipalities(g(21).activityCheck!.checkId)],
    ['groups.list (municipality)', 'groups', () => groups.list('ale', {})],
    ['groups.list (area, status)', 'groups', () => groups.list('ale', { areaId: 'area-12', status: 'active' })],
    ['groups.update', 'groups', () => groups.update(g(23).municipalityId, g(23).id, (current) => ({ next: { ...current, householdCount: 40 }, events: [] }))],
    ['groups: OutboxRelay.recoverOnce', 'groups', () => groupRelay.recoverOnce()],
    ['link_tokens.findByHash', 'tokens', () => tokens.findByHash(seeded.tokens[30]!.hash)],
    ['link_tokens.markUsed', 'tokens', () => tokens.markUsed(seeded.tokens[30]!.hash, now)],
    ['link_tokens.revokeForPerson', 'tokens', () => tokens.revokeForPerson(seeded.tokens[31]!.municipalityId, seeded.tokens[31]!.personId)],
    ['link_tokens.latestConfirmationExpiry', 'tokens', () => tokens.latestConfirmationExpiry(r(33).municipalityId, r(33).id)],
    ['link_tokens.purgeExpiredBefore', 'tokens', () => tokens.purgeExpiredBefore(new Date(now.getTime() - 30 * DAY))],
    ['audit.list', 'audit', () => audit.find({ municipalityId: r(41).municipalityId, subjectId: r(41).id, limit: 100 })],
  ];

  it.each(hot)('%s', async (label, recorder, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, rec[recorder], label, run);
    expect(checked.every((c) => c.verdict.kind === 'index')).toBe(true);
  });
});
