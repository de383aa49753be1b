import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { type EventEnvelope, PoliceDecisionRecordedV1 } from '@trygg/contracts';
import { OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { testMongo, waitFor } from '@trygg/testing';
import { CaseNotFound } from '../src/application/decide-case';
import { RevokeCase } from '../src/application/revoke-case';
import { caseIdFor, CaseNotApproved, type PoliceCase } from '../src/domain/police-case';
import { CASES_COLLECTION, MongoCaseStore } from '../src/infrastructure/mongo-cases';

// Officers revoking one approved case at the same time, on the real FerretDB: two store instances (as two service
// instances), several revocations at once per case. The write is conditional on the version read, so exactly one
// revocation stands: one answer succeeds, every other is refused as not approved, and the case's outbox holds one
// `revoked` event and its history the one approval.

const logger = createLogger('pol-revoke-test', 'silent');
const database = `pol_rev_${randomUUID().slice(0, 8)}`;
/** What the relays published (right after each write); the outbox document keeps nothing once published. */
const published: EventEnvelope[] = [];
const publisher = { publish: async (events: readonly EventEnvelope[]) => void published.push(...events) } as never;
const officer = (n: number) => ({ subject: `https://polisen.example#officer-${n}`, name: `Polis ${n}`, role: 'police-officer', scope: 'lpo-trollhattan' });

function approvedCase(): PoliceCase {
  const instanceId = randomUUID();
  return {
    id: caseIdFor(instanceId, 'police-approval', 1),
    municipalityId: 'lilla-edet',
    instanceId,
    stepId: 'police-approval',
    stepType: 'police-approval',
    attempt: 1,
    subject: { kind: 'contact-person', id: randomUUID(), personId: randomUUID() },
    subjectFields: { name: 'Anna Andersson' },
    dueAt: null,
    status: 'decided',
    decision: { outcome: 'approve', reason: 'Känd i området', decidedBy: 'officer-0', decidedAt: '2026-11-20T10:00:00.000Z' },
    policeAreaId: 'lpo-trollhattan',
    openedAt: '2026-11-10T10:00:00.000Z',
  };
}

describe('police-liaison: officers racing to revoke one case on FerretDB', () => {
  let client: mongo.MongoClient;
  let collection: mongo.Collection;
  let stores: MongoCaseStore[];
  const audited: unknown[] = [];

  beforeAll(async () => {
    client = await testMongo();
    collection = client.db(database).collection(CASES_COLLECTION);
    // Two instances: each its own store and relay over the same collection.
    stores = [0, 1].map(() => new MongoCaseStore(collection as never, new OutboxRelay(collection as never, publisher, logger)));
    await stores[0]!.ensureIndexes();
  }, 30_000);

  afterAll(async () => {
    await client?.db(database).dropDatabase();
    await client?.close();
  });

  const revokers = () => stores.map((store) => new RevokeCase(store, { record: async (e) => void audited.push(e) }));

  it.each([2, 5])('%i revocations at once: exactly one stands, the others are refused as not approved', async (n) => {
    const c = approvedCase();
    expect(await stores[0]!.insert(c)).toBe(true);
    const [a, b] = revokers();
    const results = await Promise.allSettled(
      Array.from({ length: n }, (_, i) => (i % 2 ? b! : a!).execute('lpo-trollhattan', c.id, { reason: `Skäl ${i}`, decidedBy: `officer-${i + 1}` }, `corr-${i}`, officer(i + 1))),
    );
    const won = results.filter((r): r is PromiseFulfilledResult<PoliceCase> => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(n - 1);
    for (const l of lost) expect(l.reason).toBeInstanceOf(CaseNotApproved);

    const stored = (await stores[1]!.find('lpo-trollhattan', c.id))!;
    expect(stored.work.decision).toEqual(won[0]!.value.decision);
    expect(stored.work.decision).toMatchObject({ outcome: 'revoked' });
    expect(stored.work.decisionHistory).toEqual([c.decision]);
    expect(stored.version).toBe(2);
    const ofCase = () => published.filter((e) => e.type === PoliceDecisionRecordedV1.type && (e.payload as { caseId: string }).caseId === c.id);
    await waitFor('the revocation published', () => (ofCase().length > 0 ? true : undefined));
    // The relays left nothing pending in the case's outbox, and published the one revocation only.
    await waitFor('the outbox emptied', async () => ((await collection.findOne({ _id: c.id, outboxPending: true } as never)) ? undefined : true));
    const revoked = ofCase();
    expect(revoked).toHaveLength(1);
    expect(PoliceDecisionRecordedV1.payload.parse(revoked[0]!.payload)).toMatchObject({ caseId: c.id, outcome: 'revoked', reason: stored.work.decision!.reason, decidedBy: stored.work.decision!.decidedBy });
    expect(audited.filter((e) => (e as { subject: { id: string } }).subject.id === c.id)).toHaveLength(1);
  }, 30_000);

  it('an officer of another police area finds no case to revoke, and the approval stands', async () => {
    const c = approvedCase();
    await stores[0]!.insert(c);
    await expect(revokers()[0]!.execute('lpo-ale-kungalv', c.id, { reason: 'x', decidedBy: 'officer-9' }, 'c', officer(9))).rejects.toBeInstanceOf(CaseNotFound);
    expect((await stores[0]!.find('lpo-trollhattan', c.id))!.work.decision).toEqual(c.decision);
  });
});
