import type { mongo } from 'mongoose';
import { createEvent, dlqTopicOf, VolunteerErasedV1, OnboardingCompletedV1, OnboardingStepCompletedV1, OnboardingStepRequestedV1, PoliceDecisionRecordedV1 } from '@trygg/contracts';
import { AuditTrail } from '@trygg/audit';
import { header, mongoUrl, ServiceProcess, sleep, TestIdp, testMongo, TopicReader, waitFor } from '@trygg/testing';
import { dropDatabases, isFor, json, kafka, memberJoined, nomination, OnboardingApi, send, sendAs, stepCompleted, trustIdp, volunteerSignedUp, waitOutboxDrained } from './support';

// Onboarding, police-liaison and the BRÅ plug-in as real processes on the real Kafka and FerretDB:
// full processes, a SIGKILL mid-process, duplicate and out-of-order answers.

const db = { onboarding: 'onb_it_onboarding', police: 'onb_it_police', bra: 'onb_it_bra' };
// Staff and officers sign in at the suite's TestIdp (DEV_IDP_URL of every process, set in beforeAll).
let idp: TestIdp;
const env = {
  onboarding: { LOG_LEVEL: 'info', MONGO_URL: mongoUrl(db.onboarding), CONSUMER_GROUP: 'onb-it-onboarding', TIMER_INTERVAL_MS: '500' } as Record<string, string>,
  police: { LOG_LEVEL: 'info', MONGO_URL: mongoUrl(db.police), CONSUMER_GROUP: 'onb-it-police' } as Record<string, string>,
  bra: { LOG_LEVEL: 'info', MONGO_URL: mongoUrl(db.bra), CONSUMER_GROUP: 'onb-it-bra' } as Record<string, string>,
};
const onboarding = new ServiceProcess({ service: 'onboarding', port: 3301, env: env.onboarding });
const police = new ServiceProcess({ service: 'police-liaison', port: 3302, env: env.police });
const bra = new ServiceProcess({ service: 'bra-review', port: 3303, env: env.bra });
const api = new OnboardingApi(onboarding.url, () => idp);

interface CaseJson {
  id: string;
  instanceId: string;
  stepId: string;
  attempt: number;
  subjectFields: Record<string, unknown>;
}

async function policeCaseFor(area: string, instanceId: string, attempt = 1): Promise<CaseJson> {
  return waitFor(`a police case for ${instanceId}`, async () => {
    const res = await fetch(`${police.url}/police-areas/${area}/cases`, { headers: await idp.officer(area) });
    const { cases } = (await res.json()) as { cases: CaseJson[] };
    return cases.find((c) => c.instanceId === instanceId && c.attempt === attempt);
  });
}

async function decidePolice(area: string, caseId: string, outcome: string, reason: string): Promise<Response> {
  return fetch(`${police.url}/cases/${caseId}/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await idp.officer(area, 'officer-onb')) },
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
    idp = await TestIdp.start();
    trustIdp(idp, ...Object.values(env));
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
    await idp?.close();
    await client.close();
  }, 60_000);

  it('runs a Lilla Edet contact person through coordinator, local BRÅ (plug-in), police and start meeting', async () => {
    const nominated = nomination('lilla-edet', 'lpo-trollhattan', { name: 'Anna Andersson', personnummer: 'must not travel' });
    await send(nominated);
    const subjectId = nominated.payload.nominationId;
    const first = await api.waitFor('lilla-edet', 'contact-person', subjectId, 'the coordinator step', (i) => i.currentStepId === 'coordinator-check');
    expect((await api.get('ale', `/instances/${first.id}/timeline`)).status).toBe(404); // another municipality sees nothing

    expect((await api.complete('lilla-edet', first.id, 'coordinator-check', { outcome: 'approved' })).status).toBe(202);
    await api.waitFor('lilla-edet', 'contact-person', subjectId, 'the BRÅ step', (i) => i.currentStepId === 'local-bra-review');

    const review = await waitFor('a BRÅ review', async () => {
      const res = await fetch(`${bra.url}/reviews`, { headers: await idp.staff('lilla-edet', ['bra-granskare'], 'bra.lillaedet') });
      return ((await res.json()) as { reviews: Array<{ id: string; instanceId: string; subjectFields: object }> }).reviews.find((r) => r.instanceId === first.id);
    });
    expect(review.subjectFields).toEqual({ name: 'Anna Andersson' });
    // A reviewer of another municipality cannot decide it (404), nor can a coordinator (403): nothing decided.
    const aleReviewer = await fetch(`${bra.url}/reviews/${review.id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await idp.staff('ale', ['bra-granskare'])) },
      body: JSON.stringify({ outcome: 'rejected', reason: 'Fel kommun' }),
    });
    expect(aleReviewer.status).toBe(404);
    const coordinator = await fetch(`${bra.url}/reviews/${review.id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await idp.coordinator('lilla-edet')) },
      body: JSON.stringify({ outcome: 'rejected', reason: 'Inte granskare' }),
    });
    expect(coordinator.status).toBe(403);
    const braDecision = await fetch(`${bra.url}/reviews/${review.id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await idp.staff('lilla-edet', ['bra-granskare'], 'bra.lillaedet')) },
      body: JSON.stringify({ outcome: 'approved', reason: 'BRÅ välkomnar gruppen' }),
    });
    expect(braDecision.status).toBe(200);
    await api.waitFor('lilla-edet', 'contact-person', subjectId, 'the police step', (i) => i.currentStepId === 'police-approval');

    const policeCase = await policeCaseFor('lpo-trollhattan', first.id);
    expect(policeCase.subjectFields).toEqual({ name: 'Anna Andersson' });
    // An officer of another police area cannot decide it: 404, and the step still waits.
    expect((await decidePolice('lpo-ale-kungalv', policeCase.id, 'reject', 'Inte mitt område')).status).toBe(404);
    expect((await decidePolice('lpo-trollhattan', policeCase.id, 'approve', 'Inga hinder')).status).toBe(200);
    expect((await decidePolice('lpo-trollhattan', policeCase.id, 'reject', 'ändrat mig')).status).toBe(409);
    await api.waitFor('lilla-edet', 'contact-person', subjectId, 'the start meeting', (i) => i.currentStepId === 'start-meeting');

    // The start meeting is not answered by hand (403): the coordinator proposes the group's meeting in police-liaison
    // (here one that begins in a moment) and records that the contact person came, which answers the step.
    expect((await api.complete('lilla-edet', first.id, 'start-meeting', { outcome: 'approved', meetingDate: '2026-12-01' })).status).toBe(403);
    const asCoordinator = { 'content-type': 'application/json', ...(await idp.coordinator('lilla-edet')) };
    const startsAt = new Date(Date.now() + 2_000);
    const meetingBody = JSON.stringify({ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), place: 'Kommunhuset' });
    const meeting = await waitFor('the start meeting to be proposed', async () => {
      const res = await fetch(`${police.url}/groups/${nominated.payload.groupId}/start-meetings`, { method: 'POST', headers: asCoordinator, body: meetingBody });
      return res.status === 201 ? ((await res.json()) as { meeting: { id: string } }).meeting : undefined;
    });
    const held = await waitFor('the attendance to be recorded once the meeting has begun', async () => {
      const res = await fetch(`${police.url}/start-meetings/${meeting.id}/attendance`, { method: 'POST', headers: asCoordinator, body: JSON.stringify({ personIds: [nominated.payload.personId] }) });
      return res.status === 200 ? ((await res.json()) as { meeting: { attendance: { heldOn: string } } }).meeting : undefined;
    });
    const done = await api.waitFor('lilla-edet', 'contact-person', subjectId, 'approval', (i) => i.status === 'approved');
    expect(done.steps.map((s) => s.status)).toEqual(['approved', 'approved', 'approved', 'approved']);

    const end = json(await completed.waitFor('onboarding.completed', isFor(first.id)));
    expect(end.payload).toMatchObject({ outcome: 'approved', processId: 'lilla-edet/contact-person', processVersion: 1 });
    const decision = json(await decisions.waitFor('police.decision-recorded', isFor(first.id)));
    const officer = `${idp.issuer('polisen')}#officer-onb`;
    expect(decision.payload).toMatchObject({ outcome: 'approve', reason: 'Inga hinder', decidedBy: officer, policeAreaId: 'lpo-trollhattan' });

    const timeline = (await (await api.get('lilla-edet', `/instances/${first.id}/timeline`)).json()) as { timeline: Array<{ what: string; stepId: string; actor?: { kind: string; id: string } }> };
    const coordinatorId = api.coordinatorId('lilla-edet');
    expect(timeline.timeline.filter((e) => e.what === 'answered').map((e) => `${e.stepId}:${e.actor?.kind}:${e.actor?.id}`)).toEqual([
      `coordinator-check:staff:${coordinatorId}`,
      'local-bra-review:plugin:bra-review',
      `police-approval:police:${officer}`,
      `start-meeting:staff:${coordinatorId}`,
    ]);
    const requests = requested.matching(isFor(first.id)).map(json);
    expect(requests.map((r) => r.payload['stepId'])).toEqual(['coordinator-check', 'local-bra-review', 'police-approval', 'start-meeting']);
    expect(requests.every((r) => !JSON.stringify(r).includes('personnummer'))).toBe(true);
    expect(header(requested.matching(isFor(first.id))[0]!, 'event-id')).toBe(requests[0]!.eventId);

    const stats = (await (await api.get('lilla-edet', '/processes/lilla-edet/contact-person/1/stats')).json()) as { steps: Array<{ stepId: string; answered: number; medianMs: number }> };
    expect(stats.steps.map((s) => s.stepId)).toEqual(['coordinator-check', 'local-bra-review', 'police-approval', 'start-meeting']);
    expect(stats.steps.every((s) => s.answered >= 1 && s.medianMs >= 0)).toBe(true);

    // The staff answers in onboarding's hash-chained trail, the signed-in coordinator as actor; the BRÅ and police
    // decisions in theirs, with the reviewer and the officer. The coordinator's look-ups of the instance (the polling
    // above) are there too, as views.
    const trail = await client.db(db.onboarding).collection('audit_trail').find({ 'subject.id': first.id }).toArray();
    const answers = trail.filter((a) => !String(a['action']).endsWith('-viewed'));
    expect(answers.map((a) => [a['details'].stepId, a['action'], a['actor'].subject, a['actor'].role]).sort()).toEqual([['coordinator-check', 'answer', coordinatorId, 'coordinator']]);
    // The start meeting in police-liaison's trail: proposed and its attendance recorded by the coordinator.
    const meetingTrail = await client.db(db.police).collection('audit_trail').find({ 'subject.id': meeting.id }).sort({ _id: 1 }).toArray();
    expect(meetingTrail.map((a) => [a['action'], a['actor'].subject])).toEqual([['start-meeting-scheduled', coordinatorId], ['start-meeting-attended', coordinatorId]]);
    expect(done.steps.find((s) => s.id === 'start-meeting')).toMatchObject({ evidence: { meetingDate: held.attendance.heldOn } });
    const views = trail.filter((a) => String(a['action']).endsWith('-viewed'));
    expect(views.length).toBeGreaterThan(0);
    expect(new Set(views.map((a) => `${a['action']} ${a['actor'].subject} ${a['municipalityId']}`))).toEqual(new Set([`instance-viewed ${coordinatorId} lilla-edet`, `timeline-viewed ${coordinatorId} lilla-edet`]));
    const audit = await fetch(`${onboarding.url}/audit?subject=${first.id}&limit=500`, { headers: await idp.staff('lilla-edet', ['dataskyddsombud'], 'dso.lillaedet') });
    expect(((await audit.json()) as { records: unknown[] }).records).toHaveLength(trail.length);
    const otherDpo = await fetch(`${onboarding.url}/audit?subject=${first.id}`, { headers: await idp.staff('ale', ['dataskyddsombud'], 'dso.ale') });
    expect(((await otherDpo.json()) as { records: unknown[] }).records).toEqual([]);
    expect(await new AuditTrail(client.db(db.onboarding).collection('audit_trail') as never).verify()).toMatchObject({ ok: true });
    const braTrail = await client.db(db.bra).collection('audit_trail').find({ 'subject.id': review.id }).toArray();
    expect(braTrail.map((a) => [a['action'], a['actor'].subject, a['actor'].scope])).toEqual([['bra-review-decision', `${idp.issuer('lilla-edet')}#bra.lillaedet`, 'lilla-edet']]);
    const policeTrail = await client.db(db.police).collection('audit_trail').find({ 'subject.id': policeCase.id }).toArray();
    expect(policeTrail.map((a) => [a['action'], a['actor'].subject, a['policeAreaId']])).toEqual([['police-decision', officer, 'lpo-trollhattan']]);
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
    const nominated = nomination('ale', 'lpo-ale-kungalv', { name: 'Cia Carlsson' });
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
    const audit = client.db(db.onboarding).collection('audit_trail');
    const recorded = await audit.find({ 'subject.id': instance.id, action: 'answer-refused' }).sort({ _id: 1 }).toArray();
    expect(recorded.map((r) => [r['details'].eventId, r['details'].producer, r['details'].actorKind, r['details'].actorId, r['actor'].subject])).toEqual([
      [fromEnrolment.eventId, 'enrolment', 'police', 'officer-forged', 'system:enrolment'],
      [withoutProducer.eventId, null, 'police', 'officer-forged', 'system:unknown-producer'],
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
    const nominated = nomination('ale', 'lpo-ale-kungalv', { name: 'Bo Berg' });
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

    // Over HTTP the same refusals answer at once: 403 for staff answering a police step, 400 naming a bad field (or
    // an actor in the body: who answers is the token's person, never the resident named by a caller),
    // 409 once the step is no longer waiting.
    expect((await api.complete('ale', instance.id, 'police-approval', { outcome: 'approved' })).status).toBe(403);
    expect((await api.complete('ale', instance.id, 'agreement', { actor: { kind: 'subject', id: 'p' }, outcome: 'approved', agreementVersion: '1.0' })).status).toBe(400);
    const bad = await api.complete('ale', instance.id, 'agreement', { outcome: 'approved', agreementVersion: '0.9' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: Array<{ field: string }> }).fields[0]!.field).toBe('agreementVersion');
    expect((await api.complete('ale', instance.id, 'agreement', { outcome: 'approved', agreementVersion: '1.0' })).status).toBe(202);
    await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'approval', (i) => i.status === 'approved');
    expect((await api.complete('ale', instance.id, 'agreement', { outcome: 'approved', agreementVersion: '1.0' })).status).toBe(409);
  }, 90_000);

  it('asks the police again (attempt 2) after needs-info once the subject has answered', async () => {
    const nominated = nomination('ale', 'lpo-ale-kungalv', { name: 'Cia Ceder' });
    await send(nominated);
    const instance = await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'the police step', (i) => i.currentStepId === 'police-approval');
    const first = await policeCaseFor('lpo-ale-kungalv', instance.id);
    expect((await decidePolice('lpo-ale-kungalv', first.id, 'needs-info', 'Vilken gata gäller det?')).status).toBe(200);
    await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'needs-info', (i) => i.steps[0]!.status === 'needs-info');
    const info = await api.post('ale', `/instances/${instance.id}/steps/police-approval/info-provided`, {});
    expect(info.status).toBe(200);
    const second = await policeCaseFor('lpo-ale-kungalv', instance.id, 2);
    expect((await decidePolice('lpo-ale-kungalv', second.id, 'approve', 'Tack')).status).toBe(200);
    const after = await api.waitFor('ale', 'contact-person', nominated.payload.nominationId, 'the agreement', (i) => i.currentStepId === 'agreement');
    expect(after.steps[0]).toMatchObject({ status: 'approved', attempt: 2 });
  }, 90_000);

  it('continues every instance after a SIGKILL: nothing lost, nothing requested twice', async () => {
    const before = nomination('trollhattan', 'lpo-trollhattan', { name: 'Dan Dahl' });
    await send(before);
    const instance = await api.waitFor('trollhattan', 'contact-person', before.payload.nominationId, 'the coordinator step', (i) => i.currentStepId === 'coordinator-check');
    expect((await api.complete('trollhattan', instance.id, 'coordinator-check', { outcome: 'approved' })).status).toBe(202);
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
    expect((await api.complete('trollhattan', instance.id, 'rules', { outcome: 'approved', agreementVersion: '2026-1' })).status).toBe(202);
    const done = await api.waitFor('trollhattan', 'member', joining.payload.memberId, 'approval', (i) => i.status === 'approved');
    expect(done.steps.map((s) => s.status)).toEqual(['approved', 'approved', 'skipped']);
  }, 60_000);
});
