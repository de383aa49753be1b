import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createEvent, type EventContract, VolunteerContactDetailsRecordedV1, WalkCancelledV1, WalkInvitationDueV1, WalkReminderDueV1, WalkUnderstaffedV1 } from '@trygg/contracts';
import { MailCatcherClient, produceRaw, ServiceProcess, publishEvent, testKafka, testMongo, waitFor } from '@trygg/testing';
import type { z } from 'zod';
import { FakeEnrolmentLinks } from './private-infra';
import { notificationsEnv, webCaller } from './support';

// Walk notices through the built service and the shared SMTP catcher: volunteers.walk-understaffed.v1 mails Lilla
// Edet's coordinator mailbox; volunteers.walk-cancelled.v1 mails each booked walker (contact details from volunteers'
// event) in their language. Issue 15: the day-before reminder and the invitation to an understaffed walk — SMS to a
// confirmed, opted-in mobile (the shared local SMS gateway), else email — with the walker's walk page (a fake of
// volunteers' links, port 3682), once; the cancellation of a walk volunteers could not staff, with its own text.
// Unique database, consumer group, queue prefix, meeting point, addresses and mobile numbers; port 4388. The process
// reads the municipalities without quiet hours (ServiceProcess), so the SMS go at once at any hour.

const run = randomUUID().slice(0, 8);
const port = 4388;
const database = `walks_notifications_${run}`;
const linksSecret = `walks-links-${randomUUID()}`;
const links = new FakeEnrolmentLinks(3682, linksSecret);
const mail = new MailCatcherClient(process.env['MAIL_CATCHER_URL'] ?? 'http://127.0.0.1:1080');
const smsGateway = process.env['SMS_PROVIDER_URL'] ?? 'http://127.0.0.1:1090';
const notifications = new ServiceProcess({
  service: 'notifications',
  port,
  env: notificationsEnv({
    port,
    database,
    group: `walks-notifications-${run}`,
    env: { ENROLMENT_URL: 'http://127.0.0.1:4389', VOLUNTEERS_URL: links.url, INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: linksSecret, SMS_PROVIDER_URL: smsGateway },
  }),
});
/** A mobile number of this run (the shared gateway keeps every run's texts). */
const mobileOf = (n: number) => `+4670${String(Number.parseInt(run.slice(0, 6), 16) % 100_000).padStart(5, '0')}${n}${n}`;
const textsTo = async (mobile: string) =>
  ((await (await fetch(`${smsGateway}/api/messages?to=${encodeURIComponent(mobile)}`)).json()) as Array<{ message: string }>).filter((m) => !m.message.includes('bekräfta ditt mobilnummer'));

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
    await links.start();
    await notifications.start();
  }, 120_000);

  afterAll(async () => {
    await notifications.stop();
    await links.stop();
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

  /** A walker notifications knows; with `mobile`, SMS chosen and the number confirmed by code as the web page does it. */
  async function walker(name: string, mobile: string | null): Promise<{ personId: string; volunteerId: string; email: string }> {
    const w = { personId: randomUUID(), volunteerId: randomUUID(), email: `${name.toLowerCase()}-${run}@walks.example` };
    await publish(VolunteerContactDetailsRecordedV1, { volunteerId: w.volunteerId, personId: w.personId, occasion: 'sign-up', name, email: w.email, mobile, smsOptIn: mobile !== null, language: 'sv' });
    await mail.waitForMailTo(w.email, 30_000); // the sign-up receipt: the recipient is stored
    if (mobile) {
      const headers = { ...webCaller, 'content-type': 'application/json' };
      const asked = await fetch(`${notifications.url}/internal/recipients/${w.personId}/mobile-code?municipalityId=lilla-edet`, { method: 'POST', headers });
      expect(await asked.json()).toMatchObject({ sent: true });
      const codeSms = await waitFor('the code SMS', async () => (await (await fetch(`${smsGateway}/api/messages?to=${encodeURIComponent(mobile)}`)).json() as Array<{ message: string }>).find((m) => /\b\d{6}\b/.test(m.message)), { timeoutMs: 20_000, intervalMs: 200 });
      const code = /\b(\d{6})\b/.exec(codeSms.message)![1]!;
      const answered = await fetch(`${notifications.url}/internal/recipients/${w.personId}/mobile-confirmation?municipalityId=lilla-edet`, { method: 'POST', headers, body: JSON.stringify({ code }) });
      expect(await answered.json()).toMatchObject({ outcome: 'confirmed' });
    }
    return w;
  }

  /** The messages notifications stored for an event (its delivery log). */
  const messagesOf = (eventId: string) => client.db(database).collection('messages').find({ eventId }).toArray();

  it('the day-before reminder: SMS to the confirmed mobile, email to the walker without one — each once, redelivered or not', async () => {
    const mobile = mobileOf(1);
    const [texted, mailed] = [await walker('Sara', mobile), await walker('Erik', null)];
    const w = walk();
    const reminder = createEvent(WalkReminderDueV1, { municipalityId: 'lilla-edet', correlationId: `walks-${run}` }, { ...w, personId: texted.personId, volunteerId: texted.volunteerId });
    // Delivered twice (as Kafka may), then the other walker's reminder of the same walk: the same partition (keyed by
    // the walk), so once that one is sent the duplicate has been handled.
    await produceRaw(testKafka(), WalkReminderDueV1.type, [reminder, reminder].map((e) => ({ key: w.walkId, value: JSON.stringify(e) })));
    await publish(WalkReminderDueV1, { ...w, personId: mailed.personId, volunteerId: mailed.volunteerId });
    const email = await waitFor('the reminder email', async () => (await mail.messagesTo(mailed.email)).find((m) => m.subject.startsWith('Påminnelse')), { timeoutMs: 30_000, intervalMs: 200 });
    expect(email.subject).toBe('Påminnelse: vandring 2030-06-14 kl. 21:00 – Lilla Edets kommun');
    expect(email.text).toContain(`Samling: Stationen ${run}`);
    expect(email.text).toContain('http://127.0.0.1:3000/ale/mina-uppgifter/tok'); // the fake's walk-page link
    expect(links.requests).toContainEqual({ kind: 'walker-walks', volunteerId: mailed.volunteerId });
    expect(email.headers['list-unsubscribe']).toBeDefined(); // a reminder, not transactional
    const [sms] = await waitFor('the reminder SMS', async () => ((await textsTo(mobile)).length ? textsTo(mobile) : undefined), { timeoutMs: 30_000, intervalMs: 200 });
    expect(sms!.message).toContain(`Påminnelse: vandring 2030-06-14 kl. 21:00, samling Stationen ${run}.`);
    expect(sms!.message).toContain('http://127.0.0.1:3000/ale/mina-uppgifter/tok');
    const logged = await waitFor('the SMS recorded sent', async () => {
      const messages = await messagesOf(reminder.eventId);
      return messages.every((m) => m['status'] !== 'queued' && m['status'] !== 'sending') ? messages : undefined;
    });
    expect(logged.map((m) => `${m['channel']}/${m['status']}`)).toEqual([expect.stringMatching(/^sms\/(sent|delivered)$/)]);
    expect(await textsTo(mobile)).toHaveLength(1);
    expect((await mail.messagesTo(texted.email)).filter((m) => m.subject.startsWith('Påminnelse'))).toEqual([]); // SMS, not both
    expect(links.requests).toContainEqual({ kind: 'walker-walks', volunteerId: texted.volunteerId });
  }, 120_000);

  it('an invitation to an understaffed walk carries the walk page to book from; an unstaffed cancellation has its own text', async () => {
    const invited = await walker('Ines', null);
    const w = walk();
    await publish(WalkInvitationDueV1, { ...w, personId: invited.personId, volunteerId: invited.volunteerId, placesLeft: 1 });
    const invitation = await waitFor('the invitation', async () => (await mail.messagesTo(invited.email)).find((m) => m.subject.startsWith('Vi behöver')), { timeoutMs: 30_000, intervalMs: 200 });
    expect(invitation.subject).toBe('Vi behöver fler vandrare 2030-06-14 – Lilla Edets kommun');
    expect(invitation.text).toContain('Boka här: http://127.0.0.1:3000/ale/mina-uppgifter/tok');
    expect(links.requests).toContainEqual({ kind: 'walker-walks', volunteerId: invited.volunteerId });

    const mobile = mobileOf(2);
    const booked = await walker('Gun', mobile);
    await publish(WalkCancelledV1, { ...w, reason: 'unstaffed', cause: 'unstaffed', bookedPersonIds: [booked.personId] });
    const notice = await waitFor('the cancellation', async () => (await mail.messagesTo(booked.email)).find((m) => m.subject.includes('inställd')), { timeoutMs: 30_000, intervalMs: 200 });
    expect(notice.text).toContain('är inställd: det var inte tillräckligt många vandrare bokade');
    const [sms] = await waitFor('the cancellation SMS', async () => ((await textsTo(mobile)).length ? textsTo(mobile) : undefined), { timeoutMs: 30_000, intervalMs: 200 });
    expect(sms!.message).toBe(`Vandringen 2030-06-14 kl. 21:00 från Stationen ${run} är inställd: för få vandrare. /Lilla Edets kommun`);
  }, 120_000);
});
