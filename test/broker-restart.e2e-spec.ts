import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { consumerGroupsCaughtUp, MailCatcherClient, mongoUrl, outboxesDrained, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';
import { RegistrationSubmittedV1, subscriptions } from '@trygg/contracts';

// The broker goes away mid-flow and comes back: the registration stored while Kafka was down is published
// by the outbox when it returns, consumed once, and mailed once. (Restarts the local Kafka: run alone, as CI does.)

const infra = join(__dirname, '../deploy/local/infra.sh');
const kafka = (command: 'stop' | 'start') => execFileSync('bash', [infra, command, 'kafka'], { stdio: 'ignore', timeout: 120_000 });

// The service-to-service secrets (libs/auth: one per caller and purpose, read by the caller and the called service),
// fresh per run: notifications → enrolment's POST /internal/links, the web → notifications' preferences.
const internalSecrets = { INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: randomBytes(32).toString('hex'), INTERNAL_SECRET_WEB_PREFERENCES: randomBytes(32).toString('hex') };
const notificationsGroup = `e2e-broker-notifications-${randomUUID().slice(0, 8)}`;
const mail = new MailCatcherClient();
// Started in beforeAll, trusting the issuers of a TestIdp (DEV_IDP_URL).
let idp: TestIdp;
let enrolment: ServiceProcess;
let notifications: ServiceProcess;

describe('a broker restart in the middle of the flow', () => {
  beforeAll(async () => {
    await startGroupAtEnd(testKafka(), notificationsGroup, subscriptions.notifications);
    idp = await TestIdp.start();
    enrolment = new ServiceProcess({
      service: 'enrolment',
      port: 3231,
      env: { MONGO_URL: mongoUrl('e2e_broker_enrolment'), ...internalSecrets, DEV_IDP_URL: idp.url },
    });
    // The real enrolment issues the confirmation link the email carries.
    notifications = new ServiceProcess({
      service: 'notifications',
      port: 3234,
      env: {
        MONGO_URL: mongoUrl('e2e_broker_notifications'),
        // A fresh group whose offsets are committed at the end of its topics before it starts (startGroupAtEnd): it
        // skips other tests' backlog, and every partition has a committed offset, so "caught up" can be told.
        CONSUMER_GROUP: notificationsGroup,
        QUEUE_PREFIX: 'e2e-broker',
        ENROLMENT_URL: 'http://127.0.0.1:3231',
        ...internalSecrets,
        DEV_IDP_URL: idp.url,
      },
    });
    await Promise.all([enrolment.start(), notifications.start()]);
  }, 120_000);

  afterAll(async () => {
    kafka('start');
    await Promise.all([enrolment?.stop(), notifications?.stop()]);
    await idp?.close();
  }, 120_000);

  it('loses no registration and sends its email once', async () => {
    kafka('stop');
    const email = `broker-${randomUUID().slice(0, 8)}@e2e.example`;
    const res = await fetch(`${enrolment.url}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        municipalityId: 'trollhattan',
        name: 'Gustav Gran',
        email,
        address: { street: 'Storgatan', number: '1', postcode: '461 30' },
        intent: 'join',
      }),
    });
    expect(res.status).toBe(202); // stored with its event; the publish waits for the broker
    const client = await testMongo();
    const stored = await client.db('e2e_broker_enrolment').collection('registrations').findOne({ email });
    expect(stored).toMatchObject({ outboxPending: true });
    expect(await mail.messagesTo(email)).toHaveLength(0);

    kafka('start');
    const received = await mail.waitForMailTo(email, 90_000);
    expect(received.text).toMatch(/http:\/\/127\.0\.0\.1:3000\/trollhattan\/grannsamverkan\/bekrafta\/[A-Za-z0-9_-]{20,}/);
    await enrolment.waitReady(60_000);
    await notifications.waitReady(60_000);
    // Nothing left that could mail again: everything published, handled and sent.
    await waitFor(
      'the flow to settle',
      async () => (await outboxesDrained(client, ['e2e_broker_enrolment', 'e2e_broker_notifications'])) && consumerGroupsCaughtUp(testKafka(), [notificationsGroup], [RegistrationSubmittedV1.type]),
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    await client.close();
    expect(await mail.messagesTo(email)).toHaveLength(1);
  }, 240_000);
});
