import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { type EventEnvelope, PoliceApprovalOverdueV1 } from '@trygg/contracts';
import { type EventPublisher, OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { MongoDecisionAudit } from '@trygg/step-worker';
import { testMongo, waitFor } from '@trygg/testing';
import type { ApprovalTargets } from '../src/application/ports';
import { OVERDUE_REMINDER_SENT, RemindOverdueCases } from '../src/application/remind-overdue-cases';
import { DAY_MS } from '../src/domain/approval-time';
import { caseIdFor, type PoliceCase } from '../src/domain/police-case';
import { CASES_COLLECTION, MongoCaseStore } from '../src/infrastructure/mongo-cases';

// Two housekeeping instances — each with its own connection, store, outbox relay and audit trail writer, as two
// police-liaison processes — run the overdue reminder at the same moment against the real FerretDB: every overdue
// case gets exactly one police.approval-overdue.v1 and one audit record; later rounds send nothing. The broker is
// replaced by a recorder per instance.

const logger = createLogger('pol-overdue-test', 'silent');
const database = `pol_overdue_${randomUUID().slice(0, 8)}`;
const now = new Date('2026-12-01T10:00:00Z');
const targets: ApprovalTargets = { municipalityIds: () => ['lilla-edet', 'trollhattan'], targetDaysOf: () => 14, timeZoneOf: () => 'Europe/Stockholm' };

function seeded(i: number, daysAgo: number, status: 'pending' | 'decided' = 'pending'): PoliceCase {
  const instanceId = randomUUID();
  const openedAt = new Date(now.getTime() - daysAgo * DAY_MS).toISOString();
  return {
    id: caseIdFor(instanceId, 'police-approval', 1),
    municipalityId: i % 2 ? 'lilla-edet' : 'trollhattan',
    policeAreaId: 'lpo-trollhattan',
    instanceId,
    stepId: 'police-approval',
    stepType: 'police-approval',
    attempt: 1,
    subject: { kind: 'contact-person', id: randomUUID(), personId: randomUUID() },
    subjectFields: { name: `Person ${i}` },
    dueAt: null,
    status,
    decision: status === 'decided' ? { outcome: 'approve', reason: 'ok', decidedBy: 'officer', decidedAt: now.toISOString() } : null,
    openedAt,
  };
}

interface Instance {
  client: mongo.MongoClient;
  relay: OutboxRelay;
  remind: RemindOverdueCases;
  published: EventEnvelope[];
}

async function instance(batchSize: number): Promise<Instance> {
  const client = await testMongo();
  const db = client.db(database);
  const published: EventEnvelope[] = [];
  const publisher = { publish: async (events: readonly EventEnvelope[]) => void published.push(...events) } as unknown as EventPublisher;
  const relay = new OutboxRelay(db.collection(CASES_COLLECTION) as never, publisher, logger, { pollIntervalMs: 200 });
  const store = new MongoCaseStore(db.collection(CASES_COLLECTION) as never, relay);
  const audit = new MongoDecisionAudit(db.collection('audit_trail') as never, () => now);
  return { client, relay, published, remind: new RemindOverdueCases(store, targets, audit, () => now, batchSize) };
}

describe('police-liaison: the overdue reminder with two instances on the real database', () => {
  let a: Instance;
  let b: Instance;
  let db: mongo.Db;
  let overdue: PoliceCase[];

  beforeAll(async () => {
    [a, b] = await Promise.all([instance(7), instance(5)]);
    db = a.client.db(database);
    const setup = new MongoCaseStore(db.collection(CASES_COLLECTION) as never, a.relay);
    await setup.ensureIndexes();
    overdue = Array.from({ length: 40 }, (_, i) => seeded(i, 14 + (i % 10)));
    const notYet = Array.from({ length: 6 }, (_, i) => seeded(100 + i, 13.9));
    const decided = Array.from({ length: 4 }, (_, i) => seeded(200 + i, 30, 'decided'));
    for (const c of [...overdue, ...notYet, ...decided]) expect(await setup.insert(c)).toBe(true);
    a.relay.start();
    b.relay.start();
  }, 60_000);

  afterAll(async () => {
    a?.relay.stop();
    b?.relay.stop();
    await db?.dropDatabase();
    await Promise.all([a?.client.close(), b?.client.close()]);
  });

  it('sends one reminder per overdue case, audited once, whichever instance wins each', async () => {
    const [sentA, sentB] = await Promise.all([a.remind.runOnce(), b.remind.runOnce()]);
    expect(sentA + sentB).toBe(overdue.length);

    const reminders = () => [...a.published, ...b.published].filter((e) => e.type === PoliceApprovalOverdueV1.type);
    await waitFor('every reminder published', () => (reminders().length >= overdue.length ? true : undefined), { timeoutMs: 15_000 });
    const eventsPerCase = new Map<string, Set<string>>();
    for (const e of reminders()) {
      const caseId = (e.payload as { caseId: string }).caseId;
      eventsPerCase.set(caseId, (eventsPerCase.get(caseId) ?? new Set()).add(e.eventId));
    }
    expect([...eventsPerCase.keys()].sort()).toEqual(overdue.map((c) => c.id).sort());
    expect([...eventsPerCase.values()].every((ids) => ids.size === 1)).toBe(true);

    const audited = await db.collection('audit_trail').find({ action: OVERDUE_REMINDER_SENT }).toArray();
    expect(audited.map((r) => (r['subject'] as { id: string }).id).sort()).toEqual(overdue.map((c) => c.id).sort());
    const stamped = await db.collection(CASES_COLLECTION).countDocuments({ overdueReminderSentAt: now.toISOString() });
    expect(stamped).toBe(overdue.length);

    // Later rounds, on both instances at once again: nothing more.
    expect(await Promise.all([a.remind.runOnce(), b.remind.runOnce()])).toEqual([0, 0]);
    expect(await db.collection('audit_trail').countDocuments({ action: OVERDUE_REMINDER_SENT })).toBe(overdue.length);
    await waitFor('outboxes emptied', async () => ((await db.collection(CASES_COLLECTION).countDocuments({ outboxPending: true })) === 0 ? true : undefined), { timeoutMs: 10_000 });
    expect(new Set(reminders().map((e) => e.eventId)).size).toBe(overdue.length);
  });
});
