import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import type { AuditEntry } from '../src/application/ports';
import type { SubjectKind } from '../src/domain/definition';
import type { Instance, InstanceStatus, StepState } from '../src/domain/engine';
import { AUDIT_COLLECTION, DECISIONS_COLLECTION, MongoAuditLog } from '../src/infrastructure/mongo-audit-log';
import { INSTANCES_COLLECTION, MongoInstanceRepository } from '../src/infrastructure/mongo-instances';

// Every hot query of onboarding's repositories is served by an index (issue 10): indexes from the repositories' own
// ensureIndexes (as at service start) on a fresh database, a few thousand realistic documents written through the
// repositories, then each method runs against a recording collection and every query it sent is explained; a
// collection scan fails with the collection, the query and the plan. See libs/testing/src/explain.ts.

const logger = createLogger('onb-index-test', 'silent');
const database = `onb_idx_${randomUUID().slice(0, 8)}`;
const now = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400_000;
const publisher = { publish: async () => undefined } as never;
const MUNICIPALITIES = ['ale', 'lilla-edet', 'trollhattan', ...Array.from({ length: 9 }, (_, i) => `kommun-${i + 1}`)];
const municipalityOf = (i: number) => MUNICIPALITIES[i % MUNICIPALITIES.length]!;
const KINDS: SubjectKind[] = ['member', 'member', 'member', 'contact-person', 'volunteer'];

function step(id: string, type: string, status: StepState['status'], at: string): StepState {
  return { id, type, status, attempt: 1, firstRequestedAt: at, waitingSince: status === 'pending' ? at : null, answeredAt: status === 'pending' ? null : at, remindersSent: 0, outcome: status === 'approved' ? 'approved' : null, reason: null, actor: null, evidence: null };
}

/** Most instances are finished; a fifth run, and of those a few are due for a reminder or timeout now. */
function seededInstance(i: number): { instance: Instance; nextDueAt: Date | null } {
  const startedAt = new Date(now.getTime() - (i % 400) * DAY).toISOString();
  const status: InstanceStatus = i % 5 === 0 ? 'running' : i % 11 === 0 ? 'rejected' : i % 17 === 0 ? 'withdrawn' : 'approved';
  const running = status === 'running';
  const instance: Instance = {
    id: randomUUID(),
    municipalityId: municipalityOf(i),
    kind: KINDS[i % KINDS.length]!,
    processVersion: 1 + (i % 3),
    subject: { kind: KINDS[i % KINDS.length]!, id: randomUUID(), personId: randomUUID() },
    subjectFields: { name: `Person ${i}` },
    policeAreaId: i % 2 ? `polisomrade-${i % 6}` : null,
    status,
    currentStepId: running ? 'police-approval' : null,
    steps: [step('email-verification', 'email-verification', 'approved', startedAt), step('police-approval', 'police-approval', running ? 'pending' : 'approved', startedAt)],
    timeline: [{ at: startedAt, what: 'started', stepId: null }],
    startedAt,
    completedAt: running ? null : startedAt,
  };
  const nextDueAt = running ? new Date(now.getTime() + (i % 50 === 0 ? -DAY : (1 + (i % 20)) * DAY)) : null;
  return { instance, nextDueAt };
}

describe('onboarding: hot queries are served by indexes', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let instances: MongoInstanceRepository;
  let audit: MongoAuditLog;
  let instanceRelay: OutboxRelay;
  let decisionsRelay: OutboxRelay;
  const rec: Record<'instances' | 'decisions' | 'audit', QueryRecorder<mongo.Collection>> = {} as never;
  let seeded: Array<{ instance: Instance; nextDueAt: Date | null }>;
  let entries: AuditEntry[];

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(database);
    rec.instances = recordQueries(db.collection(INSTANCES_COLLECTION));
    rec.decisions = recordQueries(db.collection(DECISIONS_COLLECTION));
    rec.audit = recordQueries(db.collection(AUDIT_COLLECTION));
    instanceRelay = new OutboxRelay(rec.instances.collection as never, publisher, logger);
    decisionsRelay = new OutboxRelay(rec.decisions.collection as never, publisher, logger);
    instances = new MongoInstanceRepository(rec.instances.collection as never, instanceRelay);
    audit = new MongoAuditLog(rec.decisions.collection as never, decisionsRelay, rec.audit.collection as never);
    // As the service does at start (the stores' onInfrastructureReady, run by ServiceLifecycle), on an empty database.
    await Promise.all([instances.ensureIndexes(), audit.ensureIndexes(), instanceRelay.ensureIndexes(), decisionsRelay.ensureIndexes()]);

    seeded = Array.from({ length: 2000 }, (_, i) => seededInstance(i));
    await inBatches(seeded, 100, ({ instance, nextDueAt }) => instances.insert(instance, [], nextDueAt));
    entries = seeded.slice(0, 1500).map(({ instance }, i) => ({
      id: randomUUID(),
      municipalityId: instance.municipalityId,
      instanceId: instance.id,
      stepId: 'police-approval',
      stepType: 'police-approval',
      attempt: 1,
      action: 'answer',
      outcome: 'approved',
      reason: null,
      actor: { kind: 'police', id: `officer-${i % 20}` },
      by: { subject: `system:police-liaison-${i % 20}`, name: 'police-liaison', role: 'system', scope: instance.municipalityId },
      evidence: null,
      at: now,
    }));
    await inBatches(entries, 100, (entry) => audit.record(entry, []));
    // A few documents whose events a dead process left unpublished (the relays' recovery query finds them).
    await db.collection(INSTANCES_COLLECTION).updateMany({ _id: { $in: seeded.slice(0, 4).map((s) => s.instance.id) } } as never, { $set: { outboxPending: true, outboxLeaseUntil: 0 } });
    await db.collection(DECISIONS_COLLECTION).updateMany({ _id: { $in: entries.slice(0, 2).map((e) => e.id) } } as never, { $set: { outboxPending: true, outboxLeaseUntil: 0 } });
  }, 60_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const s = (i: number) => seeded[i]!.instance;
  const hot: Array<[string, keyof typeof rec, () => Promise<unknown>]> = [
    ['instances.find', 'instances', () => instances.find(s(10).municipalityId, s(10).id)],
    ['instances.findBySubject', 'instances', () => instances.findBySubject(s(11).municipalityId, s(11).kind, s(11).subject.id)],
    ['instances.update (with an applied event id)', 'instances', async () => {
      const stored = (await instances.find(s(12).municipalityId, s(12).id))!;
      await instances.update(stored.instance, stored.version, [], null, randomUUID());
    }],
    ['instances.ofPerson', 'instances', () => instances.ofPerson(s(13).municipalityId, s(13).subject.personId)],
    ['instances.idsOfPerson', 'instances', () => instances.idsOfPerson(s(13).municipalityId, s(13).subject.personId)],
    ['instances.setProtectedIdentity', 'instances', async () => {
      const stored = (await instances.find(s(14).municipalityId, s(14).id))!;
      await instances.setProtectedIdentity(s(14).municipalityId, s(14).id, stored.version, true, randomUUID());
    }],
    ['instances.due', 'instances', () => instances.due(now, 100)],
    ['instances.listByProcess', 'instances', () => instances.listByProcess('ale', 'contact-person', 2)],
    ['instances: OutboxRelay.recoverOnce', 'instances', () => instanceRelay.recoverOnce()],
    ['audit.has', 'decisions', () => audit.has(entries[20]!.municipalityId, entries[20]!.id)],
    ['decisions: OutboxRelay.recoverOnce', 'decisions', () => decisionsRelay.recoverOnce()],
    ['audit.find (a municipality, a subject)', 'audit', () => audit.find({ municipalityId: entries[30]!.municipalityId, subjectId: entries[30]!.instanceId, limit: 100 })],
    ['audit.find (a municipality, an actor)', 'audit', () => audit.find({ municipalityId: entries[31]!.municipalityId, actorSubject: 'system:police-liaison-3', limit: 100 })],
    ['audit.find (every municipality, a subject)', 'audit', () => audit.find({ subjectId: entries[32]!.instanceId, limit: 100 })],
    ['audit.find (a municipality, the newest)', 'audit', () => audit.find({ municipalityId: 'ale', limit: 100 })],
  ];

  it.each(hot)('%s', async (label, recorder, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, rec[recorder], label, run);
    expect(checked.every((c) => c.verdict.kind === 'index')).toBe(true);
  });
});
