import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { type EventContract, GroupActivatedV1, MemberJoinedV1, ResidentDetailsChangedV1 } from '@trygg/contracts';
import { IDP_GROUPS, MailCatcherClient, ServiceProcess, publishEvent, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';
import { membershipRecorded, nothingLeftToSend, notificationsEnv, webCaller, WEB_PREFERENCES_SECRET } from './support';
import type { z } from 'zod';
import { PrivateMailCatcher, PrivateRedis } from './private-infra';

// notifications as a real process on the shared Kafka and FerretDB, with its own SMTP catcher and Redis on the
// preferences port range (4200–4299): the footer link of an information email carries a token the internal
// preferences API accepts, and turning `information` off there skips the next information message.

const run = randomUUID().slice(0, 8);
const ports = { service: 4210, smtp: 4225, mailHttp: 4280, redis: 4279 };
const database = `prefs_ntf_${run}`;
const webUrl = 'http://web.prefs.example';

const smtp = new PrivateMailCatcher(ports.smtp, ports.mailHttp);
const redis = new PrivateRedis(ports.redis);
const mail = new MailCatcherClient(smtp.httpUrl);
const env = notificationsEnv({
  port: ports.service,
  database,
  group: `prefs-int-${run}`,
  env: {
    REDIS_URL: redis.url,
    SMTP_URL: smtp.smtpUrl,
    SMS_PROVIDER_URL: 'http://127.0.0.1:4291', // nothing listens: no SMS in this test
    ENROLMENT_URL: 'http://127.0.0.1:4292', // nor links: the messages here carry none
    WEB_PUBLIC_URL: webUrl,
  },
});
const notifications = new ServiceProcess({ service: 'notifications', port: ports.service, env });
/** The shipped municipalities' IdPs (the process gets DEV_IDP_URL): Ale's coordinator reads the log, an admin the queues. */
let idp: TestIdp;

async function publish<C extends EventContract>(contract: C, payload: z.input<C['payload']>): Promise<void> {
  await publishEvent(testKafka(), contract, { municipalityId: 'ale', correlationId: `prefs-int-${run}` }, payload);
}

const internal = (path: string, init: RequestInit = {}) =>
  fetch(`${notifications.url}/internal${path}`, { ...init, headers: { ...webCaller, 'content-type': 'application/json', ...(init.headers ?? {}) } });

jest.setTimeout(60_000);

describe('preferences through the footer link (notifications process, private SMTP/Redis)', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    env['DEV_IDP_URL'] = idp.url;
    await Promise.all([smtp.start(), redis.start()]);
    await notifications.start();
  }, 120_000);

  afterAll(async () => {
    await notifications.stop();
    await Promise.all([smtp.dispose(), redis.dispose(), idp.close()]);
    await client.db(database).dropDatabase();
    await client.close();
  }, 60_000);

  it("an information email's footer link gives a token the internal API accepts; information off → the next one is skipped (opted-out-category)", async () => {
    const personId = randomUUID();
    const address = `member-${run}@prefs.example`;
    await publish(ResidentDetailsChangedV1, { personId, name: 'Maj Lind', email: address, mobile: null, smsOptIn: false, emailUpdates: true, language: 'sv' });
    const groupId = randomUUID();
    await publish(MemberJoinedV1, { memberId: randomUUID(), personId, groupId, areaId: 'ale-centrum', subjectFields: {} });
    await membershipRecorded(client, database, personId, groupId); // before the group event (different topics)
    await publish(GroupActivatedV1, { groupId, areaId: 'ale-centrum', contactPersonId: randomUUID(), groupName: 'Solgläntan' });

    const received = await mail.waitForMailTo(address);
    const token = new RegExp(`${webUrl.replace(/\./g, '\\.')}/ale/utskick/([A-Za-z0-9_-]{43})`).exec(received.text)?.[1];
    expect(token).toBeDefined();
    expect(received.headers['list-unsubscribe']).toContain(`http://127.0.0.1:${ports.service}/unsubscribe/${token}`); // one-click: the same token

    // Only the web, with its own secret: nothing else opens the internal API (not the old shared token, not a staff token).
    expect((await fetch(`${notifications.url}/internal/preferences/${token}`)).status).toBe(401);
    expect((await fetch(`${notifications.url}/internal/preferences/${token}`, { headers: { 'x-internal-token': WEB_PREFERENCES_SECRET } })).status).toBe(401);
    expect((await fetch(`${notifications.url}/internal/preferences/${token}`, { headers: { ...(await idp.coordinator('ale')), 'x-internal-caller': 'web' } })).status).toBe(401);
    expect((await fetch(`${notifications.url}/internal/preferences/${token}`, { headers: { ...webCaller, 'x-internal-caller': 'enrolment' } })).status).toBe(401);
    const shown = await internal(`/preferences/${token}`);
    expect(shown.status).toBe(200);
    expect(await shown.json()).toEqual({
      municipalityId: 'ale',
      language: 'sv',
      linkCategory: 'information',
      preferences: { channels: { email: true, sms: true }, categories: { urgent: true, information: true, reminders: true } },
      available: { email: true, sms: false },
      mobile: 'none',
      updatedAt: null,
    });

    const refused = await internal(`/preferences/${token}`, { method: 'PUT', body: JSON.stringify({ channels: { email: true, sms: true }, categories: { urgent: true, information: false, reminders: true, transactional: false } }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field)).toEqual(['categories']);

    const saved = await internal(`/preferences/${token}`, { method: 'PUT', body: JSON.stringify({ channels: { email: true, sms: true }, categories: { urgent: true, information: false, reminders: true } }) });
    expect(saved.status).toBe(200);
    const stored = await client.db(database).collection('recipients').findOne({ _id: personId as never });
    expect(stored?.['preferences']).toMatchObject({ categories: { information: false, urgent: true, reminders: true } });
    expect(stored?.['preferencesUpdatedAt']).toBeInstanceOf(Date);

    // The next information message (another group of the person's) is skipped, with the reason.
    const second = randomUUID();
    await publish(MemberJoinedV1, { memberId: randomUUID(), personId, groupId: second, areaId: 'ale-centrum', subjectFields: {} });
    await membershipRecorded(client, database, personId, second);
    await publish(GroupActivatedV1, { groupId: second, areaId: 'ale-centrum', contactPersonId: randomUUID(), groupName: 'Björkdungen' });
    const skipped = await waitFor(
      'the second group message to be skipped',
      async () => {
        const res = await fetch(`${notifications.url}/staff/ale/messages?recipientId=${personId}`, { headers: await idp.coordinator('ale') });
        const { messages } = (await res.json()) as { messages: Array<{ channel: string; status: string; lastError: string | null }> };
        return messages.find((m) => m.channel === 'email' && m.status === 'skipped'); // (the SMS of each is skipped: no mobile)
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(skipped.lastError).toBe('opted-out-category');
    const admin = await idp.staff('ale', [IDP_GROUPS.admin], 'admin');
    await waitFor('nothing left to send', () => nothingLeftToSend(client, database, notifications.url, admin), { timeoutMs: 20_000, intervalMs: 200 });
    expect(await mail.messagesTo(address)).toHaveLength(1);
  });
});
