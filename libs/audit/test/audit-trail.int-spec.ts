import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { mongoUrl, testMongo } from '@trygg/testing';
import { type AuditEntry, type AuditRecord, AuditTrail, GENESIS_HASH, recordHash } from '../src';
import { verifyAudit } from '../src/verify-command';

// Against the running FerretDB (or MongoDB) of deploy/local/infra.sh; one database per run, dropped after.

const database = `audit_test_${Date.now()}_${process.pid}`;

function entry(i: number, writer: string): AuditEntry {
  return {
    actor: { subject: `https://idp.example/ale#${writer}`, name: `Writer ${writer}`, role: 'coordinator', scope: 'ale' },
    action: 'group-edited',
    subject: { kind: 'group', id: `group-${i % 7}` },
    municipalityId: i % 3 ? 'ale' : 'lilla-edet',
    correlationId: randomUUID(),
    details: { i, writer, note: null, ok: true },
  };
}

describe('AuditTrail on the real database', () => {
  // Two clients: as two service processes, each with its own connection pool and its own AuditTrail.
  let clients: mongo.MongoClient[];
  let trails: AuditTrail[];
  let raw: mongo.Collection<AuditRecord>;

  beforeAll(async () => {
    clients = [await testMongo(), await testMongo()];
    trails = clients.map((c) => new AuditTrail(c.db(database).collection<AuditRecord>('audit_trail')));
    raw = clients[0]!.db(database).collection<AuditRecord>('audit_trail');
    await Promise.all(trails.map((t) => t.ensureIndexes()));
  }, 30_000);

  afterAll(async () => {
    await clients?.[0]?.db(database).dropDatabase();
    await Promise.all((clients ?? []).map((c) => c.close()));
  });

  it('an empty trail verifies', async () => {
    expect(await trails[0]!.verify()).toEqual({ ok: true, count: 0 });
  });

  it('two writers appending 50 each at once give 100 records in one unbroken chain', async () => {
    const appended = await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => trails[0]!.append(entry(i, 'a'))),
      ...Array.from({ length: 50 }, (_, i) => trails[1]!.append(entry(i, 'b'))),
    ]);
    expect(new Set(appended.map((r) => r._id)).size).toBe(100);
    const stored = await raw.find({}, { sort: { _id: 1 } }).toArray();
    expect(stored.map((r) => r._id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(stored[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < stored.length; i++) expect(stored[i]!.prevHash).toBe(stored[i - 1]!.hash);
    expect(stored.filter((r) => r.details?.['writer'] === 'a')).toHaveLength(50);
    // What append returned is what was stored.
    const byId = new Map(appended.map((r) => [r._id, r]));
    for (const r of stored) expect(r).toEqual(byId.get(r._id));
    expect(await trails[1]!.verify()).toEqual({ ok: true, count: 100 });
    expect(await verifyAudit({ url: mongoUrl(database), collection: 'audit_trail' })).toEqual({ exitCode: 0, text: `OK: ${database}.audit_trail holds 100 records, chain intact` });
  }, 60_000);

  it('finds newest first by subject, actor or municipality, a page at a time', async () => {
    const bySubject = await trails[0]!.find({ subjectId: 'group-3', limit: 5 });
    expect(bySubject).toHaveLength(5);
    expect(bySubject.every((r) => r.subject.id === 'group-3')).toBe(true);
    expect(bySubject.map((r) => r._id)).toEqual([...bySubject.map((r) => r._id)].sort((x, y) => y - x));
    const next = await trails[0]!.find({ subjectId: 'group-3', limit: 5, before: bySubject.at(-1)!._id });
    expect(next[0]!._id).toBeLessThan(bySubject.at(-1)!._id);

    const byActor = await trails[0]!.find({ actorSubject: 'https://idp.example/ale#b', municipalityId: 'ale', limit: 500 });
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((r) => r.actor.name === 'Writer b' && r.municipalityId === 'ale')).toBe(true);
    const inLillaEdet = await trails[0]!.find({ municipalityId: 'lilla-edet', limit: 500 });
    expect(inLillaEdet).toHaveLength(34); // i % 3 === 0 for i in 0..49: 17 per writer
  });

  it('editing one record is caught and named; so is a removed one', async () => {
    await raw.updateOne({ _id: 42 }, { $set: { 'details.note': 'changed afterwards' } });
    expect(await trails[0]!.verify()).toEqual({ ok: false, brokenAt: 42, reason: expect.stringMatching(/^hash mismatch/), count: 41 });
    const cli = await verifyAudit({ url: mongoUrl(database), collection: 'audit_trail' });
    expect(cli.exitCode).toBe(1);
    expect(cli.text).toMatch(/^BROKEN: .* at record 42: hash mismatch/);

    // Someone who also recomputes the edited record's hash is caught at the next record.
    const edited = (await raw.findOne({ _id: 42 }))!;
    await raw.updateOne({ _id: 42 }, { $set: { hash: recordHash(edited) } });
    expect(await trails[0]!.verify()).toMatchObject({ ok: false, brokenAt: 43, reason: expect.stringMatching(/^prevHash mismatch/) });

    await raw.deleteOne({ _id: 42 });
    await raw.deleteOne({ _id: 43 });
    expect(await trails[0]!.verify()).toEqual({ ok: false, brokenAt: 42, reason: 'gap: record 42–43 missing (next is 44)', count: 41 });
  });
});
