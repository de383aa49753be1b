import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { mongo } from 'mongoose';
import { PoliceAreaMessageRequestedV1 } from '@trygg/contracts';
import { MailCatcherClient, mongoUrl, produceRaw, ServiceProcess, TestIdp, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';

// An officer's area message through the built services on the real Kafka, FerretDB, Redis and SMTP catcher: the
// officer (TestIdp token) asks police-liaison → 202 with the message id at once → police.area-message-requested.v1
// from its outbox → notifications sends it as the broadcast with that id to the members of the chosen area (seeded
// in notifications' own collection, as member-joined events build it) → their mails in the catcher. The same event
// delivered again creates no second broadcast and no second message. Unique databases, consumer groups and queue
// prefix per run; ports 3626–3627.

const run = randomUUID().slice(0, 8);
const ports = { police: 3626, notifications: 3627 };
const db = { police: `amsg_it_police_${run}`, notifications: `amsg_it_notifications_${run}` };
const mail = new MailCatcherClient(process.env['MAIL_CATCHER_URL'] ?? 'http://127.0.0.1:1080');
const kafka = testKafka();
const env = {
  police: {
    MONGO_URL: mongoUrl(db.police),
    CONSUMER_GROUP: `amsg-it-police-${run}`,
    CONSUMER_FROM_BEGINNING: 'false',
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380',
    RATE_LIMIT_KEY_PREFIX: `amsg-it-${run}`,
    LOG_LEVEL: 'info',
  } as Record<string, string>,
  notifications: {
    MONGO_URL: mongoUrl(db.notifications),
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380',
    SMTP_URL: process.env['SMTP_URL'] ?? 'smtp://127.0.0.1:1025',
    NOTIFICATIONS_PUBLIC_URL: `http://127.0.0.1:${ports.notifications}`,
    CONSUMER_GROUP: `amsg-it-notifications-${run}`,
    CONSUMER_FROM_BEGINNING: 'false',
    QUEUE_PREFIX: `amsg-it-${run}`,
    RETRY_BASE_DELAY_MS: '200',
    // debug: the consumer's "duplicate event skipped" is the signal that the redelivery was handled.
    LOG_LEVEL: 'debug',
  } as Record<string, string>,
};
const police = new ServiceProcess({ service: 'police-liaison', port: ports.police, env: env.police });
const notifications = new ServiceProcess({ service: 'notifications', port: ports.notifications, env: env.notifications });
const MEMBERS = 3;
const address = (i: number) => `member${i}-${run}@area-messages.example`;

describe('an officer\'s area message: requested at police-liaison, sent once by notifications (processes)', () => {
  let client: mongo.MongoClient;
  let idp: TestIdp;
  let requested: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    // Members of Lödöse (Lilla Edet, lpo-trollhattan) and one of another area who must get nothing.
    const now = new Date();
    await client.db(db.notifications).collection('recipients').insertMany([
      ...Array.from({ length: MEMBERS }, (_, i) => ({ _id: `amsg-${run}-${i}`, municipalityId: 'lilla-edet', name: `Boende ${i}`, email: address(i), language: 'sv', groupIds: [], areaIds: ['lodose'], updatedAt: now })),
      { _id: `amsg-${run}-other`, municipalityId: 'lilla-edet', name: 'Annan', email: `other-${run}@area-messages.example`, language: 'sv', groupIds: [], areaIds: ['centrum-ostra'], updatedAt: now },
    ] as never[]);
    idp = await TestIdp.start();
    env.police['DEV_IDP_URL'] = idp.url;
    env.notifications['DEV_IDP_URL'] = idp.url;
    requested = await new TopicReader(kafka, PoliceAreaMessageRequestedV1.type).start();
    await Promise.all([police.start(), notifications.start()]);
  }, 120_000);

  afterAll(async () => {
    await requested?.stop();
    await Promise.all([police.stop(), notifications.stop()]);
    await idp?.close();
    for (const name of Object.values(db)) await client?.db(name).dropDatabase();
    await client?.close();
  }, 60_000);

  it('202 at once → the event → one broadcast with the message id → every member\'s mail; a redelivery changes nothing', async () => {
    const officer = await idp.officer('lpo-trollhattan', `polis-${run}`);
    const post = (body: Record<string, unknown>, headers = officer) =>
      fetch(`${police.url}/police-areas/lpo-trollhattan/area-messages`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const subject = `Inbrott i Lödöse ${run}`;
    const valid = { municipalityId: 'lilla-edet', subject, body: 'Flera inbrott i veckan. Lås dörrar och fönster.', urgent: false, channels: ['email'], areaIds: ['lodose'] };
    const empty = await post({ ...valid, subject: ' ' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field)).toEqual(['subject']);
    expect((await post({ ...valid, municipalityId: 'ale' })).status).toBe(404);
    expect((await post(valid, await idp.coordinator('lilla-edet'))).status).toBe(403);

    const res = await post(valid);
    expect(res.status).toBe(202);
    const { messageId } = (await res.json()) as { messageId: string };

    // The event from police-liaison's outbox: no recipient, the officer as sender.
    const event = await requested.waitFor('police.area-message-requested', (m) => m.value!.toString().includes(messageId));
    const envelope = JSON.parse(event.value!.toString()) as { eventId: string; payload: Record<string, unknown> };
    expect(envelope.payload).toMatchObject({ messageId, policeAreaId: 'lpo-trollhattan', filter: { areaIds: ['lodose'] }, subject, category: 'information', channels: ['email'] });

    // Every member of the area gets the mail; the member of another area does not.
    for (let i = 0; i < MEMBERS; i++) {
      const got = await mail.waitForMailTo(address(i));
      expect(got.subject).toContain(subject);
    }

    // Delivered again (the same event): the consumer's inbox skips it by eventId. And the same request under another
    // eventId (as if the inbox record were lost with a process that died after the broadcast was written): the
    // handler finds the broadcast by the message id and writes nothing.
    const logged = (what: string, ...parts: string[]) =>
      waitFor(what, () => (readFileSync(notifications.logFile, 'utf8').split('\n').some((l) => parts.every((p) => l.includes(p))) ? true : undefined), { timeoutMs: 30_000, intervalMs: 200 });
    const key = event.key?.toString() ?? messageId;
    await produceRaw(kafka, PoliceAreaMessageRequestedV1.type, [{ key, value: event.value!.toString() }]);
    await logged('the redelivery skipped', envelope.eventId, 'duplicate event skipped');
    const copy = { ...JSON.parse(event.value!.toString()), eventId: randomUUID() } as { eventId: string };
    await produceRaw(kafka, PoliceAreaMessageRequestedV1.type, [{ key, value: JSON.stringify(copy) }]);
    await logged('the copy found the broadcast', copy.eventId, messageId, 'a redelivery');
    const ntf = client.db(db.notifications);
    expect(await ntf.collection('broadcasts').countDocuments({})).toBe(1);
    expect(await ntf.collection('broadcasts').findOne({ _id: messageId as never })).toMatchObject({ municipalityId: 'lilla-edet', recipients: MEMBERS, createdBy: `${idp.issuer('polisen')}#polis-${run}` });
    expect(await ntf.collection('messages').countDocuments({ broadcastId: messageId })).toBe(MEMBERS);
    for (let i = 0; i < MEMBERS; i++) expect((await mail.messagesTo(address(i))).filter((m) => m.subject.includes(subject))).toHaveLength(1);
    expect(await mail.messagesTo(`other-${run}@area-messages.example`)).toEqual([]);

    // The officer reads the progress at notifications (the broadcast of a municipality of their police area).
    const totals = await waitFor('sent totals', async () => {
      const t = (await (await fetch(`${notifications.url}/staff/lilla-edet/broadcasts/${messageId}`, { headers: officer })).json()) as { recipients: number; totals: Array<{ channel: string; status: string; count: number }> };
      return t.totals.some((r) => r.status === 'sent' && r.count === MEMBERS) ? t : undefined;
    }, { timeoutMs: 30_000, intervalMs: 200 });
    expect(totals.recipients).toBe(MEMBERS);
    expect((await fetch(`${notifications.url}/staff/lilla-edet/broadcasts/${messageId}`, { headers: await idp.officer('lpo-ale-kungalv') })).status).toBe(403);

    // The officer's list, and the request in police-liaison's audit trail.
    const list = (await (await fetch(`${police.url}/police-areas/lpo-trollhattan/area-messages`, { headers: officer })).json()) as { messages: Array<{ id: string }> };
    expect(list.messages.map((m) => m.id)).toContain(messageId);
    const trail = await client.db(db.police).collection('audit_trail').find({ 'subject.id': messageId }).toArray();
    expect(trail.map((a) => a['action'])).toEqual(['area-message-requested']);
  }, 180_000);
});
