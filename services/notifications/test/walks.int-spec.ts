import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { type EventContract, VolunteerContactDetailsRecordedV1, WalkCancelledV1, WalkUnderstaffedV1 } from '@trygg/contracts';
import { MailCatcherClient, ServiceProcess, publishEvent, testKafka, testMongo, waitFor } from '@trygg/testing';
import type { z } from 'zod';
import { notificationsEnv } from './support';

// Walk notices through the built service and the shared SMTP catcher: volunteers.walk-understaffed.v1 mails Lilla
// Edet's coordinator mailbox; volunteers.walk-cancelled.v1 mails each booked walker (contact details from volunteers'
// event) in their language. Unique database, consumer group, queue prefix, meeting point and addresses; port 4388.

const run = randomUUID().slice(0, 8);
const port = 4388;
const database = `walks_notifications_${run}`;
const mail = new MailCatcherClient(process.env['MAIL_CATCHER_URL'] ?? 'http://127.0.0.1:1080');
const notifications = new ServiceProcess({
  service: 'notifications',
  port,
  env: notificationsEnv({ port, database, group: `walks-notifications-${run}`, env: { ENROLMENT_URL: 'http://127.0.0.1:4389' } }),
});

async function publish<C extends EventContract>(contract: C, payload: z.input<C['payload']>): Promise<void> {
  await publishEvent(testKafka(), contract, { municipalityId: 'lilla-edet', correlationId: `walks-${run}` }, payload);
}

const walk = () => ({
  walkId: randomUUID(),
  seriesId: null,
  organisationId: 'lilla-edets-forsamling',
  startsAt: '2030-06-14T19:00:00.000Z',
  endsAt: '2030-06-14T23:00:00.000Z',
  meetingPoint: `Stationen ${run}`,
  localDate: '2030-06-14',
  localStartTime: '21:00',
  localEndTime: '01:00',
});

describe('walk notices reach the SMTP server (notifications as a process)', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    client = await testMongo();
    await notifications.start();
  }, 120_000);

  afterAll(async () => {
    await notifications.stop();
    await client.db(database).dropDatabase();
    await client.close();
  }, 60_000);

  it('an understaffed walk is mailed to the coordinator mailbox', async () => {
    await publish(WalkUnderstaffedV1, { ...walk(), bookedWalkers: 1, requiredWalkers: 2, problems: ['too_few_walkers'] });
    const notice = await waitFor('the understaffed notice', async () => (await mail.messagesTo('samordnare@lillaedet.example')).find((m) => m.text.includes(`Stationen ${run}`)), { timeoutMs: 30_000, intervalMs: 200 });
    expect(notice.subject).toBe('För få vandrare 2030-06-14 – Lilla Edets kommun');
    expect(notice.text).toContain('Bokade: 1 av minst 2.');
  }, 60_000);

  it('a cancelled walk is mailed to each booked walker, in their language', async () => {
    const walkers = [
      { personId: randomUUID(), name: 'Vera Vandrare', email: `vera-${run}@walks.example`, language: 'sv' as const },
      { personId: randomUUID(), name: 'Walt Walker', email: `walt-${run}@walks.example`, language: 'en' as const },
    ];
    for (const w of walkers) await publish(VolunteerContactDetailsRecordedV1, { volunteerId: randomUUID(), occasion: 'sign-up', mobile: null, smsOptIn: false, ...w });
    await publish(WalkCancelledV1, { ...walk(), reason: 'Storm', bookedPersonIds: walkers.map((w) => w.personId) });
    const find = (address: string, subject: string) =>
      waitFor(`the cancellation to ${address}`, async () => (await mail.messagesTo(address)).find((m) => m.subject === subject), { timeoutMs: 30_000, intervalMs: 200 });
    const sv = await find(walkers[0]!.email, 'Vandringen 2030-06-14 är inställd – Lilla Edets kommun');
    expect(sv.text).toContain('Hej Vera Vandrare!');
    expect(sv.text).toContain('Anledning: Storm');
    const en = await find(walkers[1]!.email, 'The walk on 2030-06-14 is cancelled – Lilla Edets kommun');
    expect(en.text).toContain(`Stationen ${run} is cancelled.`);
  }, 60_000);
});
