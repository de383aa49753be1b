import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import {
  ContactPersonNominatedV1,
  createEvent,
  type EventContract,
  GroupActivatedV1,
  GroupStatusChangedV1,
  MemberJoinedV1,
  OnboardingCompletedV1,
  OnboardingStepRequestedV1,
  PoliceDecisionRecordedV1,
  ResidentErasedV1,
} from '@trygg/contracts';
import { mongoUrl, produceRaw, ServiceProcess, TestIdp, testKafka, testMongo, waitFor } from '@trygg/testing';
import type { z } from 'zod';

// Issue 14 through the built police-liaison on the shared Kafka and FerretDB: enrolment's and onboarding's events (some
// out of order) build police-liaison's own projection of the groups, which the officer's overview counts with the
// open observations; then an erasure (enrolment.resident-erased.v1) removes the person from a start meeting (their
// invitation and RSVP) and from the observation they reported, audited. Port 3650; database `ov_it_police_<run>`.

const run = randomUUID().slice(0, 8);
const port = 3650;
const database = `ov_it_police_${run}`;
const OBSERVATIONS_SECRET = `ov-it-web-observations-secret-${run}-0123456789`;
const LINKS_SECRET = `ov-it-links-secret-${run}-0123456789012345`;
const env: Record<string, string> = {
  MONGO_URL: mongoUrl(database),
  CONSUMER_GROUP: `ov-it-police-${run}`,
  CONSUMER_FROM_BEGINNING: 'false',
  INTERNAL_SECRET_WEB_OBSERVATIONS: OBSERVATIONS_SECRET,
  INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: LINKS_SECRET,
  WEB_PUBLIC_URL: 'http://web.test',
  REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380',
  RATE_LIMIT_KEY_PREFIX: `ov-it-${run}`,
  LOG_LEVEL: 'info',
};
const police = new ServiceProcess({ service: 'police-liaison', port, env });
const settle = { timeoutMs: 30_000, intervalMs: 250 };

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
/** Publishes as its producer would, with the time it happened (the projection keeps the newest by occurredAt). */
async function publish<C extends EventContract>(contract: C, payload: z.input<C['payload']>, occurredAt = new Date()): Promise<void> {
  const event = createEvent(contract, { municipalityId: 'lilla-edet', correlationId: `ov-it-${run}` }, payload, occurredAt);
  await produceRaw(testKafka(), contract.type, [{ key: contract.keyOf(event.payload), value: JSON.stringify(event) }]);
}

interface Overview {
  groups: {
    municipalities: Array<{ municipalityId: string; byStatus: Record<string, number>; activeContactPersons: number; groupsWithoutContactPerson: number; openObservations: number }>;
  };
}

describe('the officer\'s overview from police-liaison\'s own projection of the group events, and erasure (process, real Kafka and FerretDB)', () => {
  let idp: TestIdp;
  let client: mongo.MongoClient;
  const anna = randomUUID();
  const active = randomUUID();
  const paused = randomUUID();
  const forming = randomUUID();
  const nomination = randomUUID();

  beforeAll(async () => {
    idp = await TestIdp.start();
    env['DEV_IDP_URL'] = idp.url;
    client = await testMongo();
    await police.start();
  }, 180_000);

  afterAll(async () => {
    await police.stop();
    await client.db(database).dropDatabase();
    await client.close();
    await idp.close();
  }, 60_000);

  const lillaEdet = async (): Promise<Overview['groups']['municipalities'][number]> => {
    const res = await fetch(`${police.url}/police-areas/lpo-trollhattan/overview`, { headers: await idp.officer('lpo-trollhattan') });
    expect(res.status).toBe(200);
    const overview = (await res.json()) as Overview;
    return overview.groups.municipalities.find((m) => m.municipalityId === 'lilla-edet')!;
  };

  it('events make the overview\'s figures: groups by status, active contact persons, groups without one, open observations; a revocation deactivates', async () => {
    // Anna's police review (her name, as the contact-person process declares it, in police-liaison's case).
    await publish(OnboardingStepRequestedV1, { instanceId: randomUUID(), stepId: 'police-approval', stepType: 'police-approval', attempt: 1, subject: { kind: 'contact-person', id: nomination, personId: anna }, subjectFields: { name: 'Anna Ängsgård' }, parameters: {}, policeAreaId: 'lpo-trollhattan', dueAt: null }, at(9));
    // The active group: its approval (onboarding.completed) arrives before the nomination it decides (parked, then applied).
    await publish(OnboardingCompletedV1, { instanceId: randomUUID(), processId: 'contact-person', processVersion: 1, subject: { kind: 'contact-person', id: nomination, personId: anna }, outcome: 'approved', decidingStepId: null, reason: null }, at(8));
    await publish(MemberJoinedV1, { memberId: randomUUID(), personId: anna, groupId: active, areaId: 'centrum', subjectFields: {} }, at(10));
    await publish(ContactPersonNominatedV1, { nominationId: nomination, personId: anna, groupId: active, areaId: 'centrum', policeAreaId: 'lpo-trollhattan', subjectFields: { name: 'Anna Ängsgård' } }, at(9));
    await publish(GroupActivatedV1, { groupId: active, areaId: 'centrum', contactPersonId: anna, groupName: 'Centrum 1' }, at(8));
    // A group the coordinator paused (only the new snapshot event says so), and one still forming.
    await publish(GroupStatusChangedV1, { groupId: paused, areaId: 'centrum', status: 'paused', contactPersonIds: [] }, at(5));
    await publish(MemberJoinedV1, { memberId: randomUUID(), personId: randomUUID(), groupId: forming, areaId: 'centrum', subjectFields: {} }, at(4));

    const report = await waitFor('the report to be accepted (the service may still be joining the topics)', async () => {
      const res = await fetch(`${police.url}/internal/observations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${OBSERVATIONS_SECRET}`, 'x-internal-caller': 'web' },
        body: JSON.stringify({ municipalityId: 'lilla-edet', personId: anna, groupId: active, areaId: 'centrum', occurredAt: at(60).toISOString(), address: 'Storgatan 12', activity: 'trying-doors', description: 'Jag, Anna Ängsgård, såg någon känna på bildörrar.' }),
      });
      return res.status === 201 ? ((await res.json()) as { observationId: string }) : undefined;
    }, settle);

    const expected = { byStatus: { forming: 1, 'awaiting-approval': 0, active: 1, paused: 1, closed: 0 }, activeContactPersons: 1, groupsWithoutContactPerson: 2, openObservations: 1 };
    await waitFor('the overview to count the three groups, the contact person and the observation', async () => {
      const figures = await lillaEdet();
      return JSON.stringify({ ...figures, municipalityId: undefined }) === JSON.stringify({ ...expected, municipalityId: undefined }) ? figures : undefined;
    }, settle);
    expect(await lillaEdet()).toEqual({ municipalityId: 'lilla-edet', ...expected });

    // The police revoke the approval: the group has no active contact person any more.
    await publish(PoliceDecisionRecordedV1, { caseId: randomUUID(), policeAreaId: 'lpo-trollhattan', instanceId: randomUUID(), stepId: 'police-approval', attempt: 1, subject: { kind: 'contact-person', id: nomination, personId: anna }, outcome: 'revoked', reason: 'Har flyttat', decidedBy: 'polisen#kim', decidedAt: at(1).toISOString() }, at(1));
    await waitFor('the revocation to deactivate the contact person', async () => {
      const figures = await lillaEdet();
      return figures.activeContactPersons === 0 && figures.groupsWithoutContactPerson === 3 ? true : undefined;
    }, settle);
    expect(report.observationId).toBeDefined();
  });

  it('erasure removes the person from the start meeting (invitation, RSVP) and from the observation they reported, audited', async () => {
    const db = client.db(database);
    // The officer proposes the group's start meeting; notifications (here: the test, with its secret) asks for Anna's
    // RSVP link; Anna answers yes.
    const officer = { 'content-type': 'application/json', ...(await idp.officer('lpo-trollhattan')) };
    const start = new Date(Date.now() + 7 * 86_400_000);
    const scheduled = await fetch(`${police.url}/groups/${active}/start-meetings`, { method: 'POST', headers: officer, body: JSON.stringify({ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), place: 'Folkets hus' }) });
    expect(scheduled.status).toBe(201);
    const meetingId = ((await scheduled.json()) as { meeting: { id: string } }).meeting.id;
    const link = await fetch(`${police.url}/internal/links`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${LINKS_SECRET}`, 'x-internal-caller': 'notifications' }, body: JSON.stringify({ kind: 'start-meeting-rsvp', meetingId, personId: anna }) });
    expect(link.status).toBe(200);
    const token = new URL(((await link.json()) as { url: string }).url).pathname.split('/').pop()!;
    expect((await fetch(`${police.url}/start-meeting-rsvps/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answer: 'yes' }) })).status).toBe(200);
    const before = await db.collection('start_meetings').findOne({ _id: meetingId } as never);
    expect(JSON.stringify(before)).toContain(anna);
    expect(await db.collection('observations').countDocuments({ reporterId: anna })).toBe(1);

    await publish(ResidentErasedV1, { personId: anna, erasedAt: new Date().toISOString() });

    const audit = await waitFor('the erasure\'s audit record', async () => (await db.collection('audit_trail').findOne({ action: 'person-erased', 'subject.id': anna })) ?? undefined, settle);
    expect(audit['details']).toMatchObject({ meetings: 1, observations: 1, cases: 1, groups: 1 });
    const meeting = await db.collection('start_meetings').findOne({ _id: meetingId } as never);
    expect(JSON.stringify(meeting)).not.toContain(anna);
    const observation = await db.collection('observations').findOne({ groupId: active });
    expect(observation).toMatchObject({ reporterId: null, reporterErased: true });
    // Her name (from her police review, read before the case forgot it) is blanked out; what she saw stays.
    expect(observation!['description']).toBe('Jag, [borttaget], såg någon känna på bildörrar.');
    expect(JSON.stringify(await db.collection('cases').find({ 'subject.personId': anna }).toArray())).not.toContain('Ängsgård');
    expect(JSON.stringify(await db.collection('groups').findOne({ _id: active } as never))).not.toContain(anna);
    // The RSVP link is gone with the invitation.
    expect((await fetch(`${police.url}/start-meeting-rsvps/${token}`)).status).toBe(404);
  });
});
