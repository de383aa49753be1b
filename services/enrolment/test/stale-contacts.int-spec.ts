import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { ContactReachabilityChangedV1, createEvent } from '@trygg/contracts';
import { mongoUrl, produceRaw, ServiceProcess, testKafka, testMongo, waitFor, TestIdp } from '@trygg/testing';
import { parseCsv } from '../src/domain/csv';

// Stale contacts in enrolment as a real process (dist/) on the shared FerretDB and Kafka: notifications'
// contact-reachability-changed.v1 (delivered twice, and an older one late) reaches the coordinator's group view and
// CSV export; an unknown person is handled quietly (inbox, no dead letter). Own database, consumer group and
// addresses; port 4120 (range 4100–4199).

const run = randomUUID().slice(0, 8);
const database = `unreach_enrolment_${run}`;
const INTERNAL = `unreach-internal-${randomUUID()}`;
/** notifications asking for links, with its secret (INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS). */
const NOTIFICATIONS = { authorization: `Bearer ${INTERNAL}`, 'x-internal-caller': 'notifications' };
let idp: TestIdp;
const enrolment = new ServiceProcess({
  service: 'enrolment',
  port: 4120,
  env: {
    MONGO_URL: mongoUrl(database),
    CONSUMER_GROUP: `unreach-enr-${run}`,
    CONSUMER_FROM_BEGINNING: 'false',
    INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: INTERNAL,
    // Read when the process starts (after beforeAll started the IdP): identity.yaml's issuers are under it.
    get DEV_IDP_URL() {
      return idp.url;
    },
    WEB_PUBLIC_URL: 'http://127.0.0.1:4199',
    LOG_LEVEL: 'warn',
  },
});
const kafka = testKafka();

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: () => Record<string, unknown> }> {
  const res = await fetch(`${enrolment.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}
const staff = async (path: string) => call('GET', `/staff/ale${path}`, undefined, await idp.coordinator('ale'));

function reachability(personId: string, reachable: boolean, changedAt: string) {
  const event = createEvent(
    ContactReachabilityChangedV1,
    { municipalityId: 'ale', correlationId: `unreach-${run}` },
    { personId, channel: 'email', reachable, reason: reachable ? 'address-changed' : 'hard-bounce', changedAt },
  );
  return { event, message: { key: personId, value: JSON.stringify(event) } };
}

describe('enrolment records whose email does not work (process, Kafka)', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    idp = await TestIdp.start();
    client = await testMongo();
    await enrolment.start();
  }, 120_000);

  afterAll(async () => {
    await enrolment.stop();
    await client.db(database).dropDatabase();
    await client.close();
    await idp.close();
  }, 60_000);

  it('shows the newest fact on the group view and in the CSV, applied once; an unknown person is no dead letter', async () => {
    const address = `otto-${run}@unreach.example`;
    const submitted = await call('POST', '/registrations', { municipalityId: 'ale', name: 'Otto Onåbar', email: address, address: { street: 'Göta älvs väg', number: '9', postcode: '449 30' }, intent: 'join' });
    expect(submitted.status).toBe(202);
    const registration = await waitFor('the registration', async () => (await client.db(database).collection('registrations').findOne({ email: address })) ?? undefined);
    const issued = (await call('POST', '/internal/links', { kind: 'confirmation', registrationId: registration._id }, NOTIFICATIONS)).json();
    const confirmed = (await call('POST', '/confirmations', { municipalityId: 'ale', token: String(issued['url']).split('/').at(-1) })).json();
    const groupId = (confirmed['placement'] as { group: { id: string } }).group.id;
    const personId = String(registration['personId']);

    const bounce = reachability(personId, false, '2026-11-20T10:00:00.000Z');
    const late = reachability(personId, true, '2026-11-19T10:00:00.000Z'); // older than the bounce: changes nothing
    await produceRaw(kafka, ContactReachabilityChangedV1.type, [bounce.message, bounce.message, late.message]);
    const inbox = client.db(database).collection('inbox');
    await waitFor('both events handled', async () => ((await inbox.countDocuments({ eventId: { $in: [bounce.event.eventId, late.event.eventId] } })) === 2 ? true : undefined), { timeoutMs: 20_000, intervalMs: 200 });

    const page = (await staff(`/groups/${groupId}`)).json();
    const otto = (page['members'] as Array<{ name: string; emailNotWorkingSince: string | null }>).find((m) => m.name === 'Otto Onåbar');
    expect(otto?.emailNotWorkingSince).toBe('2026-11-20T10:00:00.000Z');
    const csv = parseCsv((await staff(`/groups/${groupId}/members.csv`)).text);
    expect(csv[0]!.at(-1)).toBe('E-post fungerar inte');
    expect(csv.find((row) => row[0] === 'Otto Onåbar')!.at(-1)).toBe('ja');

    const stranger = reachability(randomUUID(), false, '2026-11-20T10:00:00.000Z');
    await produceRaw(kafka, ContactReachabilityChangedV1.type, [stranger.message]);
    // Recorded in the inbox only after the handler succeeded: ignored, not dead-lettered.
    await waitFor('the unknown person handled', async () => (await inbox.findOne({ eventId: stranger.event.eventId })) ?? undefined, { timeoutMs: 20_000, intervalMs: 200 });
  }, 60_000);
});
