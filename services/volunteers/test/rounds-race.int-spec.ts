import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { eventContracts } from '@trygg/contracts';
import { mongoUrl, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo } from '@trygg/testing';

// A finding's status changed from two volunteers processes at once (two instances behind a load balancer, one
// FerretDB database): the owner's "fixed" through one and "won't fix" through the other, three times. Each change is a
// version-checked single-document write, so exactly one wins; the other is answered 409 `already-closed` and
// changes nothing — one closing entry in the history, one closing event in the outbox. Ports 3723/3724, database
// rounds_race_it_<run> (dropped at the end).

const run = randomUUID().slice(0, 8);
const database = `rounds_race_it_${run}`;
const group = `rounds-race-it-${run}`;
const swedishDate = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

interface StoredFinding {
  status: string;
  history: Array<{ status: string }>;
}

describe('a finding closed through two volunteers instances at once', () => {
  let client: mongo.MongoClient;
  let idp: TestIdp;
  let a: ServiceProcess;
  let b: ServiceProcess;

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    const env = { MONGO_URL: mongoUrl(database), CONSUMER_GROUP: group, DEV_IDP_URL: idp.url, WEB_PUBLIC_URL: 'http://web.test' };
    a = new ServiceProcess({ service: 'volunteers', port: 3723, env });
    b = new ServiceProcess({ service: 'volunteers', port: 3724, env });
    await startGroupAtEnd(testKafka(), group, eventContracts.map((c) => c.type));
    await Promise.all([a.start(), b.start()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await idp?.close();
    await client?.db(database).dropDatabase();
    await client?.close();
  }, 60_000);

  const post = async (instance: ServiceProcess, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${instance.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several shapes
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('exactly one change wins, the other gets 409 already-closed — three times', async () => {
    const staff = await idp.coordinator('trollhattan', `samordnare-${run}`);
    const planned = await post(a, '/staff/trollhattan/rounds', { district: 'Kronogården', plannedDate: swedishDate(new Date()), meetingPoint: 'Torget' }, staff);
    const roundId = planned.body['roundId'] as string;
    expect((await post(b, `/staff/trollhattan/rounds/${roundId}/status`, { status: 'held' }, staff)).status).toBe(200);

    for (let i = 0; i < 3; i++) {
      const finding = await post(a, `/staff/trollhattan/rounds/${roundId}/findings`, { place: { kind: 'address', address: `Kronogårdsvägen ${i}` }, category: 'lighting', description: `Lykta ${i}`, responsibleOrganisation: 'Gatu' }, staff);
      const findingId = finding.body['findingId'] as string;
      const assigned = await post(b, `/staff/trollhattan/findings/${findingId}/assignment`, { ownerEmail: `ola-${run}@trollhattan.example` }, staff);
      const token = (assigned.body['ownerLink'].url as string).split('/').at(-1)!;

      const [fixed, wontFix] = await Promise.all([
        post(a, `/round-links/owner/${token}/status`, { status: 'fixed' }),
        post(b, `/round-links/owner/${token}/status`, { status: 'wont-fix', reason: 'Ingen budget i år' }),
      ]);
      const answers = [fixed, wontFix].map((r) => [r.status, r.body['error'] ?? 'ok']);
      expect(answers).toEqual(expect.arrayContaining([[200, 'ok'], [409, 'already-closed']]));
      expect(answers).toHaveLength(2);

      const winner = fixed.status === 200 ? 'fixed' : 'wont-fix';
      const stored = (await client.db(database).collection('findings').findOne({ _id: findingId as never })) as unknown as StoredFinding;
      expect(stored.status).toBe(winner);
      expect(stored.history.map((h) => h.status)).toEqual(['open', 'assigned', winner]);
      // Both instances see the same, final state.
      for (const instance of [a, b]) {
        const view = await fetch(`${instance.url}/round-links/owner/${token}`);
        expect(((await view.json()) as { status: string }).status).toBe(winner);
      }
    }
  }, 120_000);
});
