import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createEvent, OnboardingCompletedV1, PoliceDecisionRecordedV1, subscriptionsOf } from '@trygg/contracts';
import { mongoUrl, produceRaw, ServiceProcess, startGroupAtEnd, testKafka, testMongo, TestIdp, waitFor } from '@trygg/testing';

// A police revocation in enrolment as a real process (dist/) on the shared FerretDB and Kafka: a contact person
// approved through onboarding.completed.v1, then police.decision-recorded.v1 with outcome `revoked` — delivered twice
// — deactivates them once: the coordinator's group view shows no contact person, the follow-up and the revoked
// nomination; one audit record. Own database, consumer group and addresses; port 4133 (range 4100–4199).

const run = randomUUID().slice(0, 8);
const database = `revoke_enrolment_${run}`;
const consumerGroup = `revoke-enr-${run}`;
const INTERNAL = `revoke-internal-${randomUUID()}`;
const NOTIFICATIONS = { authorization: `Bearer ${INTERNAL}`, 'x-internal-caller': 'notifications' };
let idp: TestIdp;
const enrolment = new ServiceProcess({
  service: 'enrolment',
  port: 4133,
  env: {
    MONGO_URL: mongoUrl(database),
    CONSUMER_GROUP: consumerGroup,
    CONSUMER_FROM_BEGINNING: 'false',
    INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: INTERNAL,
    get DEV_IDP_URL() {
      return idp.url;
    },
    WEB_PUBLIC_URL: 'http://127.0.0.1:4199',
    LOG_LEVEL: 'warn',
  },
});
const kafka = testKafka();

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: () => Record<string, unknown> }> {
  const res = await fetch(`${enrolment.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: () => JSON.parse(text) as Record<string, unknown> };
}

describe('enrolment applies a police revocation (process, Kafka)', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    idp = await TestIdp.start();
    client = await testMongo();
    await startGroupAtEnd(kafka, consumerGroup, subscriptionsOf('enrolment'));
    await enrolment.start();
  }, 120_000);

  afterAll(async () => {
    await enrolment.stop();
    await client.db(database).dropDatabase();
    await client.close();
    await idp.close();
  }, 60_000);

  it('deactivates the contact person once; the group shows it has no contact person', async () => {
    const address = `kim-${run}@revoke.example`;
    const submitted = await call('POST', '/registrations', { municipalityId: 'ale', name: 'Kim Kontakt', email: address, address: { street: 'Göta älvs väg', number: '11', postcode: '449 30' }, intent: 'contact-person' });
    expect(submitted.status).toBe(202);
    const registration = await waitFor('the registration', async () => (await client.db(database).collection('registrations').findOne({ email: address })) ?? undefined);
    const issued = (await call('POST', '/internal/links', { kind: 'confirmation', registrationId: registration._id }, NOTIFICATIONS)).json();
    const confirmed = (await call('POST', '/confirmations', { municipalityId: 'ale', token: String(issued['url']).split('/').at(-1) })).json();
    const groupId = (confirmed['placement'] as { group: { id: string } }).group.id;
    const personId = String(registration['personId']);
    const groups = client.db(database).collection('groups');
    const nominationId = await waitFor('the nomination', async () => {
      const g = await groups.findOne({ _id: groupId } as never);
      return (g?.['nominationIds'] as string[] | undefined)?.[0];
    });
    const subject = { kind: 'contact-person' as const, id: nominationId, personId };
    const context = { municipalityId: 'ale', correlationId: `revoke-${run}` };

    const approved = createEvent(OnboardingCompletedV1, context, { instanceId: randomUUID(), processId: 'ale/contact-person', processVersion: 1, subject, outcome: 'approved', decidingStepId: null, reason: null });
    await produceRaw(kafka, OnboardingCompletedV1.type, [{ key: approved.payload.instanceId, value: JSON.stringify(approved) }]);
    const coordinator = await idp.coordinator('ale');
    const page = async () => (await call('GET', `/staff/ale/groups/${groupId}`, undefined, coordinator)).json();
    await waitFor('the contact person approved', async () => ((await page())['contactPerson'] ? true : undefined), { timeoutMs: 20_000, intervalMs: 200 });

    const revoked = createEvent(PoliceDecisionRecordedV1, context, {
      caseId: randomUUID(), policeAreaId: 'lpo-ale-kungalv', instanceId: approved.payload.instanceId, stepId: 'police-approval', attempt: 1, subject,
      outcome: 'revoked', reason: 'Har flyttat från området', decidedBy: 'https://polisen.example#officer-9', decidedAt: new Date().toISOString(),
    });
    const message = { key: revoked.payload.caseId, value: JSON.stringify(revoked) };
    // After the revocation and its duplicate, on the same key (same partition, in order): another outcome, which
    // enrolment acknowledges without a change; once it is in the inbox, both deliveries before it were handled.
    const after = createEvent(PoliceDecisionRecordedV1, context, { ...revoked.payload, outcome: 'needs-info', reason: 'Ignoreras av enrolment' });
    await produceRaw(kafka, PoliceDecisionRecordedV1.type, [message, message, { key: revoked.payload.caseId, value: JSON.stringify(after) }]);
    const inbox = client.db(database).collection('inbox');
    await waitFor('the deliveries handled', async () => ((await inbox.findOne({ eventId: after.eventId })) ? true : undefined), { timeoutMs: 20_000, intervalMs: 200 });

    expect(await page()).toMatchObject({
      contactPerson: null,
      followUp: { reason: 'no-contact-person' },
      nominations: [{ nominationId, status: 'revoked', reason: 'Har flyttat från området' }],
      members: [{ personId, role: 'member' }],
    });
    // Delivered twice: applied once, one audit record.
    expect(await inbox.countDocuments({ eventId: revoked.eventId })).toBe(1);
    expect(await client.db(database).collection('audit_trail').countDocuments({ action: 'contact-person-revoked' })).toBe(1);
  }, 60_000);
});
