import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import type { mongo } from 'mongoose';
import { createEvent, type EventContract, GroupActivatedV1, MemberJoinedV1, OnboardingCompletedV1, RegistrationConfirmedV1, RegistrationSubmittedV1 } from '@trygg/contracts';
import { IDP_GROUPS, MailCatcherClient, municipalitiesWithoutQuietHours, produceRaw, ServiceProcess, publishEvent, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';
import { eventHandled, membershipRecorded, nothingLeftToSend, notificationsEnv } from './support';
import type { z } from 'zod';
import { FakeEnrolmentLinks, PrivateMailCatcher, PrivateRedis, PrivateSmsGateway } from './private-infra';

// notifications as a real process on the shared Kafka and FerretDB, with its own SMTP catcher, Redis and SMS
// gateway (ports 3400–3499) so they can be stopped and killed mid-flow, and a fake of enrolment's links API.

const run = randomUUID().slice(0, 8);
const ports = { service: 3404, smtp: 3425, mailHttp: 3480, redis: 3479, sms: 3490, links: 3491 };
const database = `ntf_int_${run}`;
const group = `ntf-int-${run}`;
const internalToken = 'ntf-int-internal-token-0123456789';
const reportSecret = 'ntf-int-delivery-report-secret-0123456789abcdef';
const webSecret = `ntf-int-web-preferences-${randomUUID()}`;

// The shipped municipalities without quiet hours, so SMS tests behave the same at any time of day (quiet hours
// have their own unit tests across DST changes).
const municipalitiesDir = municipalitiesWithoutQuietHours();

const smtp = new PrivateMailCatcher(ports.smtp, ports.mailHttp);
const redis = new PrivateRedis(ports.redis);
const gateway = new PrivateSmsGateway(ports.sms);
const links = new FakeEnrolmentLinks(ports.links, internalToken);
const mail = new MailCatcherClient(smtp.httpUrl);
const env = notificationsEnv({
  port: ports.service,
  database,
  group,
  env: {
    MUNICIPALITIES_DIR: municipalitiesDir,
    REDIS_URL: redis.url,
    SMTP_URL: smtp.smtpUrl,
    SMS_PROVIDER_URL: gateway.url,
    SMS_TIMEOUT_MS: '1000',
    SMS_DELIVERY_REPORT_SECRET: reportSecret,
    ENROLMENT_URL: links.url,
    INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: internalToken,
    INTERNAL_SECRET_WEB_PREFERENCES: webSecret,
  },
});
const notifications = new ServiceProcess({ service: 'notifications', port: ports.service, env });

const email = (label: string) => `${label}-${run}-${randomUUID().slice(0, 4)}@ntf.example`;
/** The shipped municipalities' IdPs (the process gets DEV_IDP_URL): a coordinator's and an admin's bearer tokens. */
let idp: TestIdp;
const staff = (municipality = 'ale') => idp.coordinator(municipality);
const admin = () => idp.staff('ale', [IDP_GROUPS.admin], 'admin');

async function publish<C extends EventContract>(contract: C, payload: z.input<C['payload']>, municipalityId = 'ale'): Promise<string> {
  return (await publishEvent(testKafka(), contract, { municipalityId, correlationId: `ntf-int-${run}` }, payload)).eventId;
}

async function register(address: string, name = 'Anna Andersson'): Promise<{ personId: string; registrationId: string }> {
  const ids = { personId: randomUUID(), registrationId: randomUUID() };
  await publish(RegistrationSubmittedV1, { ...ids, name, email: address, language: 'sv' });
  return ids;
}

interface LoggedMessage {
  id: string;
  recipientId: string;
  channel: string;
  template: string;
  status: string;
  lastError: string | null;
  segments: number | null;
  history: Array<{ status: string; detail: string | null }>;
}

async function log(query: string, municipality = 'ale'): Promise<LoggedMessage[]> {
  const res = await fetch(`${notifications.url}/staff/${municipality}/messages?${query}`, { headers: await staff(municipality) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: LoggedMessage[] }).messages;
}

async function waitForMessage(query: string, done: (m: LoggedMessage) => boolean, timeoutMs = 20_000): Promise<LoggedMessage> {
  return waitFor(`a message (${query})`, async () => (await log(query)).find(done), { timeoutMs, intervalMs: 200 });
}

describe('notifications (process, private SMTP/Redis/SMS gateway)', () => {
  let client: mongo.MongoClient;

  /** Waits until nothing is left to send (no message queued or sending, no job that may still run): then count. */
  const settled = () => waitFor('nothing left to send', async () => nothingLeftToSend(client, database, notifications.url, await admin()), { timeoutMs: 30_000, intervalMs: 200 });

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    env['DEV_IDP_URL'] = idp.url;
    await Promise.all([smtp.start(), redis.start(), gateway.start(), links.start()]);
    await notifications.start();
  }, 120_000);

  afterAll(async () => {
    await notifications.stop();
    await Promise.all([smtp.dispose(), redis.dispose(), gateway.dispose(), links.stop(), idp.close()]);
    await client.db(database).dropDatabase();
    await client.close();
    rmSync(municipalitiesDir, { recursive: true, force: true });
  }, 60_000);

  it('mails the confirmation link it got from enrolment at send time, and logs queued → sending → sent', async () => {
    const address = email('confirm');
    const { registrationId, personId } = await register(address, "Åsa & Bo O'Öberg");
    const received = await mail.waitForMailTo(address);
    expect(received.subject).toBe('Bekräfta din anmälan till grannsamverkan – Ale kommun');
    expect(received.text).toContain("Hej Åsa & Bo O'Öberg!");
    expect(received.text).toMatch(new RegExp(`http://127\\.0\\.0\\.1:3000/ale/grannsamverkan/bekrafta/tok\\d+-${registrationId.slice(0, 8)}`));
    expect(received.html).toContain('Åsa &amp; Bo O&#39;Öberg');
    // The link variable is the one anchor of the body (beside no footer: transactional).
    expect([...received.html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1])).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:3000\/ale\/grannsamverkan\/bekrafta\/tok\d+-/)]);
    expect(received.headers['list-unsubscribe']).toBeUndefined(); // transactional
    expect(links.requests).toContainEqual({ kind: 'confirmation', registrationId });
    const [logged] = await log(`recipientId=${personId}`);
    expect(logged!.history.map((h) => h.status)).toEqual(['queued', 'sending', 'sent']);
    // Another municipality's staff see nothing of it.
    expect(await log(`recipientId=${personId}`, 'trollhattan')).toEqual([]);
  }, 30_000);

  it('answers the staff API only to a signed-in coordinator of the municipality, and previews any template', async () => {
    expect((await fetch(`${notifications.url}/staff/ale/messages`)).status).toBe(401);
    expect((await fetch(`${notifications.url}/staff/ale/messages`, { headers: await staff('trollhattan') })).status).toBe(403);
    expect((await fetch(`${notifications.url}/staff/ale/messages?limit=0`, { headers: await staff() })).status).toBe(400);
    const preview = await fetch(`${notifications.url}/preview/lilla-edet/group-activated?lang=sv`);
    expect(preview.status).toBe(200);
    const body = (await preview.json()) as { email: { subject: string }; sms: { text: string; segments: number; encoding: string } };
    expect(body.email.subject).toBe('Grannsamverkan Solgläntan har startat – Lilla Edets kommun');
    // The sample link has the real shape and length (web address, 43-character token): with it the SMS needs two
    // segments — what the real message costs.
    expect(body.sms.text).toMatch(/\nAvsluta: http:\/\/127\.0\.0\.1:3000\/lilla-edet\/utskick\/EXEMPEL0{36}$/);
    expect(body.sms).toMatchObject({ segments: 2, encoding: 'GSM-7' });
    expect((await fetch(`${notifications.url}/preview/ale/no-such-template`)).status).toBe(404);
    expect((await fetch(`${notifications.url}/preview/ale/group-activated?lang=fi`)).status).toBe(400);
    const queues = (await (await fetch(`${notifications.url}/queues`, { headers: await admin() })).json()) as Record<string, Record<string, number>>;
    expect(Object.keys(queues).sort()).toEqual(['email', 'sms']);
    expect(queues['email']).toHaveProperty('failed');
    expect((await fetch(`${notifications.url}/queues`, { headers: await staff() })).status).toBe(403);
  });

  it('retries while the SMTP server is down, and the mail goes out once when it is back', async () => {
    await smtp.kill();
    const address = email('smtp-down');
    const { personId } = await register(address);
    await waitForMessage(`recipientId=${personId}`, (m) => m.status === 'queued' && (m.lastError ?? '').length > 0);
    await smtp.start();
    await mail.waitForMailTo(address, 30_000);
    await settled(); // a retry still pending would send a second mail before this returns
    expect(await mail.messagesTo(address)).toHaveLength(1);
    const [logged] = await log(`recipientId=${personId}`);
    expect(logged!.status).toBe('sent');
    expect(logged!.history.some((h) => h.status === 'queued' && (h.detail ?? '').startsWith('retry:'))).toBe(true);
  }, 60_000);

  async function residentWithMobile(mobile: string): Promise<string> {
    const address = email('sms');
    const ids = await register(address);
    await publish(RegistrationConfirmedV1, { ...ids, mobile, smsOptIn: true });
    await waitForMessage(`recipientId=${ids.personId}&template=registration-confirmed`, (m) => m.status === 'sent');
    await confirmMobile(ids.personId, mobile);
    return ids.personId;
  }

  /** The person confirms the number as the web page does: a code by SMS (read from the gateway), typed back. */
  async function confirmMobile(personId: string, mobile: string): Promise<void> {
    const web = { authorization: `Bearer ${webSecret}`, 'x-internal-caller': 'web', 'content-type': 'application/json' };
    const asked = await fetch(`${notifications.url}/internal/recipients/${personId}/mobile-code?municipalityId=ale`, { method: 'POST', headers: web });
    expect(await asked.json()).toMatchObject({ sent: true });
    const [codeSms] = await waitFor('the code SMS', async () => (await gateway.messagesTo(mobile)).length ? gateway.messagesTo(mobile) : undefined, { timeoutMs: 20_000 });
    const code = /\b(\d{6})\b/.exec(codeSms!.message)![1]!;
    const answered = await fetch(`${notifications.url}/internal/recipients/${personId}/mobile-confirmation?municipalityId=ale`, { method: 'POST', headers: web, body: JSON.stringify({ code }) });
    expect(await answered.json()).toEqual({ outcome: 'confirmed', attemptsLeft: 0 });
  }

  /** The SMS to the number other than the confirmation code. */
  const textsTo = async (mobile: string) => (await gateway.messagesTo(mobile)).filter((m) => !m.message.includes('bekräfta ditt mobilnummer'));

  const approve = (personId: string) => publish(OnboardingCompletedV1, { instanceId: randomUUID(), processId: 'ale/contact-person', processVersion: 1, subject: { kind: 'contact-person', id: randomUUID(), personId }, outcome: 'approved', decidingStepId: null, reason: null });

  it('sends the approval by SMS through the 46elks-style API, records segments, and takes the delivery report', async () => {
    const mobile = '+46701110001';
    const personId = await residentWithMobile(mobile);
    await approve(personId);
    const delivered = await waitForMessage(`recipientId=${personId}&channel=sms&template=contact-person-approved`, (m) => m.status === 'delivered');
    expect(delivered.segments).toBe(1);
    expect(delivered.history.map((h) => h.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);
    const [sms] = await textsTo(mobile);
    expect(sms).toMatchObject({ from: 'Trygghet', dontlog: true, parts: 1, encoding: 'GSM-7', message: 'Du är godkänd som kontaktombud för grannsamverkan. Tack! Vi har mejlat dig vad som händer nu. /Ale kommun' });
    expect(sms!.report).toMatchObject({ status: 'delivered', answer: 204 });
  }, 30_000);

  it('marks an SMS failed with the reason, without retrying, when the provider answers 4xx', async () => {
    const mobile = '+46701110002';
    const personId = await residentWithMobile(mobile);
    await gateway.fault({ status: 400, count: 1 });
    await approve(personId);
    const failed = await waitForMessage(`recipientId=${personId}&channel=sms&template=contact-person-approved`, (m) => m.status === 'failed');
    expect(failed.lastError).toMatch(/SMS provider refused \(400\)/);
    await settled(); // a retry, were one scheduled, would have run (and reached the gateway) before this returns
    expect(await textsTo(mobile)).toHaveLength(0);
    expect((await log(`recipientId=${personId}&channel=sms&template=contact-person-approved`))[0]!.history.filter((h) => h.status === 'sending')).toHaveLength(1);
  }, 30_000);

  it('retries an SMS after a 5xx and after a timeout, and sends it once', async () => {
    const mobile = '+46701110003';
    const personId = await residentWithMobile(mobile);
    await gateway.fault({ status: 503, count: 1 });
    await approve(personId);
    await waitForMessage(`recipientId=${personId}&channel=sms&template=contact-person-approved`, (m) => m.status === 'delivered');
    const timedOut = await residentWithMobile('+46701110004');
    await gateway.fault({ status: 504, delayMs: 1500, count: 1 }); // longer than SMS_TIMEOUT_MS
    await approve(timedOut);
    const m = await waitForMessage(`recipientId=${timedOut}&channel=sms&template=contact-person-approved`, (x) => x.status === 'delivered');
    expect(m.history.filter((h) => h.status === 'sending')).toHaveLength(2);
    expect(await textsTo(mobile)).toHaveLength(1);
    expect(await textsTo('+46701110004')).toHaveLength(1);
  }, 40_000);

  it('answers a malformed delivery report with 400 and a forged one with 401, and logs neither secret', async () => {
    // Only this test's lines count: the log file of the port is appended to by every run.
    const logFrom = statSync(notifications.logFile).size;
    const logOfThisTest = () => readFileSync(notifications.logFile).subarray(logFrom).toString('utf8');
    const wrongSecret = `wrong-secret-${run}-wrong-secret`;
    const post = (secret: string, body: string) =>
      fetch(`${notifications.url}/sms/delivery-reports/${secret}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await post(reportSecret, 'status=delivered')).status).toBe(400);
    expect((await post(reportSecret, 'id=s1&status=exploded')).status).toBe(400);
    expect((await post(wrongSecret, 'id=s1&status=delivered')).status).toBe(401);
    expect((await post(reportSecret, 'id=s-unknown&status=delivered')).status).toBe(204);
    // The access log shows the route, never the secret (libs/observability: /sms/delivery-reports/[secret]).
    await waitFor('the delivery reports in the log', () => (logOfThisTest().match(/"url":"\/sms\/delivery-reports\/\[secret\]"/g)?.length ?? 0) >= 4 || undefined);
    const log = logOfThisTest();
    expect(log).not.toContain(reportSecret);
    expect(log).not.toContain(wrongSecret);
  });

  it('puts List-Unsubscribe (one-click) on a group message, once for a redelivered event; the link works without signing in', async () => {
    const address = email('member');
    const { personId } = await register(address);
    const groupId = randomUUID();
    await publish(MemberJoinedV1, { memberId: randomUUID(), personId, groupId, areaId: 'ale-centrum', subjectFields: {} });
    await membershipRecorded(client, database, personId, groupId); // before the group event (different topics)
    // The broker delivers the group event twice: one mail all the same (bulk insert skips the duplicates). A third
    // event on the same partition (same key), the activation of a group without members (it sends nothing), marks
    // the end: once it is in the inbox, both copies before it have been handled.
    const context = { municipalityId: 'ale', correlationId: `ntf-int-${run}` };
    const groupEvent = createEvent(GroupActivatedV1, context, { groupId, areaId: 'ale-centrum', contactPersonId: randomUUID(), groupName: 'Solgläntan' });
    const marker = createEvent(GroupActivatedV1, context, { groupId: randomUUID(), areaId: 'ale-centrum', contactPersonId: randomUUID(), groupName: 'Tom' });
    const raw = { key: groupId, value: JSON.stringify(groupEvent) };
    await produceRaw(testKafka(), GroupActivatedV1.type, [raw, raw, { key: groupId, value: JSON.stringify(marker) }]);
    const received = await waitFor('the group mail', async () => (await mail.messagesTo(address)).find((m) => m.subject.startsWith('Er grupp')), { timeoutMs: 20_000, intervalMs: 200 });
    await eventHandled(client, database, group, marker.eventId);
    await settled();
    expect((await mail.messagesTo(address)).filter((m) => m.subject.startsWith('Er grupp'))).toHaveLength(1);
    const url = /<(http:\/\/127\.0\.0\.1:3404\/unsubscribe\/[A-Za-z0-9_-]+)>/.exec(received.headers['list-unsubscribe'] ?? '')?.[1];
    expect(url).toBeDefined();
    expect(received.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // The footer leads to the web page "Dina utskick" with the same token; a GET on the header's URL answers 303 there.
    const token = url!.split('/').pop()!;
    expect(received.text).toContain(`http://127.0.0.1:3000/ale/utskick/${token}`);
    const page = await fetch(url!, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`http://127.0.0.1:3000/ale/utskick/${token}`);
    const oneClick = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    const stored = await client.db(database).collection('recipients').findOne({ _id: personId as never });
    expect(stored?.['preferences']).toMatchObject({ categories: { information: false, urgent: true } });
    expect((await fetch(`${notifications.url}/unsubscribe/${'x'.repeat(43)}`)).status).toBe(404);
    // Only the token's hash is stored, on the message that carried the link.
    expect(await client.db(database).collection('messages').countDocuments({ 'unsubscribe.tokenHash': createHash('sha256').update(token).digest('hex') })).toBe(1);
    expect(await client.db(database).collection('messages').countDocuments({ 'unsubscribe.tokenHash': token })).toBe(0);
  }, 40_000);

  it('broadcasts to an area and reports totals per channel and status', async () => {
    const area = `ntf-area-${run}`;
    const people: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { personId } = await register(email(`area${i}`));
      people.push(personId);
      await publish(MemberJoinedV1, { memberId: randomUUID(), personId, groupId: randomUUID(), areaId: area, subjectFields: {} });
    }
    await waitFor('members recorded', async () => ((await client.db(database).collection('recipients').countDocuments({ areaIds: area })) === 3 ? true : undefined), { timeoutMs: 20_000, intervalMs: 200 });
    const res = await fetch(`${notifications.url}/staff/ale/broadcasts`, {
      method: 'POST',
      headers: { ...(await staff()), 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'Inbrott i området', body: 'Håll utkik – ring 112 vid pågående brott.', filter: { areaIds: [area] } }),
    });
    expect(res.status).toBe(202);
    const { broadcastId, recipients } = (await res.json()) as { broadcastId: string; recipients: number };
    expect(recipients).toBe(3);
    const totals = await waitFor(
      'all sent',
      async () => {
        const b = (await (await fetch(`${notifications.url}/staff/ale/broadcasts/${broadcastId}`, { headers: await staff() })).json()) as { totals: Array<{ channel: string; status: string; count: number }> };
        return b.totals.length === 1 && b.totals[0]!.status === 'sent' ? b.totals : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(totals).toEqual([{ channel: 'email', status: 'sent', count: 3 }]);
    // Another municipality's coordinator: its own path does not find the broadcast, Ale's path is refused.
    expect((await fetch(`${notifications.url}/staff/trollhattan/broadcasts/${broadcastId}`, { headers: await staff('trollhattan') })).status).toBe(404);
    expect((await fetch(`${notifications.url}/staff/ale/broadcasts/${broadcastId}`, { headers: await staff('trollhattan') })).status).toBe(403);
    const bad = await fetch(`${notifications.url}/staff/ale/broadcasts`, { method: 'POST', headers: { ...(await staff()), 'content-type': 'application/json' }, body: JSON.stringify({ subject: '', filter: {} }) });
    expect(bad.status).toBe(400);
  }, 60_000);

  it('loses nothing and sends nothing twice when Redis is killed and restarted mid-queue', async () => {
    await smtp.kill(); // jobs wait in Redis, retrying
    const addresses = [email('redis0'), email('redis1'), email('redis2'), email('redis3')];
    const people = [];
    for (const a of addresses) people.push((await register(a)).personId);
    for (const p of people) await waitForMessage(`recipientId=${p}`, (m) => m.status === 'queued' && m.lastError !== null);
    await redis.kill('SIGKILL');
    await waitFor('notifications to report Redis down', async () => {
      const res = await fetch(`${notifications.url}/health/ready`);
      return res.status === 503 && ((await res.json()) as { error?: Record<string, unknown> }).error?.['redis'] ? true : undefined;
    });
    await redis.start();
    await smtp.start();
    for (const a of addresses) await mail.waitForMailTo(a, 40_000);
    await settled();
    for (const a of addresses) expect(await mail.messagesTo(a)).toHaveLength(1);
    expect((await fetch(`${notifications.url}/health/ready`)).status).toBe(200);
  }, 90_000);
});
