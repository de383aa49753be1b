import { randomBytes, randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { subscriptionsOf } from '@trygg/contracts';
import { MailCatcherClient, mongoUrl, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';

// Issue 13: a self-service link cannot move a person's mail to another address. Enrolment and notifications as real
// processes (dist/) on the shared Kafka, FerretDB, Redis and SMTP catcher, own databases and consumer groups (started
// at the end of the topics): a confirmed resident asks for a new address → the OLD address gets the notice, the NEW
// one the link, and the address stays the old one (enrolment's view, notifications' next mail) until the link is
// opened; then it is the new one, and the link works once. Ports 4130–4131.

const run = randomUUID().slice(0, 8);
const ports = { enrolment: 4130, notifications: 4131 };
const db = { enrolment: `email_change_enrolment_${run}`, notifications: `email_change_notifications_${run}` };
const group = (service: string) => `email-change-${service}-${run}`;
const webUrl = 'http://127.0.0.1:4199';
const secrets = { INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: randomBytes(32).toString('hex') };
let idp: TestIdp;
const common = () => ({ ...secrets, DEV_IDP_URL: idp.url, LOG_LEVEL: 'warn' });
let enrolment: ServiceProcess;
let notifications: ServiceProcess;
const mail = new MailCatcherClient();

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${enrolment.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
const mailTo = (address: string, subject: string) =>
  waitFor(`"${subject}" to ${address}`, async () => (await mail.messagesTo(address)).find((m) => m.subject.startsWith(subject)), { timeoutMs: 45_000, intervalMs: 250 });
const tokenIn = (text: string, path: string) => new RegExp(`${webUrl}/ale/${path}/([A-Za-z0-9_-]{43})`).exec(text)![1]!;

describe('changing the email address needs the new address’s link (enrolment + notifications as processes)', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    const kafka = testKafka();
    await Promise.all([startGroupAtEnd(kafka, group('enrolment'), subscriptionsOf('enrolment')), startGroupAtEnd(kafka, group('notifications'), subscriptionsOf('notifications'))]);
    enrolment = new ServiceProcess({ service: 'enrolment', port: ports.enrolment, env: { ...common(), MONGO_URL: mongoUrl(db.enrolment), CONSUMER_GROUP: group('enrolment'), WEB_PUBLIC_URL: webUrl } });
    notifications = new ServiceProcess({
      service: 'notifications',
      port: ports.notifications,
      env: {
        ...common(),
        MONGO_URL: mongoUrl(db.notifications),
        CONSUMER_GROUP: group('notifications'),
        QUEUE_PREFIX: group('notifications'),
        NOTIFICATIONS_PUBLIC_URL: `http://127.0.0.1:${ports.notifications}`,
        ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`,
        WEB_PUBLIC_URL: webUrl,
        RETRY_BASE_DELAY_MS: '200',
      },
    });
    await Promise.all([enrolment.start({ readyTimeoutMs: 90_000 }), notifications.start({ readyTimeoutMs: 90_000 })]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([enrolment?.stop(), notifications?.stop()]);
    await idp?.close();
    if (client) {
      for (const name of Object.values(db)) await client.db(name).dropDatabase();
      await client.close();
    }
  }, 60_000);

  it('tells the old address, sends the link to the new one, and changes the address only when the link is opened', async () => {
    const oldEmail = `ec-${run}-gammal@e2e.example`;
    const newEmail = `ec-${run}-ny@e2e.example`;
    expect((await call('POST', '/registrations', { municipalityId: 'ale', name: 'Anna Andersson', email: oldEmail, address: { street: 'Storgatan', number: '3', postcode: '449 30' }, intent: 'join' })).status).toBe(202);
    const confirmation = await mailTo(oldEmail, 'Bekräfta din anmälan');
    expect((await call('POST', '/confirmations', { municipalityId: 'ale', token: tokenIn(confirmation.text, 'grannsamverkan/bekrafta') })).status).toBe(200);
    const selfService = tokenIn((await waitFor('the self-service link', async () => (await mail.messagesTo(oldEmail)).find((m) => m.text.includes('/ale/mina-uppgifter/')))).text, 'mina-uppgifter');

    const asked = await call('PATCH', `/self-service/${selfService}`, { email: newEmail });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ email: oldEmail, pendingEmail: newEmail });

    const notice = await mailTo(oldEmail, 'Din e-postadress håller på att ändras');
    expect(notice.text).not.toContain(newEmail);
    const link = await mailTo(newEmail, 'Bekräfta din nya e-postadress');
    const token = tokenIn(link.text, 'ny-e-post');
    // Not the address yet: enrolment still holds the old one, and nothing but the link went to the new one.
    expect((await call('GET', `/self-service/${selfService}`)).body).toMatchObject({ email: oldEmail, pendingEmail: newEmail });
    expect((await mail.messagesTo(newEmail)).map((m) => m.subject)).toEqual([link.subject]);
    const stored = await client.db(db.enrolment).collection('registrations').findOne({ email: oldEmail });
    expect(stored).toMatchObject({ email: oldEmail, emailChange: { email: newEmail } });

    expect(await call('POST', '/email-changes', { municipalityId: 'ale', token })).toEqual({ status: 200, body: { status: 'changed', language: 'sv' } });
    expect((await call('GET', `/self-service/${selfService}`)).body).toMatchObject({ email: newEmail, pendingEmail: null });
    expect((await call('POST', '/email-changes', { municipalityId: 'ale', token })).status).toBe(410);
    // notifications now holds the new address (resident-details-changed).
    await waitFor('notifications to hold the new address', async () => {
      const recipient = await client.db(db.notifications).collection('recipients').findOne({ email: newEmail });
      return recipient ? true : undefined;
    }, { timeoutMs: 30_000, intervalMs: 250 });
  }, 180_000);
});
