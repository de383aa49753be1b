import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { testMongo } from '@trygg/testing';
import type { SmsCounter } from '../src/application/ports';
import { MongoSmsCounters } from '../src/infrastructure/mongo-sms-counters';

// The daily SMS caps' counters (issue 13) on the shared FerretDB (own database), as two notifications processes would
// use them: two stores on two connections, sends racing each other. The cap holds exactly, a retried message counts
// once, the first SMS of a day racing itself is not refused, and only one process sends the alert.

const database = `ntf_smscaps_${randomUUID().slice(0, 8)}`;
const counter = (id: string): SmsCounter => ({ id, municipalityId: 'ale', expiresAt: new Date(Date.now() + 86_400_000) });

describe('MongoSmsCounters: the daily caps with concurrent sends', () => {
  let clients: mongo.MongoClient[];
  let stores: MongoSmsCounters[];
  beforeAll(async () => {
    clients = [await testMongo(), await testMongo()];
    stores = clients.map((c) => new MongoSmsCounters(c.db(database).collection('sms_counters') as never));
    await stores[0]!.ensureIndexes();
  });
  afterAll(async () => {
    await clients[0]!.db(database).dropDatabase();
    await Promise.all(clients.map((c) => c.close()));
  });
  const store = (n: number) => stores[n % 2]!;

  it('let exactly `limit` of 40 concurrent sends through, from two processes', async () => {
    const c = counter(`number:2026-12-02:${randomUUID()}`);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => store(n).count(c, 10, `m${n}`)));
    expect(answers.filter(Boolean)).toHaveLength(10);
    const doc = await clients[0]!.db(database).collection('sms_counters').findOne({ _id: c.id as never });
    expect(doc).toMatchObject({ count: 10, municipalityId: 'ale' });
    expect(doc!['messageIds']).toHaveLength(10);
    // The ones let through are the ones recorded; a retry of one of them goes again, the others stay refused.
    const through = answers.flatMap((ok, n) => (ok ? [`m${n}`] : []));
    expect([...(doc!['messageIds'] as string[])].sort()).toEqual([...through].sort());
    expect(await store(1).count(c, 10, through[0]!)).toBe(true);
    expect(await store(0).count(c, 10, 'm-new')).toBe(false);
    expect(await clients[0]!.db(database).collection('sms_counters').findOne({ _id: c.id as never })).toMatchObject({ count: 10 });
  });

  it('do not refuse the first sends of a day that race to create the counter', async () => {
    const c = counter(`municipality:2026-12-02:${randomUUID()}`);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => store(n).count(c, 500, `m${n}`)));
    expect(answers).toEqual(Array(20).fill(true));
    expect(await clients[1]!.db(database).collection('sms_counters').findOne({ _id: c.id as never })).toMatchObject({ count: 20 });
  });

  it('give the alert to exactly one of many concurrent callers', async () => {
    const c = counter(`number:2026-12-02:${randomUUID()}`);
    await store(0).count(c, 1, 'm0');
    const claims = await Promise.all(Array.from({ length: 12 }, (_, n) => store(n).claimAlert(c)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store(1).claimAlert(c)).toBe(false);
  });
});
