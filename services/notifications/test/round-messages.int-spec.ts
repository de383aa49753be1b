import { randomBytes, randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { eventContracts } from '@trygg/contracts';
import { MailCatcherClient, mongoUrl, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';
import { notificationsEnv } from './support';

// A safety round's emails end to end, through the built services and the shared Kafka, FerretDB, Redis and SMTP
// catcher: a Trollhättan coordinator (a TestIdp both trust) plans a round today in volunteers and invites two
// participants (sv, en) → volunteers.round-participant-invited.v1 leaves through the round's outbox → notifications
// asks volunteers for each participant's link (POST /internal/round-links, with its secret) and mails the invitation;
// the link in the mail works. The round is held, a finding recorded and assigned → volunteers.finding-assigned.v1 →
// the owner's email with the update link, which works. Ports 3720 (volunteers) and 3721 (notifications).

const run = randomUUID().slice(0, 8);
const secret = randomBytes(32).toString('hex');
const volunteersDb = `round_messages_volunteers_${run}`;
const notificationsDb = `round_messages_notifications_${run}`;
const mail = new MailCatcherClient(process.env['MAIL_CATCHER_URL'] ?? 'http://127.0.0.1:1080');
const swedishDate = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

describe('safety round emails reach the SMTP server (volunteers and notifications as processes)', () => {
  let client: mongo.MongoClient;
  let idp: TestIdp;
  let volunteers: ServiceProcess;
  let notifications: ServiceProcess;

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    volunteers = new ServiceProcess({
      service: 'volunteers',
      port: 3720,
      env: {
        MONGO_URL: mongoUrl(volunteersDb),
        CONSUMER_GROUP: `round-messages-volunteers-${run}`,
        DEV_IDP_URL: idp.url,
        WEB_PUBLIC_URL: 'http://web.test',
        INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: secret,
      },
    });
    notifications = new ServiceProcess({
      service: 'notifications',
      port: 3721,
      env: notificationsEnv({
        port: 3721,
        database: notificationsDb,
        group: `round-messages-notifications-${run}`,
        env: { VOLUNTEERS_URL: 'http://127.0.0.1:3720', INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: secret, ENROLMENT_URL: 'http://127.0.0.1:3722' },
      }),
    });
    await startGroupAtEnd(testKafka(), `round-messages-volunteers-${run}`, eventContracts.map((c) => c.type));
    await Promise.all([volunteers.start(), notifications.start()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([notifications?.stop(), volunteers?.stop()]);
    await idp?.close();
    await client.db(volunteersDb).dropDatabase();
    await client.db(notificationsDb).dropDatabase();
    await client.close();
  }, 60_000);

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${volunteers.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several shapes
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const mailTo = (address: string, subject: string) =>
    waitFor(`a mail to ${address}`, async () => (await mail.messagesTo(address)).find((m) => m.subject === subject), { timeoutMs: 45_000, intervalMs: 250 });
  const linkIn = (text: string, page: 'deltagare' | 'atgard') => {
    const match = new RegExp(`http://web\\.test/trollhattan/trygghetsrond/${page}/([A-Za-z0-9_-]{43})`).exec(text);
    if (!match) throw new Error(`no ${page} link in: ${text}`);
    return match[1]!;
  };

  it('mails the invitations (sv, en) and the owner, each with a working link of their own', async () => {
    const staff = await idp.coordinator('trollhattan', `samordnare-${run}`);
    const today = swedishDate(new Date());
    const planned = await call('POST', '/staff/trollhattan/rounds', { district: `Kronogården ${run}`, plannedDate: today, meetingPoint: 'Kronogårdens torg' }, staff);
    expect(planned.status).toBe(201);
    const roundId = planned.body['roundId'] as string;

    const gun = `gun-${run}@example.se`;
    const pat = `pat-${run}@example.se`;
    const invited = await call('POST', `/staff/trollhattan/rounds/${roundId}/participants`, { name: 'Gun Grann', email: gun, organisationKind: 'neighbourhood-watch-group', organisationName: 'Grannsamverkan Kronogården' }, staff);
    expect(invited.status).toBe(201);
    expect((await call('POST', `/staff/trollhattan/rounds/${roundId}/participants`, { name: 'Pat Police', email: pat, organisationKind: 'police', language: 'en' }, staff)).status).toBe(201);

    const sv = await mailTo(gun, `Inbjudan till trygghetsrond ${today} – Trollhättans stad`);
    expect(sv.text).toContain('Hej Gun Grann!');
    expect(sv.text).toContain(`trygghetsrond i Kronogården ${run} den ${today}`);
    const gunToken = linkIn(sv.text, 'deltagare');
    // The mail's link is not the one the coordinator got: notifications asked for its own.
    expect(invited.body['link'].url).not.toContain(gunToken);
    const view = await call('GET', `/round-links/participant/${gunToken}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ roundId, answer: 'pending' });
    expect((await call('POST', `/round-links/participant/${gunToken}/answer`, { answer: 'yes' })).body['answer']).toBe('yes');

    const en = await mailTo(pat, `Invitation to a safety round on ${today} – Trollhättans stad`);
    expect(en.text).toContain('Hello Pat Police,');
    expect((await call('GET', `/round-links/participant/${linkIn(en.text, 'deltagare')}`)).status).toBe(200);

    // Held today; a finding from Gun's mailed link; the coordinator gives it to an owner (in English).
    expect((await call('POST', `/staff/trollhattan/rounds/${roundId}/status`, { status: 'held' }, staff)).status).toBe(200);
    const finding = await call('POST', `/round-links/participant/${gunToken}/findings`, { place: { kind: 'address', address: 'Kronogårdsvägen 12' }, category: 'lighting', description: 'Trasig gatlykta vid gångtunneln', responsibleOrganisation: 'Gatu- och parkavdelningen' });
    expect(finding.status).toBe(201);
    const owner = `ola-${run}@trollhattan.example`;
    const deadline = swedishDate(new Date(Date.now() + 30 * 86_400_000));
    expect((await call('POST', `/staff/trollhattan/findings/${finding.body['findingId']}/assignment`, { ownerEmail: owner, deadline }, staff)).status).toBe(200);

    const ownerMail = await mailTo(owner, `Brist från trygghetsronden i Kronogården ${run} – åtgärd senast ${deadline}`);
    expect(ownerMail.text).toContain('Plats: Kronogårdsvägen 12');
    expect(ownerMail.text).toContain('Beskrivning: Trasig gatlykta vid gångtunneln');
    const ownerToken = linkIn(ownerMail.text, 'atgard');
    const shown = await call('GET', `/round-links/owner/${ownerToken}`);
    expect(shown.status).toBe(200);
    expect((await call('POST', `/round-links/owner/${ownerToken}/status`, { status: 'fixed' })).status).toBe(200);
  }, 150_000);
});
