import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { header, mongoUrl, ServiceProcess, startGroupAtEnd, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';

// The housekeeping task purge-unconfirmed as TWO real enrolment processes (dist/) on the shared FerretDB and Kafka,
// both running it every 300 ms against the same database: an old unconfirmed registration (and one stored before
// confirmationRequestedAt existed) is anonymised and enrolment.resident-erased.v1 appears on Kafka exactly once; a confirmed one of the same age is untouched. "Old" is
// made by ageing the stored documents (no test switch in the service). Own database, consumer group and addresses;
// ports 4510/4511 (range 4500–4599).

const run = randomUUID().slice(0, 8);
const database = `purge_enrolment_${run}`;
const INTERNAL = `purge-internal-${randomUUID()}`;
/** notifications asking for links, with its secret (INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS). */
const NOTIFICATIONS = { authorization: `Bearer ${INTERNAL}`, 'x-internal-caller': 'notifications' };
const GROUP = `purge-enr-${run}`;
const DAY = 86_400_000;
const processOn = (port: number) =>
  new ServiceProcess({
    service: 'enrolment',
    port,
    env: {
      MONGO_URL: mongoUrl(database),
      CONSUMER_GROUP: GROUP,
      INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: INTERNAL,
      WEB_PUBLIC_URL: 'http://127.0.0.1:4599',
      HOUSEKEEPING_INTERVAL_MS: '300',
      UNCONFIRMED_RETENTION_DAYS: '14',
      LOG_LEVEL: 'warn',
    },
  });
const first = processOn(4510);
const second = processOn(4511);
const kafka = testKafka();

async function call(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: () => Record<string, unknown> }> {
  const res = await fetch(`${first.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: () => JSON.parse(text) as Record<string, unknown> };
}

describe('enrolment purges registrations never confirmed (two processes, FerretDB, Kafka)', () => {
  let client: mongo.MongoClient;
  let erased: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    await startGroupAtEnd(kafka, GROUP, ['onboarding.completed.v1', 'notifications.contact-reachability-changed.v1']);
    erased = await new TopicReader(kafka, 'enrolment.resident-erased.v1').start();
    await Promise.all([first.start(), second.start()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([first.stop(), second.stop()]);
    await erased.stop();
    await client.db(database).dropDatabase();
    await client.close();
  }, 60_000);

  it('anonymises an old unconfirmed registration with one resident-erased; a confirmed one of the same age is untouched', async () => {
    const registrations = client.db(database).collection('registrations');
    const submit = async (label: string, name: string, number: string) => {
      const email = `${label}-${run}@purge.example`;
      const answer = await call('/registrations', { municipalityId: 'ale', name, email, address: { street: 'Göta älvs väg', number, postcode: '449 30' }, intent: 'join' });
      expect(answer.status).toBe(202);
      return waitFor(`the registration of ${label}`, async () => (await registrations.findOne({ email })) ?? undefined);
    };
    const forgotten = await submit('forgotten', 'Frida Glömsk', '3');
    const kept = await submit('kept', 'Karl Bekräftad', '5');
    const legacy = await submit('legacy', 'Lena Äldre', '7');
    const issued = (await call('/internal/links', { kind: 'confirmation', registrationId: kept._id }, NOTIFICATIONS)).json();
    expect((await call('/confirmations', { municipalityId: 'ale', token: String(issued['url']).split('/').at(-1) })).status).toBe(200);
    // Placed in a group or in the coordinator's triage list (whichever ale's areas say): confirmed either way.
    await waitFor('the confirmed one placed', async () => (['placed', 'triage'].includes((await registrations.findOne({ _id: kept._id }))?.['placement']?.kind) ? true : undefined));

    // Both registrations are made 30 days old: the confirmation link expired 23 days ago, past the 14 grace days.
    const old = new Date(Date.now() - 30 * DAY);
    await registrations.updateMany({ _id: { $in: [forgotten._id, kept._id] } }, { $set: { submittedAt: old, confirmationRequestedAt: old } });
    // A record stored before confirmationRequestedAt existed: its submission counts.
    await registrations.updateOne({ _id: legacy._id }, { $set: { submittedAt: old }, $unset: { confirmationRequestedAt: '' } });
    await client.db(database).collection('link_tokens').updateMany({ registrationId: kept._id }, { $set: { createdAt: old, expiresAt: new Date(old.getTime() + 7 * DAY) } });

    const personId = String(forgotten['personId']);
    const event = await erased.waitFor('resident-erased of the forgotten resident', (m) => m.key?.toString() === personId, 20_000);
    const envelope = JSON.parse(event.value!.toString()) as { eventId: string };
    expect(envelope).toMatchObject({ type: 'enrolment.resident-erased.v1', municipalityId: 'ale', payload: { personId } });
    expect(header(event, 'event-id')).toBe(envelope.eventId);

    const purged = await registrations.findOne({ _id: forgotten._id });
    expect(purged).toMatchObject({ status: 'erased', name: '', email: '', mobile: null, address: { street: '', number: '', postcode: '' }, erasure: { reason: 'unconfirmed' } });
    expect(purged!['erasure'].anonymisedAt).toBeInstanceOf(Date);
    // The audit entry is written right after the erasure (which carries the event): wait for it, then count it once more below.
    const audited = (id: unknown) => client.db(database).collection('audit_trail').countDocuments({ action: 'unconfirmed-registration-erased', 'subject.id': id });
    await waitFor('the audit entry of the purge', async () => ((await audited(forgotten._id)) >= 1 ? true : undefined));
    await erased.waitFor('resident-erased of the legacy record', (m) => m.key?.toString() === String(legacy['personId']), 10_000);
    expect(await registrations.findOne({ _id: legacy._id })).toMatchObject({ status: 'erased', name: '', email: '' });

    // More rounds of both processes: nothing more is written or published. The signal that rounds ran after the
    // purges above: a registration made due only now is purged (and audited) too.
    const marker = await submit('marker', 'Maja Senare', '9');
    await registrations.updateOne({ _id: marker._id }, { $set: { submittedAt: old, confirmationRequestedAt: old } });
    await erased.waitFor('resident-erased of the later one', (m) => m.key?.toString() === String(marker['personId']), 20_000);
    await waitFor('the audit entry of the later one', async () => ((await audited(marker._id)) >= 1 ? true : undefined));
    expect(await audited(forgotten._id)).toBe(1);
    expect(erased.matching((m) => m.key?.toString() === personId)).toHaveLength(1);
    expect(await client.db(database).collection('audit_trail').countDocuments({ action: 'unconfirmed-registration-erased' })).toBe(3);
    expect(erased.matching((m) => m.key?.toString() === String(legacy['personId']))).toHaveLength(1);
    expect(await registrations.findOne({ _id: kept._id })).toMatchObject({ status: 'confirmed', name: 'Karl Bekräftad', email: `kept-${run}@purge.example`, erasure: null });
    expect(erased.matching((m) => m.key?.toString() === String(kept['personId']))).toHaveLength(0);
  }, 90_000);
});
