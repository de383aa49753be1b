import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createEvent, eventContracts, OnboardingCompletedV1, VolunteerSignedUpV1, WalkCancelledV1, WalkScheduledV1, WalkUnderstaffedV1 } from '@trygg/contracts';
import { mongoUrl, produceRaw, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';

// Walks on the real Kafka and FerretDB with TWO volunteers processes on one database (as two instances behind a load
// balancer): walkers of Lilla Edet's church walkers (2 walkers a walk) signed up, confirmed and activated through the
// real paths; the coordinator (a TestIdp token) schedules walks; walkers act through their links. Two walkers taking
// the last place at once, one through each process: exactly one gets it, the other is told walk_full — three times.
// Ports 4386/4387, database walks_it_<run> (dropped at the end), consumer group walks-it-<run>.

const run = randomUUID().slice(0, 8);
const database = `walks_it_${run}`;
const group = `walks-it-${run}`;
const LINKS_SECRET = `walks-it-links-secret-${'x'.repeat(32)}`;
const ORG = 'lilla-edets-forsamling';
const payloadOf = (m: { value: Buffer | null }) => JSON.parse(m.value!.toString()).payload as Record<string, unknown>;

describe('walks with two volunteers instances on a real broker and database', () => {
  let client: mongo.MongoClient;
  let idp: TestIdp;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let signedUp: TopicReader;
  let scheduled: TopicReader;
  let cancelled: TopicReader;
  let understaffed: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    const env = {
      MONGO_URL: mongoUrl(database),
      CONSUMER_GROUP: group,
      DEV_IDP_URL: idp.url,
      WEB_PUBLIC_URL: 'http://web.test',
      INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: LINKS_SECRET,
      // The understaffed job (housekeeping) runs often in both instances at once.
      HOUSEKEEPING_INTERVAL_MS: '300',
    };
    a = new ServiceProcess({ service: 'volunteers', port: 4386, env });
    b = new ServiceProcess({ service: 'volunteers', port: 4387, env });
    await startGroupAtEnd(testKafka(), group, eventContracts.map((c) => c.type));
    await Promise.all([a.start(), b.start()]);
    // The TestIdp draws Lilla Edet's key at its first token: draw it now, not in three walkers' set-ups at once.
    await idp.coordinator('lilla-edet', 'samordnare-walks');
    signedUp = await new TopicReader(testKafka(), VolunteerSignedUpV1.type).start();
    scheduled = await new TopicReader(testKafka(), WalkScheduledV1.type).start();
    cancelled = await new TopicReader(testKafka(), WalkCancelledV1.type).start();
    understaffed = await new TopicReader(testKafka(), WalkUnderstaffedV1.type).start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([signedUp?.stop(), scheduled?.stop(), cancelled?.stop(), understaffed?.stop(), a?.stop(), b?.stop()]);
    await idp?.close();
    await client?.db(database).dropDatabase();
    await client?.close();
  }, 60_000);

  const post = (instance: ServiceProcess, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${instance.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const coordinator = () => idp.coordinator('lilla-edet', 'samordnare-walks');
  const linkFor = async (volunteerId: string, kind = 'walker-walks') =>
    post(a, '/internal/links', { kind, volunteerId }, { authorization: `Bearer ${LINKS_SECRET}`, 'x-internal-caller': 'notifications' });
  const tokenOf = async (res: Response) => ((await res.json()) as { url: string }).url.split('/').at(-1)!;
  const walkerDo = (instance: ServiceProcess, token: string, walkId: string, action: string) => post(instance, `/walker/${token}/walks/${walkId}/${action}`, {});
  const codeOf = async (res: Response) => [res.status, ((await res.json()) as { error?: string; status?: string }).error ?? 'ok'];

  /** A walker of the church signed up, confirmed from the emailed link and approved by onboarding (by event): active. */
  async function activeWalker(n: string, organisationId = ORG): Promise<{ volunteerId: string; token: string }> {
    const email = `walker-${n}-${run}@walks.example`;
    expect((await post(a, '/volunteers', { municipalityId: 'lilla-edet', name: `Vandrare ${n}`, email, birthYear: 1980, organisationId })).status).toBe(202);
    const doc = await waitFor('the sign-up', async () => (await client.db(database).collection('volunteers').findOne({ email })) ?? undefined);
    const volunteerId = String(doc['_id']);
    expect((await post(b, '/volunteers/confirmations', { municipalityId: 'lilla-edet', token: await tokenOf(await linkFor(volunteerId, 'walker-confirmation')) })).status).toBe(200);
    // Not active yet: no link to walks.
    expect(await codeOf(await linkFor(volunteerId))).toEqual([409, 'walker_not_active']);
    const started = await signedUp.waitFor('the onboarding start', (m) => payloadOf(m)['volunteerId'] === volunteerId);
    const completed = createEvent(
      OnboardingCompletedV1,
      { municipalityId: 'lilla-edet', correlationId: `walks-it-${run}` },
      {
        instanceId: randomUUID(),
        processId: 'lilla-edet/volunteer',
        processVersion: 1,
        subject: { kind: 'volunteer', id: volunteerId, personId: String(payloadOf(started)['personId']) },
        outcome: 'approved',
        decidingStepId: 'walker-agreement',
        reason: null,
      },
    );
    await produceRaw(testKafka(), OnboardingCompletedV1.type, [{ key: completed.payload.instanceId, value: JSON.stringify(completed) }]);
    await waitFor('the walker to be active', async () => ((await client.db(database).collection('volunteers').findOne({ _id: volunteerId as never }))?.['status'] === 'active' ? true : undefined));
    const trained = await post(b, `/staff/lilla-edet/volunteers/${volunteerId}/qualifications`, { basicTraining: true }, await coordinator());
    expect(await trained.json()).toEqual({ volunteerId, basicTraining: true, guardianConsent: false });
    const link = await linkFor(volunteerId);
    expect(link.status).toBe(200);
    return { volunteerId, token: await tokenOf(link) };
  }

  async function scheduleWalk(daysAhead: number, instance = a): Promise<string> {
    const startsAt = new Date(Date.now() + daysAhead * 86_400_000);
    startsAt.setUTCMilliseconds(0);
    const res = await post(instance, '/staff/lilla-edet/walks', { organisationId: ORG, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(), meetingPoint: 'Lilla Edets station', maxWalkers: 2 }, await coordinator());
    expect(res.status).toBe(201);
    const walk = (await res.json()) as { walkId: string; minWalkers: number; staffed: boolean; problems: string[] };
    expect(walk).toMatchObject({ minWalkers: 2, staffed: false, problems: ['too_few_walkers', 'too_few_trained_walkers', 'too_few_adults'] });
    return walk.walkId;
  }

  it('two walkers taking the last place at once through two instances: exactly one gets it, every time', async () => {
    const [first, left, right] = await Promise.all([activeWalker('first'), activeWalker('left'), activeWalker('right')]);
    for (let round = 1; round <= 3; round += 1) {
      const walkId = await scheduleWalk(3 + round);
      await scheduled.waitFor('the walk-scheduled event', (m) => payloadOf(m)['walkId'] === walkId);
      expect(await codeOf(await walkerDo(a, first.token, walkId, 'booking'))).toEqual([200, 'ok']);
      const answers = await Promise.all([walkerDo(a, left.token, walkId, 'booking'), walkerDo(b, right.token, walkId, 'booking')]);
      const codes = await Promise.all(answers.map(codeOf));
      expect(codes.map(([status]) => status).sort()).toEqual([200, 409]);
      expect(codes.find(([status]) => status === 409)).toEqual([409, 'walk_full']);
      const doc = await client.db(database).collection('walks').findOne({ _id: walkId as never });
      const winner = codes[0]![0] === 200 ? left : right;
      expect((doc!['bookings'] as Array<{ volunteerId: string }>).map((x) => x.volunteerId)).toEqual([first.volunteerId, winner.volunteerId]);
    }
    // The coordinator's list shows the booked walks staffed (2 trained adults of 2).
    const list = await fetch(`${b.url}/staff/lilla-edet/walks`, { headers: await coordinator() });
    const walks = ((await list.json()) as { walks: Array<{ staffed: boolean; bookings: unknown[] }> }).walks;
    expect(walks.filter((w) => w.bookings.length === 2).map((w) => w.staffed)).toEqual([true, true, true]);
  }, 180_000);

  it('refuses clearly: check-in when not booked, a cancelled walk, another organisation\'s walker; walk-cancelled names the booked by person id only', async () => {
    const [booked, other, stranger] = await Promise.all([activeWalker('booked'), activeWalker('other'), activeWalker('stranger', 'nattvandrarna-lilla-edet')]);
    const walkId = await scheduleWalk(5, b);
    expect(await codeOf(await walkerDo(b, stranger.token, walkId, 'booking'))).toEqual([409, 'wrong_organisation']);
    expect(await codeOf(await walkerDo(a, booked.token, walkId, 'booking'))).toEqual([200, 'ok']);
    expect(await codeOf(await walkerDo(a, booked.token, walkId, 'booking'))).toEqual([409, 'already_booked']);
    expect(await codeOf(await walkerDo(b, other.token, walkId, 'check-in'))).toEqual([409, 'not_booked']);
    expect(await codeOf(await walkerDo(b, 'A'.repeat(43), walkId, 'booking'))).toEqual([404, 'token_invalid']);

    const cancel = await post(a, `/staff/lilla-edet/walks/${walkId}/cancellation`, { reason: 'Storm varning' }, await coordinator());
    expect(cancel.status).toBe(200);
    expect(await post(a, `/staff/ale/walks/${walkId}/cancellation`, { reason: 'x' }, await coordinator()).then((r) => r.status)).toBe(403);
    expect(await codeOf(await walkerDo(b, other.token, walkId, 'booking'))).toEqual([409, 'walk_cancelled']);
    const event = await cancelled.waitFor('the walk-cancelled event', (m) => payloadOf(m)['walkId'] === walkId);
    const personId = (await client.db(database).collection('volunteers').findOne({ _id: booked.volunteerId as never }))!['personId'];
    expect(payloadOf(event)).toMatchObject({ reason: 'Storm varning', organisationId: ORG, bookedPersonIds: [personId] });
    expect(event.value!.toString()).not.toContain('Vandrare'); // no names
  }, 180_000);

  it('a walk still under its minimum 48 h before is reported understaffed once, though both instances run the job', async () => {
    const trained = await activeWalker('lonely');
    const first = await scheduleWalk(1.5); // 36 h ahead: within 48 h
    expect(await codeOf(await walkerDo(a, trained.token, first, 'booking'))).toEqual([200, 'ok']);
    const event = await understaffed.waitFor('the walk-understaffed event', (m) => payloadOf(m)['walkId'] === first);
    expect(payloadOf(event)).toMatchObject({ organisationId: ORG, requiredWalkers: 2, problems: expect.arrayContaining(['too_few_walkers']) });
    expect(payloadOf(event)['bookedWalkers']).toBeLessThanOrEqual(1);
    // A second walk scheduled after the first was marked is reported in a later round of the job: by then the job has
    // run again after the first was marked (in one instance or both), and the first was not told twice.
    const second = await scheduleWalk(1.6, b);
    await understaffed.waitFor('the second walk-understaffed event', (m) => payloadOf(m)['walkId'] === second);
    await waitFor('the outbox of the first walk to be published', async () => ((await client.db(database).collection('walks').findOne({ _id: first as never }))?.['outboxPending'] ? undefined : true));
    expect(understaffed.matching((m) => payloadOf(m)['walkId'] === first)).toHaveLength(1);
    const doc = await client.db(database).collection('walks').findOne({ _id: first as never });
    expect(doc!['understaffedAt']).toEqual(expect.any(String));
  }, 120_000);
});
