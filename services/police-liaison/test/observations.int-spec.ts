import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { PoliceObservationAnsweredV1, PoliceObservationReceivedV1, VolunteerContactDetailsRecordedV1 } from '@trygg/contracts';
import { MailCatcherClient, mongoUrl, publishEvent, ServiceProcess, TestIdp, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';

// An observation through the built services on the real Kafka, FerretDB, Redis and SMTP catcher: the web's report
// (its own secret) → police-liaison stores it and tells police.observation-received.v1 → notifications mails the
// police area's mailbox; the officer (TestIdp token) lists it, marks it read and answers → police.observation-answered.v1
// → notifications mails the answer to the reporter, known there by personId only. Unique databases, consumer groups,
// queue and rate-limit prefixes per run; ports 4380–4381.

const run = randomUUID().slice(0, 8);
const ports = { police: 4380, notifications: 4381 };
const db = { police: `obs_it_police_${run}`, notifications: `obs_it_notifications_${run}` };
const SECRET = `obs-it-web-observations-secret-${run}-0123456789`;
const mail = new MailCatcherClient(process.env['MAIL_CATCHER_URL'] ?? 'http://127.0.0.1:1080');
const kafka = testKafka();
const env = {
  police: {
    MONGO_URL: mongoUrl(db.police),
    CONSUMER_GROUP: `obs-it-police-${run}`,
    CONSUMER_FROM_BEGINNING: 'false',
    INTERNAL_SECRET_WEB_OBSERVATIONS: SECRET,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380',
    RATE_LIMIT_KEY_PREFIX: `obs-it-${run}`,
    LOG_LEVEL: 'info',
  } as Record<string, string>,
  notifications: {
    MONGO_URL: mongoUrl(db.notifications),
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380',
    SMTP_URL: process.env['SMTP_URL'] ?? 'smtp://127.0.0.1:1025',
    NOTIFICATIONS_PUBLIC_URL: `http://127.0.0.1:${ports.notifications}`,
    CONSUMER_GROUP: `obs-it-notifications-${run}`,
    CONSUMER_FROM_BEGINNING: 'false',
    QUEUE_PREFIX: `obs-it-${run}`,
    RETRY_BASE_DELAY_MS: '200',
    LOG_LEVEL: 'info',
  } as Record<string, string>,
};
const police = new ServiceProcess({ service: 'police-liaison', port: ports.police, env: env.police });
const notifications = new ServiceProcess({ service: 'notifications', port: ports.notifications, env: env.notifications });

interface ObservationJson {
  id: string;
  status: string;
  description: string;
  answer: { text: string } | null;
}

describe('an observation from a group reaches the officer, and the officer\'s answer reaches the reporter by email (processes)', () => {
  let client: mongo.MongoClient;
  let idp: TestIdp;
  let received: TopicReader;
  let answered: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    env.police['DEV_IDP_URL'] = idp.url;
    env.notifications['DEV_IDP_URL'] = idp.url;
    [received, answered] = await Promise.all([new TopicReader(kafka, PoliceObservationReceivedV1.type).start(), new TopicReader(kafka, PoliceObservationAnsweredV1.type).start()]);
    await Promise.all([police.start(), notifications.start()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([received, answered].map((r) => r?.stop()));
    await Promise.all([police.stop(), notifications.stop()]);
    await idp?.close();
    for (const name of Object.values(db)) await client?.db(name).dropDatabase();
    await client?.close();
  }, 60_000);

  it('report → event → the police mailbox and the officer\'s list → read → answer → the reporter\'s mail', async () => {
    // The reporter is a recipient of notifications (here through a walker's contact details: any person with an email).
    const personId = randomUUID();
    const address = `observer-${run}@observations.example`;
    await publishEvent(kafka, VolunteerContactDetailsRecordedV1, { municipalityId: 'lilla-edet', correlationId: `obs-${run}` }, {
      volunteerId: randomUUID(), personId, occasion: 'sign-up', name: 'Olle Observant', email: address, mobile: null, smsOptIn: false, language: 'sv',
    });
    await mail.waitForMailTo(address); // the receipt: notifications knows the person

    const groupId = randomUUID();
    const description = `Två personer kände på bildörrar längs Storgatan (${run}).`;
    const report = (body: Record<string, unknown>, secret = SECRET) =>
      fetch(`${police.url}/internal/observations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}`, 'x-internal-caller': 'web' }, body: JSON.stringify(body) });
    const valid = { municipalityId: 'lilla-edet', personId, groupId, areaId: 'centrum-ostra', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), address: 'Storgatan 12', activity: 'trying-doors', description };
    expect((await report({ ...valid, photo: 'data:image/jpeg;base64,AAAA' })).status).toBe(400);
    expect((await report({ ...valid, description: 'x'.repeat(2001) })).status).toBe(400);
    expect((await report(valid, `wrong-secret-${SECRET}`)).status).toBe(401);
    const res = await report(valid);
    expect(res.status).toBe(201);
    const { observationId, policeAreaId } = (await res.json()) as { observationId: string; policeAreaId: string };
    expect(policeAreaId).toBe('lpo-trollhattan');

    // The event carries no reporter, place or text.
    const event = await received.waitFor('police.observation-received', (m) => m.value!.toString().includes(observationId));
    const envelope = JSON.parse(event.value!.toString()) as { payload: { receivedAt: string } };
    expect(envelope.payload).toMatchObject({ observationId, policeAreaId: 'lpo-trollhattan', groupId, activity: 'trying-doors' });
    for (const personal of [personId, 'Storgatan', run]) expect(JSON.stringify(envelope.payload)).not.toContain(personal);
    // The police area's mailbox hears that one came in.
    const mailbox = 'kommunpolis.lpo-trollhattan@polisen.example';
    const notice = await waitFor('the police mailbox mail', async () => (await mail.messagesTo(mailbox)).find((m) => m.text.includes(envelope.payload.receivedAt)), { timeoutMs: 30_000, intervalMs: 200 });
    expect(notice.subject).toBe('Ny iakttagelse från en grannsamverkansgrupp – Lilla Edets kommun');

    // The officer of the area lists it (newest first, open); another area's officer does not see it.
    const officer = await idp.officer('lpo-trollhattan', `polis-${run}`);
    const list = async (area: string, headers: { authorization: string }) =>
      ((await (await fetch(`${police.url}/police-areas/${area}/observations`, { headers })).json()) as { observations: ObservationJson[] }).observations;
    const mine = (await list('lpo-trollhattan', officer)).find((o) => o.id === observationId);
    expect(mine).toMatchObject({ status: 'open', description });
    expect((await list('lpo-ale-kungalv', await idp.officer('lpo-ale-kungalv'))).some((o) => o.id === observationId)).toBe(false);
    expect((await fetch(`${police.url}/observations/${observationId}/read`, { method: 'POST', headers: await idp.officer('lpo-ale-kungalv') })).status).toBe(404);

    const read = await fetch(`${police.url}/observations/${observationId}/read`, { method: 'POST', headers: officer });
    expect(((await read.json()) as ObservationJson).status).toBe('read');
    const answer = 'Tack! Vi har fått fler tips om detta och åker förbi i kväll.';
    const post = (text: string) => fetch(`${police.url}/observations/${observationId}/answer`, { method: 'POST', headers: { ...officer, 'content-type': 'application/json' }, body: JSON.stringify({ answer: text }) });
    expect((await post(answer)).status).toBe(200);
    expect((await post('igen')).status).toBe(409);
    await answered.waitFor('police.observation-answered', (m) => m.value!.toString().includes(observationId));

    // The reporter gets the answer by email (notifications knows the address by personId).
    const reply = await waitFor('the answer mail', async () => (await mail.messagesTo(address)).find((m) => m.subject.startsWith('Polisen har svarat')), { timeoutMs: 30_000, intervalMs: 200 });
    expect(reply.subject).toBe('Polisen har svarat på din iakttagelse – Lilla Edets kommun');
    expect(reply.text).toContain('Hej Olle Observant!');
    expect(reply.text).toContain(answer);
    expect(reply.text).toContain('112');

    // Every officer action in the hash-chained trail, the officer from the token as actor.
    const trail = await client.db(db.police).collection('audit_trail').find({ 'actor.subject': `${idp.issuer('polisen')}#polis-${run}` }).sort({ _id: 1 }).toArray();
    // The list view: one record per municipality of the area (Lilla Edet and Trollhättan share lpo-trollhattan).
    expect(trail.map((a) => a['action'])).toEqual(['observations-viewed', 'observations-viewed', 'observation-read', 'observation-answered']);
    expect(trail.slice(2).every((a) => a['subject'].id === observationId && a['policeAreaId'] === 'lpo-trollhattan')).toBe(true);
  }, 120_000);
});
