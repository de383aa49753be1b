import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { mongo } from 'mongoose';
import { createEvent, RegistrationSubmittedV1, subscriptions } from '@trygg/contracts';
import { outboxForInsert } from '@trygg/messaging';
import { consumerGroupsCaughtUp, MailCatcherClient, mongoUrl, outboxesDrained, produceRaw, ServiceProcess, sleep, startGroupAtEnd, TcpProxy, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';

// The walking skeleton, end to end, on the real Kafka, FerretDB, Redis and SMTP server, with the services as
// real processes: HTTP → enrolment → outbox → Kafka → notifications → BullMQ → SMTP.

const ports = { enrolment: 3201, notifications: 3204, links: 3298, mongoProxy: 3299 };
// The service-to-service secrets (libs/auth: one per caller and purpose, read by the caller and the called service),
// fresh per run: notifications → enrolment's POST /internal/links, the web → notifications' preferences.
const internalSecrets = { INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: randomBytes(32).toString('hex'), INTERNAL_SECRET_WEB_PREFERENCES: randomBytes(32).toString('hex') };
const db = { enrolment: 'e2e_enrolment', notifications: 'e2e_notifications' };
const notificationsEnv = {
  MONGO_URL: mongoUrl(db.notifications),
  // A fresh group per run whose offsets are committed at the end of every topic it consumes before it starts
  // (startGroupAtEnd): it skips the backlog of other tests, and after the kill below it resumes where it stopped —
  // unlike CONSUMER_FROM_BEGINNING=false, with which a partition without a committed offset restarts at the newest
  // offset and the event published while notifications was down would be skipped.
  CONSUMER_GROUP: `e2e-notifications-${randomUUID().slice(0, 8)}`,
  QUEUE_PREFIX: 'e2e',
  LOG_LEVEL: 'info',
  ENROLMENT_URL: `http://127.0.0.1:${ports.links}`,
  ...internalSecrets,
};

/**
 * Enrolment's POST /internal/links (the links agreement) as a tiny fake: enrolment's own endpoint is built on
 * another branch. It answers like enrolment: 401 without notifications' secret (`authorization: Bearer <secret>`,
 * `x-internal-caller: notifications`), a fresh confirmation URL per call.
 */
function fakeEnrolmentLinks(): Server {
  return createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${internalSecrets.INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS}` || req.headers['x-internal-caller'] !== 'notifications') return void res.writeHead(401).end();
      const body = JSON.parse(raw) as { kind: string; registrationId?: string };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: `http://127.0.0.1:3000/e2e/grannsamverkan/bekrafta/${body.registrationId}-${randomUUID()}`, expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }));
    });
  });
}
const links = fakeEnrolmentLinks();

// The services trust the issuers of a TestIdp (DEV_IDP_URL), started in beforeAll: no staff call here, but no
// service process runs with the shared development IdP's issuers either.
let idp: TestIdp;
let enrolment: ServiceProcess;
let notifications: ServiceProcess;
const mail = new MailCatcherClient();

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@e2e.example`;

/** The registration form's address and choice (issue 5); the tests vary name, email and municipality. */
const formRest = { address: { street: 'Storgatan', number: '1', postcode: '463 30' }, intent: 'join' };

async function register(body: Record<string, unknown>, rest: Record<string, unknown> = formRest): Promise<Response> {
  return fetch(`${enrolment.url}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...rest, ...body }),
  });
}

describe('walking skeleton: a registration becomes a Swedish email', () => {
  let client: mongo.MongoClient;

  /**
   * Nothing left that could still send a mail: enrolment has published everything it stored, notifications has
   * handled everything on the topic and has no message queued or being sent. Only then is "no (further) mail" true.
   */
  const settled = () =>
    waitFor('the flow to settle', async () => (await outboxesDrained(client, Object.values(db))) && consumerGroupsCaughtUp(testKafka(), [notificationsEnv.CONSUMER_GROUP], [RegistrationSubmittedV1.type]), { timeoutMs: 60_000, intervalMs: 250 });

  beforeAll(async () => {
    client = await testMongo();
    await new Promise<void>((done) => links.listen(ports.links, '127.0.0.1', done));
    await startGroupAtEnd(testKafka(), notificationsEnv.CONSUMER_GROUP, subscriptions.notifications);
    idp = await TestIdp.start();
    enrolment = new ServiceProcess({ service: 'enrolment', port: ports.enrolment, env: { MONGO_URL: mongoUrl(db.enrolment), ...internalSecrets, DEV_IDP_URL: idp.url } });
    notifications = new ServiceProcess({ service: 'notifications', port: ports.notifications, env: { ...notificationsEnv, DEV_IDP_URL: idp.url } });
    await Promise.all([enrolment.start(), notifications.start()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([enrolment?.stop(), notifications?.stop()]);
    await idp?.close();
    await new Promise<void>((done) => links.close(() => done()));
    await client.close();
  }, 60_000);

  it('sends the confirmation email for a registration made over HTTP', async () => {
    const email = uniqueEmail('anna');
    const res = await register({ municipalityId: 'lilla-edet', name: 'Anna Andersson', email });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-correlation-id')).toBeTruthy();

    const received = await mail.waitForMailTo(email);
    expect(received.subject).toBe('Bekräfta din anmälan till grannsamverkan – Lilla Edets kommun');
    expect(received.text).toContain('Hej Anna Andersson!');
    expect(received.html).toContain('<html lang="sv">');
    const stored = await client.db(db.enrolment).collection('registrations').findOne({ email });
    expect(received.text).toContain(`http://127.0.0.1:3000/e2e/grannsamverkan/bekrafta/${String(stored?._id)}-`);
    expect(stored).toMatchObject({ municipalityId: 'lilla-edet', status: 'submitted', outboxPending: false });
  }, 60_000);

  it('answers bad input with 400 naming the field, and stores and sends nothing', async () => {
    const email = uniqueEmail('bad');
    const res = await register({ municipalityId: 'lilla-edet', name: '', email, extra: 'x' }, {});
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fields: Array<{ field: string }> };
    expect(body.fields.map((f) => f.field).sort()).toEqual(['address', 'extra', 'intent', 'name']);
    // The answer came after the request was handled: what it stored, it has stored.
    expect(await client.db(db.enrolment).collection('registrations').countDocuments({ email })).toBe(0);
    await settled();
    expect(await mail.messagesTo(email)).toHaveLength(0);
  }, 30_000);

  it('loses nothing and sends nothing twice when notifications is killed between publish and consume', async () => {
    await notifications.kill('SIGKILL');
    const email = uniqueEmail('kill');
    expect((await register({ municipalityId: 'ale', name: 'Bo Berg', email })).status).toBe(202);
    // The event is on the broker (enrolment's outbox is drained); nobody consumes it while notifications is down.
    await waitFor('the event to be published', () => outboxesDrained(client, [db.enrolment]));
    expect(await mail.messagesTo(email)).toHaveLength(0);

    await notifications.start();
    const received = await mail.waitForMailTo(email, 60_000);
    expect(received.subject).toContain('Ale kommun');
    await settled();
    expect(await mail.messagesTo(email)).toHaveLength(1);
  }, 120_000);

  it('mails once for an event the broker delivers twice', async () => {
    const email = uniqueEmail('twice');
    const event = createEvent(
      RegistrationSubmittedV1,
      { municipalityId: 'trollhattan', correlationId: `e2e-${randomUUID()}` },
      { registrationId: randomUUID(), personId: randomUUID(), name: 'Cecilia Ceder', email, language: 'sv' },
    );
    const message = { key: event.payload.registrationId, value: JSON.stringify(event) };
    await produceRaw(testKafka(), RegistrationSubmittedV1.type, [message, message]);
    await mail.waitForMailTo(email);
    await settled();
    expect(await mail.messagesTo(email)).toHaveLength(1);
  }, 60_000);

  it('survives a poison message on its topic and goes on mailing', async () => {
    await produceRaw(testKafka(), RegistrationSubmittedV1.type, [{ key: 'poison', value: 'not json at all' }]);
    const email = uniqueEmail('after-poison');
    expect((await register({ municipalityId: 'ale', name: 'Dan Dahl', email })).status).toBe(202);
    await mail.waitForMailTo(email);
    expect((await fetch(`${notifications.url}/health/ready`)).status).toBe(200);
  }, 60_000);

  it('publishes, after a restart, an event that enrolment stored but died before publishing', async () => {
    const email = uniqueEmail('orphan');
    const id = randomUUID();
    const event = createEvent(
      RegistrationSubmittedV1,
      { municipalityId: 'ale', correlationId: `e2e-${id}` },
      { registrationId: id, personId: randomUUID(), name: 'Eva Ek', email, language: 'en' },
    );
    // What a crash right after the database write leaves behind: the document with its unpublished event.
    await client
      .db(db.enrolment)
      .collection('registrations')
      .insertOne({ _id: id as never, municipalityId: 'ale', personId: event.payload.personId, name: 'Eva Ek', email, language: 'en', status: 'submitted', submittedAt: new Date(), dedupeKey: `e2e|${id}`, version: 1, ...outboxForInsert([event]) });
    await enrolment.kill();
    await enrolment.start(); // its relay finds the event on start
    const received = await mail.waitForMailTo(email, 60_000);
    expect(received.subject).toMatch(/^Confirm your neighbourhood watch registration/);
  }, 120_000);

  it('comes up without its database, says so, stays unready, and becomes ready when the database is back', async () => {
    const proxy = new TcpProxy(ports.mongoProxy, { host: '127.0.0.1', port: Number(process.env['MONGO_PORT'] ?? 27018) });
    const orphan = new ServiceProcess({
      service: 'enrolment',
      port: ports.enrolment + 50,
      env: { MONGO_URL: `mongodb://127.0.0.1:${ports.mongoProxy}/${db.enrolment}`, ...internalSecrets, DEV_IDP_URL: idp.url },
    });
    await orphan.start({ waitReady: false });
    try {
      const live = await waitForStatus(`${orphan.url}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${orphan.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toContain('mongodb');
      const res = await register.call(null, {}).catch(() => undefined); // (the main enrolment is unaffected)
      expect(res?.status).toBe(400);
      const down = await fetch(`${orphan.url}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...formRest, municipalityId: 'ale', name: 'Fia', email: uniqueEmail('down') }),
      });
      expect(down.status).toBe(503);

      await proxy.open();
      await orphan.waitReady(60_000);
    } finally {
      await orphan.stop();
      await proxy.close();
    }
  }, 120_000);
});

async function waitForStatus(url: string): Promise<Response> {
  for (let i = 0; i < 100; i++) {
    try {
      return await fetch(url);
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`${url} never answered`);
}
