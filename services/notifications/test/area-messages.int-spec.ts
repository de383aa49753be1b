import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import type { mongo } from 'mongoose';
import { ServiceProcess, TestIdp, testMongo, waitFor } from '@trygg/testing';
import { FakeEnrolmentLinks, PrivateRedis } from './private-infra';
import { notificationsEnv } from './support';

// Area messages on the real notifications process. A message to 2,000 members: the process is killed (SIGKILL)
// while it sends and started again; counted per member, one message each in the log, at most one mail each at the
// SMTP server, and every member without a mail is one whose message the log marks `uncertain` (at most once: the
// process died between handing it over and recording it). A message to 20,000 members: answered at once (the time
// is logged), the process killed during the fan-out, which the next start completes — one message per member.
// The members are written into notifications' own collection (what member-joined events build).

const run = randomUUID().slice(0, 8);
const ports = { service: 3420, smtp: 3429, redis: 3476, links: 3495 };
const database = `ntf_area_${run}`;
const group = `ntf-area-${run}`;
const token = 'ntf-area-internal-token-0123456789';
const N = 20_000;
const area = `area-${run}`;
/** The members of a second area, for the kill mid-send (every mail counted at the SMTP server). */
const SMALL = 2_000;
const smallArea = `small-${run}`;

/** Mail received per address: an SMTP server that answers at once. */
const received = new Map<string, number>();
let total = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  closeTimeout: 200,
  onData(stream, session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      for (const r of session.envelope.rcptTo) received.set(r.address, (received.get(r.address) ?? 0) + 1);
      total++;
      callback();
    });
  },
});
const redis = new PrivateRedis(ports.redis);
const links = new FakeEnrolmentLinks(ports.links, token);
const env = notificationsEnv({
  port: ports.service,
  database,
  group,
  env: { REDIS_URL: redis.url, SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`, ENROLMENT_URL: links.url, INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: token, JOB_LOCK_MS: '1500' },
});
const notifications = new ServiceProcess({ service: 'notifications', port: ports.service, env });
let idp: TestIdp;

const post = async (path: string, headers: Record<string, string>, body: unknown) =>
  await fetch(`${notifications.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('area messages to 20,000 members', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    client = await testMongo();
    const now = new Date();
    for (let i = 0; i < N + SMALL; i += 1000) {
      const docs = [];
      for (let j = i; j < Math.min(N + SMALL, i + 1000); j++) {
        docs.push({
          _id: `m-${String(j).padStart(5, '0')}`,
          municipalityId: 'ale',
          name: `Boende ${j}`,
          email: `m${j}-${run}@ntf-area.example`,
          language: 'sv',
          groupIds: [],
          areaIds: [j < N ? area : smallArea],
          updatedAt: now,
        });
      }
      await client.db(database).collection('recipients').insertMany(docs as never[]);
    }
    await new Promise<void>((done) => smtp.listen(ports.smtp, '127.0.0.1', done));
    idp = await TestIdp.start();
    env['DEV_IDP_URL'] = idp.url;
    await Promise.all([redis.start(), links.start()]);
    await notifications.start();
  }, 120_000);

  afterAll(async () => {
    await notifications.stop();
    await Promise.all([redis.dispose(), links.stop(), idp.close(), new Promise<void>((done) => smtp.close(() => done()))]);
    await client.db(database).dropDatabase();
    await client.close();
  }, 60_000);

  it('refuses an empty title or text and a message to nobody, naming the field; previews the real texts with SMS segments; another police area is refused', async () => {
    const officer = await idp.officer('lpo-ale-kungalv');
    const empty = await post('/staff/ale/broadcasts', officer, { subject: ' ', body: '', filter: { areaIds: [area] } });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field).sort()).toEqual(['body', 'subject']);
    const nobody = await post('/staff/ale/broadcasts', officer, { subject: 'Inbrott', body: 'Håll utkik.', filter: { areaIds: ['no-such-area'] } });
    expect(nobody.status).toBe(400);
    expect(((await nobody.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field)).toEqual(['filter']);
    const none = await post('/staff/ale/broadcasts', officer, { subject: 'Inbrott', body: 'Håll utkik.', filter: {} });
    expect(((await none.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field)).toEqual(['filter']);
    expect((await post('/staff/ale/broadcasts', await idp.officer('lpo-trollhattan'), { subject: 'Inbrott', body: 'Håll utkik.', filter: { areaIds: [area] } })).status).toBe(403);

    const preview = await post('/staff/ale/broadcasts/preview', officer, { subject: 'Inbrott på Storgatan', body: 'Håll utkik i kväll 🚨', channels: ['email', 'sms'], filter: { areaIds: [area] } });
    expect(preview.status).toBe(200);
    const p = (await preview.json()) as { recipients: number; previews: Array<{ language: string; email: { subject: string; text: string }; sms: { text: string; encoding: string; segments: number } }> };
    expect(p.recipients).toBe(N);
    expect(p.previews.map((x) => x.language)).toEqual(['sv', 'en']);
    expect(p.previews[0]!.email.subject).toContain('Inbrott på Storgatan');
    expect(p.previews[0]!.sms).toMatchObject({ encoding: 'UCS-2' });
    expect(p.previews[0]!.sms.text).toContain('Håll utkik i kväll 🚨');
    expect(await client.db(database).collection('broadcasts').countDocuments({})).toBe(0); // a preview stores nothing
  }, 30_000);

  const progress = async (broadcastId: string) =>
    (await (await fetch(`${notifications.url}/staff/ale/broadcasts/${broadcastId}`, { headers: await idp.coordinator('ale') })).json()) as { status: string; recipients: number; totals: Array<{ channel: string; status: string; count: number }> };
  const messagesPerRecipient = async (broadcastId: string) => {
    const messages = await client.db(database).collection('messages').find({ broadcastId }, { projection: { recipientId: 1, status: 1 } }).toArray();
    const perRecipient = new Map<string, number>();
    for (const m of messages) perRecipient.set(String(m['recipientId']), (perRecipient.get(String(m['recipientId'])) ?? 0) + 1);
    return { messages, perRecipient };
  };

  it('a kill mid-send (SIGKILL) and a restart lose and duplicate nothing: one message per member, at most one mail each, the rest marked uncertain', async () => {
    const res = await post('/staff/ale/broadcasts', await idp.officer('lpo-ale-kungalv'), { subject: 'Inbrott i området', body: 'Polisen har fått flera anmälningar i veckan. Håll utkik.', filter: { areaIds: [smallArea] } });
    expect(res.status).toBe(202);
    const { broadcastId } = (await res.json()) as { broadcastId: string };
    // The officer is the sender in the audit trail.
    expect(await client.db(database).collection('audit_trail').findOne({ action: 'broadcast-sent', 'subject.id': broadcastId })).toMatchObject({ actor: { subject: expect.stringContaining('polis.lpo-ale-kungalv'), role: 'police-officer' }, details: { recipients: SMALL } });

    await waitFor('some mails to go out', async () => (total >= 100 ? true : undefined), { timeoutMs: 120_000, intervalMs: 20 });
    await notifications.kill('SIGKILL');
    process.stderr.write(`killed mid-send with ${total} of ${SMALL} mails out\n`);
    expect(total).toBeLessThan(SMALL);
    await notifications.start();

    // Settled: every message of the broadcast is `sent`, or `uncertain` (found in `sending` by the job that ran again
    // after the kill); a message in neither state is never claimed again, so no mail can follow. (The process also
    // consumes other tests' events from the shared Kafka, so its queues as a whole need not be empty.)
    let lastLogged = 0;
    await waitFor(
      'every message of the broadcast to settle',
      async () => {
        const { status, totals } = await progress(broadcastId);
        if (Date.now() - lastLogged > 15_000) {
          lastLogged = Date.now();
          process.stderr.write(`progress: ${status} ${JSON.stringify(totals)}\n`);
        }
        const settled = totals.filter((t) => t.status === 'sent' || t.status === 'uncertain').reduce((sum, t) => sum + t.count, 0);
        return status === 'fanned-out' && settled === SMALL ? true : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 500 },
    );
    const { messages, perRecipient } = await messagesPerRecipient(broadcastId);
    expect(perRecipient.size).toBe(SMALL); // nobody lost
    expect([...perRecipient.values()].filter((n) => n !== 1)).toEqual([]); // nobody twice in the log
    expect([...received.values()].filter((n) => n !== 1)).toEqual([]); // nobody mailed twice
    const uncertain = messages.filter((m) => m['status'] === 'uncertain').length;
    expect(received.size + uncertain).toBe(SMALL); // every member got the mail, or it was in flight when the process died
    expect(uncertain).toBeLessThan(100);
    process.stderr.write(`after the restart: ${received.size} mailed once, ${uncertain} uncertain\n`);
  }, 400_000);

  it('a message to 20,000 members is answered at once; a kill during its fan-out is resumed at the next start, one message per member', async () => {
    const coordinator = await idp.coordinator('ale');
    const started = performance.now();
    const res = await post('/staff/ale/broadcasts', coordinator, { subject: 'Inbrott i området', body: 'Polisen har fått flera anmälningar i veckan. Håll utkik.', filter: { areaIds: [area] } });
    const answeredMs = performance.now() - started;
    expect(res.status).toBe(202);
    const { broadcastId, recipients } = (await res.json()) as { broadcastId: string; recipients: number };
    expect(recipients).toBe(N);
    process.stderr.write(`area message to ${N} members answered in ${answeredMs.toFixed(0)} ms\n`);
    expect(await client.db(database).collection('audit_trail').findOne({ action: 'broadcast-sent', 'subject.id': broadcastId })).toMatchObject({ actor: { role: 'coordinator' }, details: { recipients: N } });

    const written = () => client.db(database).collection('messages').countDocuments({ broadcastId });
    await waitFor('the fan-out to be under way', async () => ((await written()) >= 1000 ? true : undefined), { timeoutMs: 60_000, intervalMs: 20 });
    await notifications.kill('SIGKILL');
    const atKill = { messages: await written(), status: (await client.db(database).collection('broadcasts').findOne({ _id: broadcastId as never }))?.['status'] };
    process.stderr.write(`killed during the fan-out: ${atKill.messages} of ${N} messages written, broadcast ${String(atKill.status)}\n`);
    expect(atKill.status).toBe('fanning-out');
    await notifications.start();
    await waitFor('the fan-out to finish', async () => ((await progress(broadcastId)).status === 'fanned-out' ? true : undefined), { timeoutMs: 120_000, intervalMs: 500 });
    const { perRecipient } = await messagesPerRecipient(broadcastId);
    expect(perRecipient.size).toBe(N);
    expect([...perRecipient.values()].filter((n) => n !== 1)).toEqual([]);
    const b = await progress(broadcastId);
    expect(b.recipients).toBe(N);
    expect(b.totals.reduce((sum, t) => sum + t.count, 0)).toBe(N);
  }, 240_000);
});
