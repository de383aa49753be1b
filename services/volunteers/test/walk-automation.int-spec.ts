import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createEvent, eventContracts, OnboardingCompletedV1, VolunteerSignedUpV1, WalkCancelledV1, WalkInvitationDueV1, WalkReminderDueV1 } from '@trygg/contracts';
import { mongoUrl, produceRaw, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';

// volunteers' own walk jobs (issue 15) with TWO volunteers processes on one database, both running housekeeping every
// 300 ms — racing on every walk: the day-before reminder of each booked walker, the invitation of an available walker
// to an understaffed walk, and the automatic cancellation of a walk that cannot be staffed (Lilla Edet's default
// 12 h). The clock is the real one; as in walk-reports.int-spec.ts, a walk is booked days ahead and then moved nearer
// in the database (the state the jobs would find hours or days later). Walkers sign up, confirm and are activated
// through the real paths. Each event is asserted once after the readers caught up with the topics.
// Ports 3680/3681, database walk_automation_it_<run> (dropped at the end), consumer group walk-automation-it-<run>.

const run = randomUUID().slice(0, 8);
const database = `walk_automation_it_${run}`;
const group = `walk-automation-it-${run}`;
const LINKS_SECRET = `walk-automation-it-links-${'x'.repeat(32)}`;
const ORG = 'lilla-edets-forsamling';
const ALL_TIMES = ['weekday-evenings', 'friday', 'saturday', 'daytime'];
const HOUR = 3_600_000;
const payloadOf = (m: { value: Buffer | null }) => JSON.parse(m.value!.toString()).payload as Record<string, unknown>;

describe('reminders, invitations and the automatic cancellation with two volunteers instances racing', () => {
  let client: mongo.MongoClient;
  let idp: TestIdp;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let signedUp: TopicReader;
  let reminders: TopicReader;
  let invitations: TopicReader;
  let cancelled: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    const env = {
      MONGO_URL: mongoUrl(database),
      CONSUMER_GROUP: group,
      DEV_IDP_URL: idp.url,
      WEB_PUBLIC_URL: 'http://web.test',
      INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: LINKS_SECRET,
      HOUSEKEEPING_INTERVAL_MS: '300',
    };
    a = new ServiceProcess({ service: 'volunteers', port: 3680, env });
    b = new ServiceProcess({ service: 'volunteers', port: 3681, env });
    await startGroupAtEnd(testKafka(), group, eventContracts.map((c) => c.type));
    await Promise.all([a.start(), b.start()]);
    await idp.coordinator('lilla-edet', 'samordnare-automation');
    signedUp = await new TopicReader(testKafka(), VolunteerSignedUpV1.type).start();
    reminders = await new TopicReader(testKafka(), WalkReminderDueV1.type).start();
    invitations = await new TopicReader(testKafka(), WalkInvitationDueV1.type).start();
    cancelled = await new TopicReader(testKafka(), WalkCancelledV1.type).start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([signedUp?.stop(), reminders?.stop(), invitations?.stop(), cancelled?.stop(), a?.stop(), b?.stop()]);
    await idp?.close();
    await client?.db(database).dropDatabase();
    await client?.close();
  }, 60_000);

  const post = (instance: ServiceProcess, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${instance.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const coordinator = () => idp.coordinator('lilla-edet', 'samordnare-automation');
  const linkFor = (volunteerId: string, kind = 'walker-walks') => post(a, '/internal/links', { kind, volunteerId }, { authorization: `Bearer ${LINKS_SECRET}`, 'x-internal-caller': 'notifications' });
  const tokenOf = async (res: Response) => ((await res.json()) as { url: string }).url.split('/').at(-1)!;
  const walks = () => client.db(database).collection('walks');

  interface Walker {
    volunteerId: string;
    personId: string;
    token: string;
  }

  /** A walker signed up (with their usual availability), confirmed, approved by onboarding (by event): active. */
  async function activeWalker(n: string, options: { availability?: string[]; organisationId?: string; trained?: boolean } = {}): Promise<Walker> {
    const email = `walker-${n}-${run}@automation.example`;
    const res = await post(a, '/volunteers', { municipalityId: 'lilla-edet', name: `Vandrare ${n}`, email, birthYear: 1980, organisationId: options.organisationId ?? ORG, availability: options.availability ?? [] });
    expect(res.status).toBe(202);
    const doc = await waitFor('the sign-up', async () => (await client.db(database).collection('volunteers').findOne({ email })) ?? undefined);
    const volunteerId = String(doc['_id']);
    expect((await post(b, '/volunteers/confirmations', { municipalityId: 'lilla-edet', token: await tokenOf(await linkFor(volunteerId, 'walker-confirmation')) })).status).toBe(200);
    const started = await signedUp.waitFor('the onboarding start', (m) => payloadOf(m)['volunteerId'] === volunteerId);
    const personId = String(payloadOf(started)['personId']);
    const completed = createEvent(
      OnboardingCompletedV1,
      { municipalityId: 'lilla-edet', correlationId: `walk-automation-it-${run}` },
      { instanceId: randomUUID(), processId: 'lilla-edet/volunteer', processVersion: 1, subject: { kind: 'volunteer', id: volunteerId, personId }, outcome: 'approved', decidingStepId: 'walker-agreement', reason: null },
    );
    await produceRaw(testKafka(), OnboardingCompletedV1.type, [{ key: completed.payload.instanceId, value: JSON.stringify(completed) }]);
    await waitFor('the walker to be active', async () => ((await client.db(database).collection('volunteers').findOne({ _id: volunteerId as never }))?.['status'] === 'active' ? true : undefined));
    if (options.trained ?? true) expect((await post(b, `/staff/lilla-edet/volunteers/${volunteerId}/qualifications`, { basicTraining: true }, await coordinator())).status).toBe(200);
    const link = await linkFor(volunteerId);
    expect(link.status).toBe(200);
    return { volunteerId, personId, token: await tokenOf(link) };
  }

  /** A walk of the church 5 days ahead (no job touches it yet), booked by `booked`. */
  async function bookedWalk(booked: Walker[]): Promise<string> {
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    startsAt.setUTCMilliseconds(0);
    const res = await post(a, '/staff/lilla-edet/walks', { organisationId: ORG, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * HOUR).toISOString(), meetingPoint: `Stationen ${run}`, maxWalkers: 3 }, await coordinator());
    expect(res.status).toBe(201);
    const walkId = ((await res.json()) as { walkId: string }).walkId;
    for (const w of booked) expect((await post(b, `/walker/${w.token}/walks/${walkId}/booking`, {})).status).toBe(200);
    return walkId;
  }

  /** The walk as it will be later: starting `hours` from now (a version bump, as any write of the walk). */
  async function moveWalk(walkId: string, hours: number): Promise<void> {
    const startsAt = new Date(Date.now() + hours * HOUR);
    startsAt.setUTCMilliseconds(0);
    const moved = await walks().updateOne({ _id: walkId as never }, { $set: { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * HOUR).toISOString() }, $inc: { version: 1 } });
    expect(moved.modifiedCount).toBe(1);
  }

  const ofWalk = (reader: TopicReader, walkId: string) => reader.messages.filter((m) => payloadOf(m)['walkId'] === walkId).map(payloadOf);
  const outboxEmpty = (walkId: string) => waitFor(`the outbox of walk ${walkId} published`, async () => ((await walks().findOne({ _id: walkId as never }))?.['outboxPending'] ? undefined : true));

  it('each booked walker of tomorrow\'s walk is reminded once; an available walker of an understaffed walk is invited once; an unstaffable walk is cancelled once', async () => {
    const [anna, bo, cia, dana, erik, fia, gun] = await Promise.all([
      activeWalker('anna'),
      activeWalker('bo'),
      activeWalker('cia'),
      activeWalker('dana', { availability: ALL_TIMES, trained: false }), // available, not booked: invited
      activeWalker('erik', { trained: false }), // no usual availability recorded: not invited
      activeWalker('fia', { availability: ALL_TIMES, organisationId: 'nattvandrarna-lilla-edet' }), // another organisation: not invited
      activeWalker('gun'),
    ]);
    // Staffed (2 trained of 2) and starting in 3 hours: the reminder is due (09:00 the day before has passed).
    const tomorrow = await bookedWalk([anna, bo]);
    // 1 of 2 booked, 20 hours ahead: within 48 h (understaffed), before the 12 h of the automatic cancellation.
    const short = await bookedWalk([cia]);
    // 1 of 2 booked, 6 hours ahead: past the 12 h lead time — cancelled.
    const doomed = await bookedWalk([gun]);
    await Promise.all([moveWalk(tomorrow, 3), moveWalk(short, 20), moveWalk(doomed, 6)]);

    await waitFor('both reminders', async () => (ofWalk(reminders, tomorrow).length >= 2 ? true : undefined), { timeoutMs: 30_000 });
    expect(ofWalk(reminders, tomorrow).map((p) => p['volunteerId']).sort()).toEqual([anna.volunteerId, bo.volunteerId].sort());
    const reminder = ofWalk(reminders, tomorrow).find((p) => p['volunteerId'] === anna.volunteerId)!;
    expect(reminder).toMatchObject({ personId: anna.personId, meetingPoint: `Stationen ${run}`, organisationId: ORG, localStartTime: expect.stringMatching(/^\d\d:\d\d$/) });
    expect(JSON.stringify(reminder)).not.toContain('automation.example'); // ids only

    const invitation = await invitations.waitFor('the invitation', (m) => payloadOf(m)['walkId'] === short);
    expect(payloadOf(invitation)).toMatchObject({ volunteerId: dana.volunteerId, personId: dana.personId, placesLeft: 2 });
    expect((await walks().findOne({ _id: short as never }))?.['understaffedAt']).toEqual(expect.any(String));

    const cancellation = await cancelled.waitFor('the automatic cancellation', (m) => payloadOf(m)['walkId'] === doomed);
    expect(payloadOf(cancellation)).toMatchObject({ reason: 'unstaffed', cause: 'unstaffed', bookedPersonIds: [gun.personId] });
    const doc = await walks().findOne({ _id: doomed as never });
    expect(doc).toMatchObject({ status: 'cancelled', cancellation: { cancelledBy: 'system:volunteers', reason: 'unstaffed' } });
    // Cancelled: its walker can no longer book it.
    expect((await post(a, `/walker/${dana.token}/walks/${doomed}/booking`, {})).status).toBe(409);

    // Later rounds of both instances changed nothing: a fresh walk reminded after the first ones proves the jobs ran
    // again; then every event of the topics is read, and each was written once.
    const later = await bookedWalk([cia, gun]);
    await moveWalk(later, 2);
    await waitFor('the later walk\'s reminders', async () => (ofWalk(reminders, later).length >= 2 ? true : undefined), { timeoutMs: 30_000 });
    await Promise.all([tomorrow, short, doomed, later].map(outboxEmpty));
    await Promise.all([reminders.caughtUp(), invitations.caughtUp(), cancelled.caughtUp()]);
    expect(ofWalk(reminders, tomorrow)).toHaveLength(2);
    expect(ofWalk(reminders, later)).toHaveLength(2);
    expect(ofWalk(invitations, short).map((p) => p['volunteerId'])).toEqual([dana.volunteerId]); // not erik, fia, nor the booked cia
    expect(ofWalk(invitations, tomorrow)).toEqual([]); // staffed
    expect(ofWalk(cancelled, doomed)).toHaveLength(1);
    expect(ofWalk(cancelled, tomorrow)).toEqual([]);
    expect(ofWalk(cancelled, short)).toEqual([]);
    expect([erik.volunteerId, fia.volunteerId]).not.toContain(payloadOf(invitation)['volunteerId']);
    // One audit record of the cancellation, by the system.
    const audited = await client.db(database).collection('audit_trail').find({ action: 'walk-cancelled', 'subject.id': doomed }).toArray();
    expect(audited.map((r) => (r['actor'] as { subject: string }).subject)).toEqual(['system:volunteers']);
  }, 240_000);
});
