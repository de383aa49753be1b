import type { mongo } from 'mongoose';
import { createEvent, dlqTopicOf, VolunteerErasedV1, OnboardingCompletedV1, OnboardingStepCompletedV1, OnboardingStepRequestedV1, PoliceDecisionRecordedV1 } from '@trygg/contracts';
import { header, mongoUrl, ServiceProcess, sleep, testMongo, TopicReader, waitFor } from '@trygg/testing';
import { dropDatabases, isFor, json, kafka, memberJoined, nomination, OnboardingApi, send, sendAs, stepCompleted, volunteerSignedUp, waitOutboxDrained } from './support';

// Onboarding, police-liaison and the BRÅ plug-in as real processes on the real Kafka and FerretDB:
// full processes, a SIGKILL mid-process, duplicate and out-of-order answers.

const db = { onboarding: 'onb_it_onboarding', police: 'onb_it_police', bra: 'onb_it_bra' };
const common = { STAFF_DEV_GUARD: 'allow', LOG_LEVEL: 'info' };
const onboarding = new ServiceProcess({
  service: 'onboarding',
  port: 3301,
  env: { ...common, MONGO_URL: mongoUrl(db.onboarding), CONSUMER_GROUP: 'onb-it-onboarding', TIMER_INTERVAL_MS: '500' },
});
const police = new ServiceProcess({ service: 'police-liaison', port: 3302, env: { ...common, MONGO_URL: mongoUrl(db.police), CONSUMER_GROUP: 'onb-it-police' } });
const bra = new ServiceProcess({ service: 'bra-review', port: 3303, env: { ...common, MONGO_URL: mongoUrl(db.bra), CONSUMER_GROUP: 'onb-it-bra' } });
const api = new OnboardingApi(onboarding.url);

interface CaseJson {
  id: string;
  instanceId: string;
  stepId: string;
  attempt: number;
  subjectFields: Record<string, unknown>;
}

async function policeCaseFor(area: string, instanceId: string, attempt = 1): Promise<CaseJson> {
  return waitFor(`a police case for ${instanceId}`, async () => {
    const res = await fetch(`${police.url}/police-areas/${area}/cases`, { headers: { 'x-dev-police-area': area } });
    const { cases } = (await res.json()) as { cases: CaseJson[] };
    return cases.find((c) => c.instanceId === instanceId && c.attempt === attempt);
  });
}

async function decidePolice(area: string, caseId: string, outcome: string, reason: string): Promise<Response> {
  return fetch(`${police.url}/cases/${caseId}/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-police-area': area, 'x-dev-police-officer': 'officer-onb' },
    body: JSON.stringify({ outcome, reason }),
  });
}

describe('onboarding with police-liaison and the BRÅ plug-in, as processes', () => {
  let client: mongo.MongoClient;
  let requested: TopicReader;
  let completed: TopicReader;
  let stepCompletedDlq: TopicReader;
  let decisions: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    await dropDatabases(client, Object.values(db));
    await Promise.all([onboarding.start(), police.start(), bra.start()]);
    [requested, completed, stepCompletedDlq, decisions] = await Promise.all([
      new TopicReader(kafka, OnboardingStepRequestedV1.type).start(),
      new TopicReader(kafka, OnboardingCompletedV1.type).start(),
      new TopicReader(kafka, dlqTopicOf(OnboardingStepCompletedV1.type)).start(),
      new TopicReader(kafka, PoliceDecisionRecordedV1.type).start(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([requested, completed, stepCompletedDlq, decisions].map((r) => r?.stop()));
    await Promise.all([onboarding.stop(), police.stop(), bra.stop()]);
    await client.close();
  }, 60_000);

  it('runs a Lilla Edet contact person through coordinator, local BRÅ (plug-in), police and start meeting', async () => {
    const nominated = nomination('lilla-edet', 'lpo-trollhattan', { name: 'Anna Andersson', personnummer: 'must not travel' });
    await send(nominated);
    const subjectId = nominated.payload.nominationId;
    const first = await api.waitFor('lilla-edet', 'contact-person', subjectId, 'the coordinator step', (i) => i.currentStepId === 'coordinator-check');
    expect((await api.get('ale', `/instances/${first.id}/timeline`)).status).toBe(404); // another municipality sees nothing

    expect((await api.complete('lilla-edet', first.id, 'coordinator-check', { actor: { kind: 'staff', id: 'samordnare-1' }, outcome: 'approved' })).status).toBe(202);
    await api.waitFor('lilla-edet', 'contact-person', subjectId, 'the BRÅ step', (i) => i.currentStepId === 'local-bra-review');

    const review = await waitFor('a BRÅ review', async () => {
      const res = await fetch(`${bra.url}/reviews`, { headers: { 'x-dev-staff-municipality': 'lilla-edet' } });
      return ((await res.json()) as { reviews: Array<{ id: string; instanceId: string; subjectFields: object }> }).reviews.find((r) => r.instanceId === first.id);
    });
    expect(review.subjectFields).toEqual({ name: 'Anna Andersson' });
    const braDecision = await fetch(`${bra.url}/reviews/${review.id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dev-staff-municipality': 'lilla-edet' },
      body: JSON.stringify({ outcome: 'approved', reason: 'BRÅ välkomnar gruppen' }),
    });
    expect(braDecision.status).toBe(200);
    await api.waitFor('lilla-edet', 'contact-person', subjectId, 'the police step', (i) => i.currentStepId === 'police-approval');

    const policeCase = await policeCaseFor('lpo-trollhattan', first.id);
    expect(policeCase.subjectFields).toEqual({ name: 'Anna Andersson' });
    expect((await decidePolice('lpo-trollhattan', policeCase.id, 'approve', 'Inga hinder')).status).toBe(200);
    expect((await decidePolice('lpo-trollhattan', policeCase.id, 'reject', 'ändrat mig')).status).toBe(409);
    await api.waitFor('lilla-edet', 'contact-person', subjectId, 'the start meeting', (i) => i.currentStepId === 'start-meeting');

    expect((await api.complete('lilla-edet', first.id, 'start-meeting', { actor: { kind: 'staff', id: 'samordnare-1' }, outcome: 'approved', meetingDate: '2026-12-01' })).status).toBe(202);
    const done = await api.waitFor('lilla-edet', 'contact-person', subjectId, 'approval', (i) => i.status === 'approved');
    expect(done.steps.map((s) => s.status)).toEqual(['approved', 'approved', 'approved', 'approved']);

    const end = json(await completed.waitFor('onboarding.completed', isFor(first.id)));
    expect(end.payload).toMatchObject({ outcome: 'approved', processId: 'lilla-edet/contact-person', processVersion: 1 });
    const decision = json(await decisions.waitFor('police.decision-recorded', isFor(first.id)));
    expect(decision.payload).toMatchObject({ outcome: 'approve', reason: 'Inga hinder', decidedBy: 'officer-onb', policeAreaId: 'lpo-trollhattan' });

    const timeline = (await (await api.get('lilla-edet', `/instances/${first.id}/timeline`)).json()) as { timeline: Array<{ what: string; stepId: string; actor?: { kind: string; id: string } }> };
    expect(timeline.timeline.filter((e) => e.what === 'answered').map((e) => `${e.stepId}:${e.actor?.kind}:${e.actor?.id}`)).toEqual([
      'coordinator-check:staff:samordnare-1',
      'local-bra-review:plugin:bra-review',
      'police-approval:police:officer-onb',
      'start-meeting:staff:samordnare-1',
    ]);
    const requests = requested.matching(isFor(first.id)).map(json);
    expect(requests.map((r) => r.payload['stepId'])).toEqual(['coordinator-check', 'local-bra-review', 'police-approval', 'start-meeting']);
    expect(requests.every((r) => !JSON.stringify(r).includes('personnummer'))).toBe(true);
    expect(header(requested.matching(isFor(first.id))[0]!, 'event-id')).toBe(requests[0]!.eventId);

    const stats = (await (await api.get('lilla-edet', '/processes/lilla-edet/contact-person/1/stats')).json()) as { steps: Array<{ stepId: string; answered: number; medianMs: number }> };
    expect(stats.steps.map((s) => s.stepId)).toEqual(['coordinator-check', 'local-bra-review', 'police-approval', 'start-meeting']);
    expect(stats.steps.every((s) => s.answered >= 1 && s.medianMs >= 0)).toBe(true);

    const audit = await client.db(db.onboarding).collection('audit').find({ instanceId: first.id }).toArray();
    expect(audit.map((a) => a['stepId']).sort()).toEqual(['coordinator-check', 'start-meeting']);
  }, 120_000);

  it('decides a volunteer’s age check automatically, and withdraws and forgets an erased volunteer', async () => {
    const young = volunteerSignedUp('ale', { birthYear: 2012 });
    const adult = volunteerSignedUp('ale', { birthYear: 1990 });
    await send(young, adult);
    const rejected = await api.waitFor('ale', 'volunteer', young.payload.volunteerId, 'the young volunteer to be rejected', (i) => i.status === 'rejected');
    expect(json(await completed.waitFor('completed', isFor(rejected.id))).payload).toMatchObject({ outcome: 'rejected', decidingStepId: 'age', reason: 'younger than 18' });
    const waiting = await api.waitFor('ale', 'volunteer', adult.payload.volunteerId, 'the adult at the information meeting', (i) => i.currentStepId === 'information-meeting');

    // The walker is erased in volunteers: the instance ends as withdrawn and the birth year is forgotten.
    await send(createEvent(VolunteerErasedV1, { municipalityId: 'ale', correlationId: 'onb-erase' }, { volunteerId: adult.payload.volunteerId, personId: adult.payload.personId, erasedAt: new Date().toISOString() }));
    expect(json(await completed.waitFor('withdrawn', isFor(waiting.id))).payload).toMatchObject({ outcome: 'withdrawn', reason: 'the person was erased' });
    const doc = await client.db(db.onboarding).collection('instances').findOne({ _id: waiting.id as never });
    expect(doc).toMatchObject({ status: 'withdrawn', subjectFields: {} });
  }, 60_000);

  it('refuses a forged police answer from another producer (or none): dead-lettered, audited, step still waiting; accepts it from police-liaison', async () => {
    const nominated = nomination('ale', 'lpo-alingsas', { name: 'Cia Carlsson' });
    await send(nominated);
    const instance = await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'the police step', (i) => i.currentStepId === 'police-approval');
    const policeAnswer = () => stepCompleted('ale', { instanceId: instance.id, attempt: 1, stepId: 'police-approval', stepType: 'police-approval', outcome: 'approved', actor: { kind: 'police', id: 'officer-forged' } });
    const fromEnrolment = policeAnswer();
    const withoutProducer = policeAnswer();
    await sendAs('enrolment', fromEnrolment);
    await sendAs(null, withoutProducer);

    const reasons = await waitFor('both forged answers dead-lettered', async () => {
      const mine = [fromEnrolment, withoutProducer].map((e) => stepCompletedDlq.matching((m) => header(m, 'event-id') === e.eventId)[0]);
      return mine.every(Boolean) ? mine.map((m) => header(m!, 'dlq-reason')) : undefined;
    });
    expect(reasons).toEqual([
      'producer-not-allowed: police answers to police-approval step police-approval come only from police-liaison, not from enrolment',
      'producer-not-allowed: police answers to police-approval step police-approval come only from police-liaison, not from a message without a producer header',
    ]);
    const audit = client.db(db.onboarding).collection('audit');
    const recorded = await audit.find({ instanceId: instance.id, action: 'answer-refused' }).sort({ at: 1 }).toArray();
    expect(recorded.map((r) => [r['eventId'], r['producer'], r['actor']])).toEqual([
      [fromEnrolment.eventId, 'enrolment', { kind: 'police', id: 'officer-forged' }],
      [withoutProducer.eventId, null, { kind: 'police', id: 'officer-forged' }],
    ]);
    const still = await api.bySubject('ale', 'contact-person', nominated.payload.nominationId);
    expect(still).toMatchObject({ currentStepId: 'police-approval' });
    expect(still!.steps.find((s) => s.id === 'police-approval')).toMatchObject({ status: 'waiting' });

    const genuine = policeAnswer();
    await sendAs('police-liaison', genuine);
    const after = await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'the answer from police-liaison applied', (i) => i.steps.find((s) => s.id === 'police-approval')?.status === 'approved');
    expect(after.currentStepId).not.toBe('police-approval');
    expect(stepCompletedDlq.matching((m) => header(m, 'event-id') === genuine.eventId)).toHaveLength(0);
  }, 60_000);

  it('refuses duplicate, out-of-order, unregistered and unknown answers: state unchanged, message dead-lettered', async () => {
    const nominated = nomination('ale', 'lpo-alingsas', { name: 'Bo Berg' });
    await send(nominated);
    const instance = await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'the police step', (i) => i.currentStepId === 'police-approval');
    const base = { instanceId: instance.id, attempt: 1 };
    const outOfOrder = stepCompleted('ale', { ...base, stepId: 'agreement', stepType: 'agreement', outcome: 'approved', actor: { kind: 'subject', id: 'x' } });
    const wrongSender = stepCompleted('ale', { ...base, stepId: 'police-approval', stepType: 'police-approval', outcome: 'approved', actor: { kind: 'plugin', id: 'bra-review' } });
    const unknown = stepCompleted('ale', { ...base, instanceId: '00000000-0000-4000-8000-000000000000', stepId: 'police-approval', stepType: 'police-approval', outcome: 'approved', actor: { kind: 'police', id: 'p' } });
    const answer = stepCompleted('ale', { ...base, stepId: 'police-approval', stepType: 'police-approval', outcome: 'approved', actor: { kind: 'police', id: 'p' } });
    const secondAnswer = stepCompleted('ale', { ...base, stepId: 'police-approval', stepType: 'police-approval', outcome: 'rejected', reason: 'late', actor: { kind: 'police', id: 'p' } });
    await sendAs('onboarding', outOfOrder);
    await sendAs('bra-review', wrongSender);
    await sendAs('police-liaison', unknown, answer, answer, secondAnswer);

    const reasons = await waitFor('four dead letters', async () => {
      const mine = [outOfOrder, wrongSender, unknown, secondAnswer].map((e) => stepCompletedDlq.matching((m) => header(m, 'event-id') === e.eventId)[0]);
      return mine.every(Boolean) ? mine.map((m) => header(m!, 'dlq-reason')) : undefined;
    });
    expect(reasons).toEqual([
      expect.stringMatching(/^step-not-waiting: step agreement is pending/),
      expect.stringMatching(/^sender-not-registered/),
      expect.stringMatching(/^unknown-instance/),
      expect.stringMatching(/^step-not-waiting: step police-approval is approved/),
    ]);
    expect(stepCompletedDlq.matching((m) => header(m, 'event-id') === answer.eventId)).toHaveLength(0);
    const after = await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'the agreement step', (i) => i.currentStepId === 'agreement');
    expect(after.steps[0]).toMatchObject({ status: 'approved', attempt: 1 });
    const timeline = (await (await api.get('ale', `/instances/${instance.id}/timeline`)).json()) as { timeline: Array<{ what: string }> };
    expect(timeline.timeline.filter((e) => e.what === 'answered')).toHaveLength(1);

    // Over HTTP the same refusals answer at once: 403 for staff answering a police step, 400 naming a bad field,
    // 409 once the step is no longer waiting.
    expect((await api.complete('ale', instance.id, 'police-approval', { actor: { kind: 'staff', id: 's' }, outcome: 'approved' })).status).toBe(403);
    const bad = await api.complete('ale', instance.id, 'agreement', { actor: { kind: 'subject', id: 'p' }, outcome: 'approved', agreementVersion: '0.9' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: Array<{ field: string }> }).fields[0]!.field).toBe('agreementVersion');
    expect((await api.complete('ale', instance.id, 'agreement', { actor: { kind: 'subject', id: 'p' }, outcome: 'approved', agreementVersion: '1.0' })).status).toBe(202);
    await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'approval', (i) => i.status === 'approved');
    expect((await api.complete('ale', instance.id, 'agreement', { actor: { kind: 'subject', id: 'p' }, outcome: 'approved', agreementVersion: '1.0' })).status).toBe(409);
  }, 90_000);

  it('asks the police again (attempt 2) after needs-info once the subject has answered', async () => {
    const nominated = nomination('ale', 'lpo-alingsas', { name: 'Cia Ceder' });
    await send(nominated);
    const instance = await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'the police step', (i) => i.currentStepId === 'police-approval');
    const first = await policeCaseFor('lpo-alingsas', instance.id);
    expect((await decidePolice('lpo-alingsas', first.id, 'needs-info', 'Vilken gata gäller det?')).status).toBe(200);
    await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'needs-info', (i) => i.steps[0]!.status === 'needs-info');
    const info = await fetch(`${onboarding.url}/instances/${instance.id}/steps/police-approval/info-provided`, {
      method: 'POST',
      headers: api.headers('ale'),
      body: JSON.stringify({ actor: { kind: 'subject', id: 'cia' } }),
    });
    expect(info.status).toBe(200);
    const second = await policeCaseFor('lpo-alingsas', instance.id, 2);
    expect((await decidePolice('lpo-alingsas', second.id, 'approve', 'Tack')).status).toBe(200);
    const after = await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'the agreement', (i) => i.currentStepId === 'agreement');
    expect(after.steps[0]).toMatchObject({ status: 'approved', attempt: 2 });
  }, 90_000);

  it('continues every instance after a SIGKILL: nothing lost, nothing requested twice', async () => {
    const before = nomination('trollhattan', 'lpo-trollhattan', { name: 'Dan Dahl' });
    await send(before);
    const instance = await api.waitFor('trollhattan', 'contact-person', before.payload.nominationId, 'the coordinator step', (i) => i.currentStepId === 'coordinator-check');
    expect((await api.complete('trollhattan', instance.id, 'coordinator-check', { actor: { kind: 'staff', id: 's' }, outcome: 'approved' })).status).toBe(202);
    await api.waitFor('trollhattan', 'contact-person', before.payload.nominationId, 'the police step', (i) => i.currentStepId === 'police-approval');
    await waitOutboxDrained(client, db.onboarding, instance.id);
    const policeCase = await policeCaseFor('lpo-trollhattan', instance.id);

    await onboarding.kill('SIGKILL');
    // While onboarding is dead: the police decide, and another person is nominated.
    expect((await decidePolice('lpo-trollhattan', policeCase.id, 'approve', 'OK')).status).toBe(200);
    const during = nomination('trollhattan', 'lpo-trollhattan', { name: 'Eva Ek' });
    await send(during);
    await sleep(500);

    await onboarding.start();
    await api.waitFor('trollhattan', 'contact-person', before.payload.nominationId, 'the agreement after restart', (i) => i.currentStepId === 'agreement', 60_000);
    const other = await api.waitFor('trollhattan', 'contact-person', during.payload.nominationId, 'the second instance', (i) => i.currentStepId === 'coordinator-check', 60_000);
    await waitOutboxDrained(client, db.onboarding, instance.id);
    await waitOutboxDrained(client, db.onboarding, other.id);
    await sleep(1000);
    for (const id of [instance.id, other.id]) {
      const keys = requested.matching(isFor(id)).map(json).map((e) => `${e.payload['stepId']}#${e.payload['attempt']}`);
      expect(keys.length).toBeGreaterThan(0);
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(requested.matching(isFor(instance.id)).map((m) => json(m).payload['stepId'])).toEqual(['coordinator-check', 'police-approval', 'agreement']);
  }, 150_000);

  it('tells member processes apart per municipality (Trollhättan skips the meeting unless a new group starts)', async () => {
    const joining = memberJoined('trollhattan', { startsNewGroup: false });
    await send(joining);
    const instance = await api.waitFor('trollhattan', 'member', joining.payload.memberId, 'email verification', (i) => i.currentStepId === 'verify-email');
    await sendAs('enrolment', stepCompleted('trollhattan', { instanceId: instance.id, stepId: 'verify-email', stepType: 'email-verification', attempt: 1, outcome: 'approved', actor: { kind: 'subject', id: 'link' } }));
    await api.waitFor('trollhattan', 'member', joining.payload.memberId, 'the rules', (i) => i.currentStepId === 'rules');
    expect((await api.complete('trollhattan', instance.id, 'rules', { actor: { kind: 'subject', id: 'm' }, outcome: 'approved', agreementVersion: '2026-1' })).status).toBe(202);
    const done = await api.waitFor('trollhattan', 'member', joining.payload.memberId, 'approval', (i) => i.status === 'approved');
    expect(done.steps.map((s) => s.status)).toEqual(['approved', 'approved', 'skipped']);
  }, 60_000);
});
