import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import type { mongo } from 'mongoose';
import { createEvent, RegistrationSubmittedV1 } from '@trygg/contracts';
import { IDP_GROUPS, mongoUrl, produceRaw, ServiceProcess, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';
import { FakeEnrolmentLinks, PrivateRedis } from './private-infra';
import { nothingLeftToSend } from './support';

// The worst moment to die: the SMTP server has the whole mail, the process is killed before it hears "250 OK"
// and before it records `sent`. The job runs again after its lock expires; it must not send a second time.

const run = randomUUID().slice(0, 8);
const ports = { service: 3405, smtp: 3428, redis: 3477, links: 3494 };
const database = `ntf_amo_${run}`;
const token = 'ntf-amo-internal-token-0123456789';

const received: string[] = [];
let onData: (() => void) | undefined;
/**
 * An SMTP server that keeps each mail. It holds its answer to the first one for good (the sender dies waiting for
 * it, at the moment the test chooses, however slow the machine); any later mail, a resend, is answered at once, so
 * that it shows as a second mail received rather than as a sender stuck waiting.
 */
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  closeTimeout: 200,
  onData(stream, session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received.push(session.envelope.rcptTo.map((r) => r.address).join(','));
      onData?.();
      if (received.length > 1) callback(); // the first is never answered: its sender is killed waiting
    });
  },
});
const redis = new PrivateRedis(ports.redis);
const links = new FakeEnrolmentLinks(ports.links, token);
const env: Record<string, string> = {
  MONGO_URL: mongoUrl(database),
  REDIS_URL: redis.url,
  SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
  ENROLMENT_URL: links.url,
  INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: token,
  CONSUMER_GROUP: `ntf-amo-${run}`,
  CONSUMER_FROM_BEGINNING: 'false',
  QUEUE_PREFIX: `ntf-amo-${run}`,
  JOB_LOCK_MS: '1500',
};
const notifications = new ServiceProcess({ service: 'notifications', port: ports.service, env });
/** The shipped municipalities' IdPs (the process gets DEV_IDP_URL): an admin reads the queues. */
let idp: TestIdp;

describe('at most one send per idempotency key', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    client = await testMongo();
    await new Promise<void>((done) => smtp.listen(ports.smtp, '127.0.0.1', done));
    idp = await TestIdp.start();
    env['DEV_IDP_URL'] = idp.url;
    await Promise.all([redis.start(), links.start()]);
    await notifications.start();
  }, 60_000);

  afterAll(async () => {
    await notifications.stop();
    await Promise.all([redis.dispose(), links.stop(), idp.close(), new Promise<void>((done) => smtp.close(() => done()))]);
    await client.db(database).dropDatabase();
    await client.close();
  }, 30_000);

  it('does not resend a mail when the process is killed after the SMTP server took it and before it recorded it', async () => {
    const address = `killed-${run}@ntf.example`;
    const personId = randomUUID();
    const dataArrived = new Promise<void>((done) => (onData = done));
    const event = createEvent(RegistrationSubmittedV1, { municipalityId: 'ale', correlationId: `ntf-amo-${run}` }, { registrationId: randomUUID(), personId, name: 'Kim Kill', email: address, language: 'sv' });
    await produceRaw(testKafka(), RegistrationSubmittedV1.type, [{ key: event.payload.registrationId, value: JSON.stringify(event) }]);
    await dataArrived;
    await notifications.kill('SIGKILL');
    await notifications.start();
    const message = await waitFor(
      'the job to run again and settle',
      async () => {
        const m = await client.db(database).collection('messages').findOne({ recipientId: personId });
        return m && m['status'] !== 'sending' ? m : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(message['status']).toBe('uncertain');
    expect((message['history'] as Array<{ status: string }>).map((h) => h.status)).toEqual(['queued', 'sending', 'uncertain']);
    // Settled: the job that found the message in `sending` has finished and nothing is queued to run again.
    const admin = await idp.staff('ale', [IDP_GROUPS.admin], 'admin');
    await waitFor('nothing left to send', () => nothingLeftToSend(client, database, notifications.url, admin), { timeoutMs: 20_000, intervalMs: 200 });
    expect(received.filter((to) => to === address)).toHaveLength(1);
  }, 60_000);
});
