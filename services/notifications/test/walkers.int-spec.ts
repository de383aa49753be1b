import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { type EventContract, OnboardingCompletedV1, VolunteerContactDetailsRecordedV1, VolunteerErasedV1 } from '@trygg/contracts';
import { MailCatcherClient, ServiceProcess, publishEvent, testKafka, testMongo, waitFor } from '@trygg/testing';
import { FakeEnrolmentLinks } from './private-infra';
import { notificationsEnv } from './support';
import type { z } from 'zod';

// A walker (trygghetsvandrare) through the built service: volunteers' contact-details event makes them a recipient
// (and sends the sign-up receipt), onboarding.completed.v1 for their volunteer subject sends the walker welcome in
// Swedish, and the erasure event removes them again. Shared Kafka, FerretDB, Redis and SMTP catcher with a unique
// database, consumer group, queue prefix and addresses; ports 4310–4319 (the links port: a fake of volunteers'
// POST /internal/links for the walker's walk-page link in the welcome).

const run = randomUUID().slice(0, 8);
const ports = { service: 4310, links: 4311 };
const database = `walkers_notifications_${run}`;
const linksSecret = `walkers-links-${randomUUID()}`;
const links = new FakeEnrolmentLinks(ports.links, linksSecret);
const mail = new MailCatcherClient(process.env['MAIL_CATCHER_URL'] ?? 'http://127.0.0.1:1080');
const notifications = new ServiceProcess({
  service: 'notifications',
  port: ports.service,
  env: notificationsEnv({
    port: ports.service,
    database,
    group: `walkers-notifications-${run}`,
    env: {
      ENROLMENT_URL: `http://127.0.0.1:${ports.links}`,
      VOLUNTEERS_URL: `http://127.0.0.1:${ports.links}`,
      INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: linksSecret,
    },
  }),
});

async function publish<C extends EventContract>(contract: C, payload: z.input<C['payload']>): Promise<void> {
  await publishEvent(testKafka(), contract, { municipalityId: 'lilla-edet', correlationId: `walkers-${run}` }, payload);
}

describe('a walker hears from notifications (process, shared SMTP catcher)', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    client = await testMongo();
    await links.start();
    await notifications.start();
  }, 120_000);

  afterAll(async () => {
    await notifications.stop();
    await links.stop();
    await client.db(database).dropDatabase();
    await client.close();
  }, 60_000);

  it('gets the sign-up receipt, then the Swedish approval email; erased, they are forgotten', async () => {
    const volunteerId = randomUUID();
    const personId = randomUUID();
    const address = `walker-${run}@walkers.example`;
    await publish(VolunteerContactDetailsRecordedV1, { volunteerId, personId, occasion: 'sign-up', name: 'Vera Vandrare', email: address, mobile: null, smsOptIn: false, language: 'sv' });
    const receipt = await mail.waitForMailTo(address);
    expect(receipt.subject).toBe('Tack för din anmälan som trygghetsvandrare – Lilla Edets kommun');

    await publish(OnboardingCompletedV1, {
      instanceId: randomUUID(),
      processId: 'lilla-edet/volunteer',
      processVersion: 1,
      subject: { kind: 'volunteer', id: volunteerId, personId },
      outcome: 'approved',
      decidingStepId: null,
      reason: null,
    });
    const welcome = await waitFor('the approval email', async () => (await mail.messagesTo(address)).find((m) => m.subject.startsWith('Välkommen')), { timeoutMs: 20_000, intervalMs: 200 });
    expect(welcome.subject).toBe('Välkommen som trygghetsvandrare – Lilla Edets kommun');
    expect(welcome.text).toContain('Hej Vera Vandrare!');
    expect(welcome.text).toContain('Du är godkänd som trygghetsvandrare i Lilla Edets kommun');
    expect(welcome.text).toContain('Skriv till trygghet@lillaedet.example'); // the municipality's contact
    expect(welcome.headers['list-unsubscribe']).toBeUndefined(); // transactional
    // The walker's own walk page, asked of volunteers for this walker at send time.
    expect(links.requests).toContainEqual({ kind: 'walker-walks', volunteerId });
    expect(welcome.text).toMatch(/Boka|bokar dig[^]*http:\/\/127\.0\.0\.1:3000\//);

    await publish(VolunteerErasedV1, { volunteerId, personId, erasedAt: new Date().toISOString() });
    const recipients = client.db(database).collection('recipients');
    await waitFor('the walker to leave the recipients', async () => ((await recipients.countDocuments({ _id: personId as never })) === 0 ? true : undefined), { timeoutMs: 20_000, intervalMs: 200 });
    const messages = await client.db(database).collection('messages').find({ recipientId: personId }).toArray();
    expect(messages.map((m) => m['template']).sort()).toEqual(['walker-approved', 'walker-approved', 'walker-signed-up']);
    expect(messages.every((m) => m['payload'] === null)).toBe(true);
  }, 60_000);
});
