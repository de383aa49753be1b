import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { type EventContract, OnboardingCompletedV1, OnboardingStepRequestedV1, VolunteerContactDetailsRecordedV1, VolunteerErasedV1 } from '@trygg/contracts';
import { MailCatcherClient, ServiceProcess, publishEvent, testKafka, testMongo, waitFor } from '@trygg/testing';
import { FakeEnrolmentLinks } from './private-infra';
import { notificationsEnv } from './support';
import type { z } from 'zod';

// Events out of order through the built service: onboarding's event for a walker arrives before volunteers' contact
// details (other topics; after a backlog Kafka does not order them). It waits in `awaiting` and is sent once the
// contact details are stored. Shared Kafka, FerretDB, Redis and SMTP catcher with a unique database, consumer group,
// queue prefix and addresses; ports 4700–4701 (the links port: a fake of volunteers'
// POST /internal/links for the walker's walk-page link in the welcome).

const run = randomUUID().slice(0, 8);
const ports = { service: 4700, links: 4701 };
const database = `awaiting_notifications_${run}`;
const linksSecret = `awaiting-links-${randomUUID()}`;
const links = new FakeEnrolmentLinks(ports.links, linksSecret);
const mail = new MailCatcherClient(process.env['MAIL_CATCHER_URL'] ?? 'http://127.0.0.1:1080');
const notifications = new ServiceProcess({
  service: 'notifications',
  port: ports.service,
  env: notificationsEnv({ port: ports.service, database, group: `awaiting-notifications-${run}`, env: { ENROLMENT_URL: `http://127.0.0.1:${ports.links}`, VOLUNTEERS_URL: `http://127.0.0.1:${ports.links}`, INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: linksSecret } }),
});

async function publish<C extends EventContract>(contract: C, payload: z.input<C['payload']>): Promise<void> {
  await publishEvent(testKafka(), contract, { municipalityId: 'lilla-edet', correlationId: `awaiting-${run}` }, payload);
}
const settle = { timeoutMs: 20_000, intervalMs: 200 };

describe('an event that arrives before the person it addresses (process, shared SMTP catcher)', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(database);
    await links.start();
    await notifications.start();
  }, 120_000);

  afterAll(async () => {
    await notifications.stop();
    await links.stop();
    await db.dropDatabase();
    await client.close();
  }, 60_000);

  it('onboarding.completed before the contact details: the Swedish walker-approved email arrives exactly once', async () => {
    const volunteerId = randomUUID();
    const personId = randomUUID();
    const address = `walker-${run}@awaiting.example`;
    const awaiting = db.collection('awaiting');

    await publish(OnboardingCompletedV1, { instanceId: randomUUID(), processId: 'lilla-edet/volunteer', processVersion: 1, subject: { kind: 'volunteer', id: volunteerId, personId }, outcome: 'approved', decidingStepId: null, reason: null });
    const parked = await waitFor('the event to wait for the walker', async () => (await awaiting.find({ recipientId: personId }).toArray())[0], settle);
    expect(parked).toMatchObject({ municipalityId: 'lilla-edet', ruleId: 'walker-approved', event: { type: 'onboarding.completed.v1' } });
    expect(await db.collection('messages').countDocuments({ recipientId: personId })).toBe(0);

    await publish(VolunteerContactDetailsRecordedV1, { volunteerId, personId, occasion: 'sign-up', name: 'Vera Vandrare', email: address, mobile: null, smsOptIn: false, language: 'sv' });
    const welcome = await waitFor('the approval email', async () => (await mail.messagesTo(address)).find((m) => m.subject.startsWith('Välkommen')), settle);
    expect(welcome.subject).toBe('Välkommen som trygghetsvandrare – Lilla Edets kommun');
    expect(welcome.text).toContain('Hej Vera Vandrare!');
    expect(welcome.text).toContain('Du är godkänd som trygghetsvandrare i Lilla Edets kommun');

    // Every message of the walker done (the SMS skipped: no mobile), then count what reached the mailbox.
    const messages = db.collection('messages');
    const done = await waitFor('the walker’s messages to finish', async () => {
      const all = await messages.find({ recipientId: personId }).toArray();
      return all.length === 3 && all.every((m) => ['sent', 'skipped'].includes(m['status'] as string)) ? all : undefined;
    }, settle);
    expect(done.map((m) => `${m['template']}/${m['channel']}/${m['status']}`).sort()).toEqual(['walker-approved/email/sent', 'walker-approved/sms/skipped', 'walker-signed-up/email/sent']);
    expect((await mail.messagesTo(address)).map((m) => m.subject).sort()).toEqual(['Tack för din anmälan som trygghetsvandrare – Lilla Edets kommun', 'Välkommen som trygghetsvandrare – Lilla Edets kommun']);
    expect(await awaiting.countDocuments({ recipientId: personId })).toBe(0);
  }, 60_000);

  it('erasure deletes what waited for the person', async () => {
    const volunteerId = randomUUID();
    const personId = randomUUID();
    const awaiting = db.collection('awaiting');
    await publish(OnboardingStepRequestedV1, { instanceId: randomUUID(), stepId: 'information-meeting', stepType: 'meeting-attendance', attempt: 1, subject: { kind: 'volunteer', id: volunteerId, personId }, subjectFields: {}, parameters: { meeting: 'information' }, policeAreaId: null, dueAt: null });
    await waitFor('the step to wait for the walker', async () => ((await awaiting.countDocuments({ recipientId: personId })) === 1 ? true : undefined), settle);
    await publish(VolunteerErasedV1, { volunteerId, personId, erasedAt: new Date().toISOString() });
    await waitFor('the erasure to delete it', async () => ((await awaiting.countDocuments({ recipientId: personId })) === 0 ? true : undefined), settle);
    expect(await db.collection('messages').countDocuments({ recipientId: personId })).toBe(0);
  }, 60_000);
});
