import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { mongo } from 'mongoose';
import type { z } from 'zod';
import { ContactPersonNominatedV1, type EventContract, OnboardingCompletedV1 } from '@trygg/contracts';
import { publishEvent, ServiceProcess, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';
import { FakeEnrolmentLinks, PrivateRedis } from './private-infra';
import { notificationsEnv, webCaller } from './support';

// Issue 14, reaching every household, on the real notifications process (FerretDB, Kafka, Redis, an SMTP server):
// notifications learns who the group's contact person is from the events it consumes (nomination, then the approved
// onboarding); a relay to the group reaches the members who have an email address, the contact person's mail carries
// the link to the group's relay page; the reach endpoint tells the contact person which household was not reached
// (one without email and mobile), and nobody else; an acknowledgement clicked twice is counted once.

const run = randomUUID().slice(0, 8);
const ports = { service: 3608, smtp: 3609, redis: 3610, links: 3618 };
const database = `ntf_relay_${run}`;
const group = `ntf-relay-${run}`;
const token = 'ntf-relay-internal-token-0123456789';
const groupId = randomUUID();
const areaId = `relay-${run}`;
const contactPerson = randomUUID();
const reachable = randomUUID();
const unreachable = randomUUID();

/** Every mail's text, per recipient address. */
const mails = new Map<string, string[]>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  closeTimeout: 200,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((parsed) => {
        for (const r of session.envelope.rcptTo) mails.set(r.address, [...(mails.get(r.address) ?? []), parsed.text ?? '']);
        callback();
      })
      .catch(callback);
  },
});
const redis = new PrivateRedis(ports.redis);
const links = new FakeEnrolmentLinks(ports.links, token);
const env = notificationsEnv({
  port: ports.service,
  database,
  group,
  env: { REDIS_URL: redis.url, SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`, ENROLMENT_URL: links.url, INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: token, WEB_PUBLIC_URL: 'http://127.0.0.1:3000' },
});
const notifications = new ServiceProcess({ service: 'notifications', port: ports.service, env });
let idp: TestIdp;

const email = (who: string) => `${who}-${run}@ntf-relay.example`;
const post = async (path: string, headers: Record<string, string>, body?: unknown) =>
  await fetch(`${notifications.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
async function publish<C extends EventContract>(contract: C, payload: z.input<C['payload']>): Promise<void> {
  await publishEvent(testKafka(), contract, { municipalityId: 'ale', correlationId: `ntf-relay-${run}` }, payload);
}

describe('a relay reaches every household: directly where it can, through the contact person for the rest', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    client = await testMongo();
    const now = new Date();
    // The group's three households as member-joined and the registrations build them; the third has no email and no mobile.
    const member = (id: string, name: string, address: string | null) => ({ _id: id, municipalityId: 'ale', name, email: address, mobile: null, smsOptIn: false, language: 'sv', groupIds: [groupId], areaIds: [areaId], updatedAt: now });
    await client.db(database).collection('recipients').insertMany([member(contactPerson, 'Kim Kontakt', email('kim')), member(reachable, 'Rut Nådd', email('rut')), member(unreachable, 'Pelle Papper', null)] as never[]);
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

  it('learns the contact person from the events, relays, answers reach for the own group only, and counts an acknowledgement once', async () => {
    // Who is the contact person: from the nomination and the approved onboarding (no call to enrolment).
    const nominationId = randomUUID();
    await publish(ContactPersonNominatedV1, { nominationId, personId: contactPerson, groupId, areaId, policeAreaId: 'lpo-ale-kungalv', subjectFields: {} });
    await publish(OnboardingCompletedV1, { instanceId: randomUUID(), processId: 'ale/contact-person', processVersion: 1, subject: { kind: 'contact-person', id: nominationId, personId: contactPerson }, outcome: 'approved', decidingStepId: null, reason: null });
    await waitFor(
      'the contact person to be recorded from the events',
      async () => ((await client.db(database).collection('recipients').countDocuments({ _id: contactPerson as never, contactPersonGroupIds: groupId })) === 1 ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 100 },
    );

    const coordinator = await idp.coordinator('ale');
    // Contact persons only: one recipient.
    const preview = await post('/staff/ale/broadcasts/preview', coordinator, { subject: 'Inbrott', body: 'Håll utkik.', audience: 'contact-persons', filter: { groupIds: [groupId] } });
    expect(((await preview.json()) as { recipients: number }).recipients).toBe(1);
    // A relay to contact persons only is a contradiction, refused on `delivery`.
    const contradiction = await post('/staff/ale/broadcasts', coordinator, { subject: 'Inbrott', body: 'Håll utkik.', audience: 'contact-persons', delivery: 'relay', filter: { groupIds: [groupId] } });
    expect(contradiction.status).toBe(400);
    expect(((await contradiction.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field)).toEqual(['delivery']);

    const sent = await post('/staff/ale/broadcasts', coordinator, { subject: 'Inbrott på Storgatan', body: 'Flera inbrott i veckan. Håll utkik.', category: 'urgent', channels: ['email'], delivery: 'relay', filter: { groupIds: [groupId] } });
    expect(sent.status).toBe(202);
    const { broadcastId, recipients } = (await sent.json()) as { broadcastId: string; recipients: number };
    expect(recipients).toBe(3);

    // (The nomination and the approval have their own mails to the contact person: the area message is the one with its text.)
    const areaMessageTo = (address: string) => mails.get(address)?.find((text) => text.includes('Flera inbrott i veckan'));
    await waitFor('both area-message mails', async () => (areaMessageTo(email('kim')) && areaMessageTo(email('rut')) ? true : undefined), { timeoutMs: 60_000, intervalMs: 100 });
    const toContactPerson = areaMessageTo(email('kim'))!;
    const toMember = areaMessageTo(email('rut'))!;
    expect(toContactPerson).toContain(`/mina-uppgifter/`);
    expect(toContactPerson).toContain(`/grupp/${groupId}/utskick/${broadcastId}`);
    expect(toMember).not.toContain('/grupp/');
    expect(toMember).toContain('/ale/kvittera/');
    expect(links.requests).toContainEqual({ kind: 'self-service', personId: contactPerson });

    // The contact person's relay page asks (through the web): which of my group's households were reached?
    const ask = (body: Record<string, unknown>) => post(`/internal/broadcasts/${broadcastId}/reach`, webCaller, { municipalityId: 'ale', groupId, contactPersonId: contactPerson, personIds: [reachable, unreachable], ...body });
    const reach = await waitFor(
      'the member’s mail to be recorded as sent',
      async () => {
        const res = await ask({});
        const answer = (await res.json()) as { people: Array<{ personId: string; reach: string }> };
        return answer.people.find((p) => p.personId === reachable)?.reach === 'reached' && answer.people.find((p) => p.personId === unreachable)?.reach !== 'pending' ? answer : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(reach.people).toEqual(expect.arrayContaining([{ personId: reachable, reach: 'reached' }, { personId: unreachable, reach: 'not-reached' }]));
    // Nobody else learns it: a member asking as contact person, another group, another municipality, no secret.
    expect((await ask({ contactPersonId: reachable })).status).toBe(404);
    expect((await ask({ groupId: randomUUID() })).status).toBe(404);
    expect((await ask({ municipalityId: 'trollhattan' })).status).toBe(404);
    expect((await post(`/internal/broadcasts/${broadcastId}/reach`, {}, { municipalityId: 'ale', groupId, contactPersonId: contactPerson, personIds: [] })).status).toBe(401);

    // "Jag har läst", clicked twice: counted once, for the group.
    const ackToken = /\/ale\/kvittera\/([A-Za-z0-9_-]+)/.exec(toMember)![1]!;
    const first = await post(`/internal/acknowledgements/${ackToken}`, webCaller);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ municipalityId: 'ale', language: 'sv', subject: 'Inbrott på Storgatan', firstTime: true });
    const again = await post(`/internal/acknowledgements/${ackToken}`, webCaller);
    expect(((await again.json()) as { firstTime: boolean }).firstTime).toBe(false);
    expect((await post(`/internal/acknowledgements/${'x'.repeat(43)}`, webCaller)).status).toBe(404);
    const totals = (await (await fetch(`${notifications.url}/staff/ale/broadcasts/${broadcastId}`, { headers: coordinator })).json()) as { delivery: string; acknowledgements: unknown };
    expect(totals).toMatchObject({ delivery: 'relay', acknowledgements: { total: 1, groups: [{ groupId, count: 1 }] } });
    // Only the token's hash is stored.
    expect(await client.db(database).collection('messages').countDocuments({ 'ack.tokenHash': ackToken })).toBe(0);
  }, 120_000);
});
