import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { ActivityCheckRequestedV1, type EventContract, ResidentDetailsChangedV1 } from '@trygg/contracts';
import { MailCatcherClient, ServiceProcess, publishEvent, testKafka, testMongo, waitFor } from '@trygg/testing';
import { notificationsEnv } from './support';
import type { z } from 'zod';
import { FakeEnrolmentLinks } from './private-infra';

// The yearly activity check end to end through the built service: a self-service correction (the recipient's new
// address) and the check request arrive on Kafka, notifications asks the (fake) enrolment links API for an
// activity-check link and the email with its one-click answers lands in the shared SMTP catcher. Ports 3850–3899;
// shared Redis and SMTP catcher with a unique queue prefix, consumer group, database and addresses.

const run = randomUUID().slice(0, 8);
const ports = { service: 3850, links: 3851 };
const database = `nt2_activity_${run}`;
const internalToken = 'nt2-int-internal-token-0123456789';
const links = new FakeEnrolmentLinks(ports.links, internalToken);
const mail = new MailCatcherClient(process.env['MAIL_CATCHER_URL'] ?? 'http://127.0.0.1:1080');
const notifications = new ServiceProcess({
  service: 'notifications',
  port: ports.service,
  env: notificationsEnv({
    port: ports.service,
    database,
    group: `nt2-activity-${run}`,
    env: {
      ENROLMENT_URL: links.url,
      INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: internalToken,
    },
  }),
});

async function publish<C extends EventContract>(contract: C, payload: z.input<C['payload']>): Promise<void> {
  await publishEvent(testKafka(), contract, { municipalityId: 'ale', correlationId: `nt2-${run}` }, payload);
}

describe('the yearly activity check (process, shared SMTP catcher)', () => {
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

  it('mails the contact person’s corrected address an activity-check link with one-click answers', async () => {
    const personId = randomUUID();
    const checkId = randomUUID();
    const address = `contact-${run}@nt2.example`;
    await publish(ResidentDetailsChangedV1, { personId, name: 'Kim Kontakt', email: address, mobile: null, smsOptIn: false, emailUpdates: true, language: 'sv' });
    // Separate topics have no order: the check waits until the correction is stored, as it would in real life.
    const stored = await waitFor('the corrected recipient', () => client.db(database).collection('recipients').findOne({ _id: personId as never }).then((d) => d ?? undefined), { timeoutMs: 20_000, intervalMs: 200 });
    expect(stored).toMatchObject({ municipalityId: 'ale', email: address, emailUpdates: true, language: 'sv' });

    await publish(ActivityCheckRequestedV1, { groupId: randomUUID(), checkId, contactPersonId: personId, groupName: 'Solgläntan', reminder: 0 });
    const received = await mail.waitForMailTo(address);
    expect(received.subject).toBe('Är grannsamverkan Solgläntan fortfarande igång? – Ale kommun');
    const link = new RegExp(`http://127\\.0\\.0\\.1:3000/ale/grannsamverkan/aktiv/tok\\d+-${checkId.slice(0, 8)}\\?svar=`);
    expect(received.text).toMatch(link);
    for (const answer of ['active', 'active-list-outdated', 'not-active']) expect(received.text).toContain(`?svar=${answer}\n`);
    expect(received.html).toMatch(new RegExp(`<a href="${link.source}not-active">`));
    expect(received.headers['list-unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:3850\/unsubscribe\//); // a reminder, not transactional
    expect(links.requests).toEqual([{ kind: 'activity-check', checkId }]);
  }, 40_000);
});
