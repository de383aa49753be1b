import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { SMTPServer } from 'smtp-server';
import { ContactReachabilityChangedV1, type EventContract, isEvent, parseEvent, RegistrationConfirmedV1, RegistrationSubmittedV1, ResidentDetailsChangedV1 } from '@trygg/contracts';
import { ServiceProcess, publishEvent, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';
import { notificationsEnv } from './support';
import type { z } from 'zod';
import { FakeEnrolmentLinks, PrivateRedis, PrivateSmsGateway } from './private-infra';

// Stale contacts through the built service: the mail server refuses an address for good (550), notifications marks
// it and publishes notifications.contact-reachability-changed.v1 from the recipient's outbox, once; a changed address
// publishes "reachable again". Own SMTP server (in this test: it answers 550 for gone-* addresses), Redis, SMS gateway
// and links API on ports 4100–4104; shared Kafka and FerretDB with our own database, consumer group and queue prefix.

const run = randomUUID().slice(0, 8);
const ports = { smtp: 4100, redis: 4101, sms: 4102, links: 4103, service: 4104 };
const database = `unreach_notifications_${run}`;
const internalToken = 'unreach-int-internal-token-0123456789';
const accepted: string[] = [];
const refused: string[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  closeTimeout: 200,
  onRcptTo(address, _session, callback) {
    if (address.address.startsWith('gone-')) {
      refused.push(address.address);
      return callback(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }));
    }
    accepted.push(address.address);
    callback();
  },
  onData(stream, _session, callback) {
    stream.resume();
    stream.on('end', () => callback());
  },
});
const redis = new PrivateRedis(ports.redis);
const sms = new PrivateSmsGateway(ports.sms);
const links = new FakeEnrolmentLinks(ports.links, internalToken);
const notifications = new ServiceProcess({
  service: 'notifications',
  port: ports.service,
  env: notificationsEnv({
    port: ports.service,
    database,
    group: `unreach-ntf-${run}`,
    env: {
      REDIS_URL: redis.url,
      SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
      SMS_PROVIDER_URL: sms.url,
      ENROLMENT_URL: links.url,
      INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: internalToken,
    },
  }),
});

async function publish<C extends EventContract>(contract: C, payload: z.input<C['payload']>): Promise<string> {
  return (await publishEvent(testKafka(), contract, { municipalityId: 'ale', correlationId: `unreach-${run}` }, payload)).eventId;
}

describe('stale contacts: a hard bounce is told to enrolment (process, own SMTP server)', () => {
  let client: mongo.MongoClient;
  let reader: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    await new Promise<void>((done) => smtp.listen(ports.smtp, '127.0.0.1', done));
    await Promise.all([redis.start(), sms.start(), links.start()]);
    await notifications.start(); // creates the topics it needs, ours included
    reader = await new TopicReader(testKafka(), ContactReachabilityChangedV1.type).start();
  }, 120_000);

  afterAll(async () => {
    await reader?.stop();
    await notifications.stop();
    await links.stop();
    await Promise.all([redis.dispose(), sms.dispose()]);
    await new Promise<void>((done) => smtp.close(() => done()));
    await client.db(database).dropDatabase();
    await client.close();
  }, 60_000);

  const eventsOf = (personId: string) =>
    reader
      .matching((m) => m.key?.toString() === personId)
      .map((m) => parseEvent(JSON.parse(m.value!.toString('utf8')), ContactReachabilityChangedV1.type))
      .flatMap((e) => (isEvent(e, ContactReachabilityChangedV1) ? [e] : []));

  it('publishes "not reachable" once for a 550, keyed by the person, ids only; a new address publishes "reachable"', async () => {
    const personId = randomUUID();
    const registrationId = randomUUID();
    const dead = `gone-${run}@unreach.example`;
    await publish(RegistrationSubmittedV1, { registrationId, personId, name: 'Otto Onåbar', email: dead, language: 'sv' });

    const [bounced] = await waitFor('the reachability event', () => (eventsOf(personId).length ? eventsOf(personId) : undefined), { timeoutMs: 30_000, intervalMs: 200 });
    expect(refused).toContain(dead);
    expect(bounced).toMatchObject({
      type: ContactReachabilityChangedV1.type,
      municipalityId: 'ale',
      correlationId: `unreach-${run}`,
      payload: { personId, channel: 'email', reachable: false, reason: 'hard-bounce' },
    });
    expect(JSON.stringify(bounced)).not.toContain(dead);
    const recipients = client.db(database).collection('recipients');
    const stored = await waitFor('the outbox emptied', () => recipients.findOne({ _id: personId as never, outboxPending: false }).then((d) => d ?? undefined), { timeoutMs: 10_000, intervalMs: 200 });
    expect(stored['emailBouncedAt']).toEqual(new Date(bounced!.payload.changedAt));
    expect(stored['outbox']).toEqual({});

    // The welcome email for the same dead address is skipped, not sent, so nothing more is published.
    await publish(RegistrationConfirmedV1, { registrationId, personId, mobile: null, smsOptIn: false, placement: 'placed' });
    const messages = client.db(database).collection('messages');
    await waitFor('the welcome email skipped', () => messages.findOne({ recipientId: personId, template: 'registration-confirmed', status: 'skipped' }).then((d) => d ?? undefined), { timeoutMs: 20_000, intervalMs: 200 });

    const works = `works-${run}@unreach.example`;
    const correction = await publish(ResidentDetailsChangedV1, { personId, name: 'Otto Onåbar', email: works, mobile: null, smsOptIn: false, emailUpdates: true, language: 'sv' });
    await waitFor('the second reachability event', () => (eventsOf(personId).length >= 2 ? true : undefined), { timeoutMs: 20_000, intervalMs: 200 });
    const events = eventsOf(personId);
    expect(events.map((e) => [e.payload.reachable, e.payload.reason])).toEqual([
      [false, 'hard-bounce'],
      [true, 'address-changed'],
    ]);
    expect(events[1]!.causationId).toBe(correction);
    expect(await recipients.findOne({ _id: personId as never })).toMatchObject({ email: works, emailBouncedAt: null });
  }, 60_000);

  it('publishes for a recipient stored before recipients had an outbox', async () => {
    const personId = randomUUID();
    const dead = `gone-legacy-${run}@unreach.example`;
    // As an earlier version stored it: no outbox, no lease.
    await client.db(database).collection('recipients').insertOne({
      _id: personId as never, municipalityId: 'ale', name: 'Gammal Post', email: dead, emailBouncedAt: null, mobile: null, smsOptIn: false, emailUpdates: true, language: 'sv',
      groupIds: [], areaIds: [], preferences: { channels: { email: true, sms: true }, categories: { urgent: true, information: true, reminders: true } }, bounceSmsSentAt: null, updatedAt: new Date(),
    });
    await publish(RegistrationConfirmedV1, { registrationId: randomUUID(), personId, mobile: null, smsOptIn: false, placement: 'placed' });
    const [event] = await waitFor('the reachability event', () => (eventsOf(personId).length ? eventsOf(personId) : undefined), { timeoutMs: 30_000, intervalMs: 200 });
    expect(event!.payload).toMatchObject({ personId, reachable: false, reason: 'hard-bounce' });
  }, 40_000);
});
