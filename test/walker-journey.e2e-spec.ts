import { randomBytes, randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { eventContracts } from '@trygg/contracts';
import { MailCatcherClient, mongoUrl, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';

// A walker's whole journey through the real services, as processes on the shared Kafka, FerretDB, Redis and SMTP
// catcher: sign-up over HTTP (volunteers) → the confirmation email (notifications asks volunteers for its link) → the
// walker confirms from the emailed link (the POST the web's confirm page makes) → contact details to notifications
// and the start fact to onboarding →
// Lilla Edet's volunteer process (age check answered by onboarding itself, then information meeting, record
// extract, agreement answered by staff over onboarding's API) → onboarding.completed → the walker is active, and
// every step the walker must act on, and the outcome, reached their inbox in Swedish. Lilla Edet's coordinator signs
// in at a TestIdp the services trust (DEV_IDP_URL). Ports 4320–4323; databases, consumer groups (started at the end
// of the topics) and the queue prefix are unique per run.

const run = randomUUID().slice(0, 8);
const ports = { volunteers: 4320, onboarding: 4321, notifications: 4322, links: 4323 };
const db = { volunteers: `walkers_e2e_volunteers_${run}`, onboarding: `walkers_e2e_onboarding_${run}`, notifications: `walkers_e2e_notifications_${run}` };
const group = (service: string) => `walkers-e2e-${service}-${run}`;
const allTopics = eventContracts.map((c) => c.type);

// The service-to-service secrets (libs/auth: one per caller and purpose, read by the caller and the called service),
// fresh per run: notifications → enrolment's and volunteers' POST /internal/links, the web → notifications' preferences.
const internalSecrets = { INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: randomBytes(32).toString('hex'), INTERNAL_SECRET_WEB_PREFERENCES: randomBytes(32).toString('hex') };
// Made in beforeAll, once the TestIdp listens.
let idp: TestIdp;
let volunteers: ServiceProcess;
let onboarding: ServiceProcess;
let notifications: ServiceProcess;
function makeProcesses(DEV_IDP_URL: string): ServiceProcess[] {
  volunteers = new ServiceProcess({
    service: 'volunteers',
    port: ports.volunteers,
    env: { MONGO_URL: mongoUrl(db.volunteers), CONSUMER_GROUP: group('volunteers'), DEV_IDP_URL, ...internalSecrets, LOG_LEVEL: 'info' },
  });
  onboarding = new ServiceProcess({
    service: 'onboarding',
    port: ports.onboarding,
    env: { MONGO_URL: mongoUrl(db.onboarding), CONSUMER_GROUP: group('onboarding'), DEV_IDP_URL, ...internalSecrets, LOG_LEVEL: 'info' },
  });
  notifications = new ServiceProcess({
    service: 'notifications',
    port: ports.notifications,
    env: {
      MONGO_URL: mongoUrl(db.notifications),
      REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380',
      SMTP_URL: process.env['SMTP_URL'] ?? 'smtp://127.0.0.1:1025',
      ENROLMENT_URL: `http://127.0.0.1:${ports.links}`, // the walker rules ask enrolment for no links
      VOLUNTEERS_URL: `http://127.0.0.1:${ports.volunteers}`, // the walker's confirmation link
      NOTIFICATIONS_PUBLIC_URL: `http://127.0.0.1:${ports.notifications}`,
      CONSUMER_GROUP: group('notifications'),
      QUEUE_PREFIX: group('notifications'),
      RETRY_BASE_DELAY_MS: '200',
      DEV_IDP_URL,
      ...internalSecrets,
      LOG_LEVEL: 'info',
    },
  });
  return [volunteers, onboarding, notifications];
}
const mail = new MailCatcherClient(process.env['MAIL_CATCHER_URL'] ?? 'http://127.0.0.1:1080');
/** Lilla Edet's coordinator (a bearer token of the TestIdp, made in beforeAll). */
let staff: Record<string, string>;

describe('a walker’s journey: sign-up, confirmation by the emailed link, approval, told in Swedish at every step they act on', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    client = await testMongo();
    const kafka = testKafka();
    for (const service of ['volunteers', 'onboarding', 'notifications']) await startGroupAtEnd(kafka, group(service), allTopics);
    idp = await TestIdp.start();
    staff = { 'content-type': 'application/json', ...(await idp.coordinator('lilla-edet', 'samordnare-1')) };
    await Promise.all(makeProcesses(idp.url).map((p) => p.start()));
  }, 120_000);

  afterAll(async () => {
    await Promise.all([volunteers?.stop(), onboarding?.stop(), notifications?.stop()]);
    await idp?.close();
    for (const name of Object.values(db)) await client.db(name).dropDatabase();
    await client.close();
  }, 60_000);

  it('signs up, is told what to do at each step, and is welcomed when approved', async () => {
    const address = `journey-${run}@walkers.example`;
    const subjects = async () => (await mail.messagesTo(address)).map((m) => m.subject);
    const mailWith = (subject: string) => waitFor(`"${subject}" to ${address}`, async () => (await mail.messagesTo(address)).find((m) => m.subject === subject), { timeoutMs: 30_000, intervalMs: 250 });

    const res = await fetch(`${volunteers.url}/volunteers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ municipalityId: 'lilla-edet', name: 'Vera Vandrare', email: address, birthYear: 1980 }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'submitted' });

    // Double opt-in: first only the confirmation email; its link leads to the web's confirm page, whose button posts
    // the token to volunteers (POST /volunteers/confirmations) — done here as that page does.
    const confirmation = await mailWith('Bekräfta din anmälan som trygghetsvandrare – Lilla Edets kommun');
    const link = /https?:\/\/\S+\/lilla-edet\/trygghetsvandring\/bekrafta\/([A-Za-z0-9_-]{43})/.exec(confirmation.text);
    expect(link).not.toBeNull();
    expect(await subjects()).toEqual(['Bekräfta din anmälan som trygghetsvandrare – Lilla Edets kommun']);
    const confirmed = await fetch(`${volunteers.url}/volunteers/confirmations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ municipalityId: 'lilla-edet', token: link![1] }),
    });
    expect(confirmed.status).toBe(200);
    const walker = await client.db(db.volunteers).collection('volunteers').findOne({ email: address });
    const volunteerId = String(walker!['_id']);

    await mailWith('Tack för din anmälan som trygghetsvandrare – Lilla Edets kommun');
    // The age check is answered by onboarding itself; the information meeting waits for the walker.
    await mailWith('Nästa steg: informationsmöte för trygghetsvandrare – Lilla Edets kommun');
    const instance = await waitFor('the walker’s onboarding', async () => {
      const r = await fetch(`${onboarding.url}/instances?subjectKind=volunteer&subjectId=${volunteerId}`, { headers: staff });
      return r.ok ? ((await r.json()) as { id: string; currentStepId: string | null }) : undefined;
    });

    const answer = async (stepId: string, body: Record<string, unknown>) => {
      await waitFor(`step ${stepId} to wait`, async () => {
        const r = await fetch(`${onboarding.url}/instances?subjectKind=volunteer&subjectId=${volunteerId}`, { headers: staff });
        return r.ok && ((await r.json()) as { currentStepId: string | null }).currentStepId === stepId ? true : undefined;
      });
      const r = await fetch(`${onboarding.url}/instances/${instance.id}/steps/${stepId}/complete`, { method: 'POST', headers: staff, body: JSON.stringify({ outcome: 'approved', ...body }) });
      expect(r.status).toBe(202);
    };

    await answer('information-meeting', { meetingDate: '2026-11-20' });
    const extract = await mailWith('Nästa steg: visa ett utdrag ur belastningsregistret – Lilla Edets kommun');
    expect(extract.text).toContain('Vi sparar aldrig utdraget');
    await answer('record-extract', {});
    await mailWith('Nästa steg: överenskommelsen för trygghetsvandrare – Lilla Edets kommun');
    // (the coordinator records the signed agreement: the actor is who signs in, never named in the body)
    await answer('walker-agreement', { agreementVersion: '2026-1' });

    const welcome = await mailWith('Välkommen som trygghetsvandrare – Lilla Edets kommun');
    expect(welcome.text).toContain('Hej Vera Vandrare!');
    expect(welcome.text).toContain('trygghet@lillaedet.example');
    await waitFor('the walker to be active', async () => {
      const doc = await client.db(db.volunteers).collection('volunteers').findOne({ _id: volunteerId as never });
      return doc?.['status'] === 'active' ? true : undefined;
    });
    // Nothing from the neighbourhood-watch texts, and each message once.
    const all = await subjects();
    expect(all.filter((subject) => /kontaktombud|grannsamverkan/i.test(subject))).toEqual([]);
    expect(all).toHaveLength(6);
  }, 120_000);
});
