import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { mongo } from 'mongoose';
import { MemberJoinedV1, OnboardingMigratedV1, OnboardingStepCompletedV1, OnboardingStepRequestedV1, ResidentErasedV1, ContactPersonNominatedV1, VolunteerErasedV1, VolunteerSignedUpV1 } from '@trygg/contracts';
import { AuditTrail } from '@trygg/audit';
import { mongoUrl, ServiceProcess, startGroupAtEnd, TestIdp, testMongo, TopicReader } from '@trygg/testing';
import { isFor, json, kafka, memberJoined, OnboardingApi, send, trustIdp } from './support';

// A running instance moved to a new version of its process: exempelby's member process v1 (test fixtures) gets a
// version 2 that adds a welcome call; an instance started on v1 is migrated by staff (dry run first), runs the new
// step, and completes on v2. Ports 3800–3849, database `mig_it_*`, a fresh consumer group per run.

const fixtures = join(__dirname, 'fixtures', 'municipalities');
const dir = mkdtempSync(join(tmpdir(), 'mig-onboarding-'));
cpSync(fixtures, dir, { recursive: true });

const database = 'mig_it_onboarding';
const groupId = `mig-it-onboarding-${randomUUID().slice(0, 8)}`;
// The coordinator signs in at the suite's TestIdp (DEV_IDP_URL, set in beforeAll).
let idp: TestIdp;
const env: Record<string, string> = { LOG_LEVEL: 'info', MUNICIPALITIES_DIR: dir, MONGO_URL: mongoUrl(database), CONSUMER_GROUP: groupId };
const onboarding = new ServiceProcess({ service: 'onboarding', port: 3800, env });
const api = new OnboardingApi(onboarding.url, () => idp);

async function post(path: string, body: unknown): Promise<Response> {
  return api.post('exempelby', path, body);
}

describe('migrating a running onboarding instance to a new version', () => {
  let client: mongo.MongoClient;
  let migrated: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    await client.db(database).dropDatabase();
    // The new group starts at the end of every topic onboarding consumes, not at the shared backlog of other tests.
    const consumed = [MemberJoinedV1, ContactPersonNominatedV1, VolunteerSignedUpV1, OnboardingStepCompletedV1, OnboardingStepRequestedV1, ResidentErasedV1, VolunteerErasedV1];
    await startGroupAtEnd(kafka, groupId, consumed.map((c) => c.type));
    idp = await TestIdp.start();
    trustIdp(idp, env);
    await onboarding.start();
    migrated = await new TopicReader(kafka, OnboardingMigratedV1.type).start();
  }, 120_000);

  afterAll(async () => {
    await migrated?.stop();
    await onboarding.stop();
    await idp?.close();
    await client.close();
  }, 60_000);

  it('moves a v1 instance to v2 (explicit, audited), runs the added step and completes on v2', async () => {
    // Started on v1: the rules are accepted, the instance waits for the coordinator's talk with a young member.
    const joined = memberJoined('exempelby', { birthYear: 2004 });
    await send(joined);
    const started = await api.waitFor('exempelby', 'member', joined.payload.memberId, 'the rules step', (x) => x.currentStepId === 'rules');
    expect(started.processVersion).toBe(1);
    expect((await api.complete('exempelby', started.id, 'rules', { outcome: 'approved', agreementVersion: '7' })).status).toBe(202);
    await api.waitFor('exempelby', 'member', joined.payload.memberId, 'the review', (x) => x.currentStepId === 'young-member-review');

    // The coordinator's change becomes version 2 (published at start); the running instance stays on v1.
    await onboarding.stop();
    copyFileSync(join(__dirname, 'fixtures', 'migration', 'exempelby-member.v2.yaml'), join(dir, 'exempelby', 'onboarding', 'member.yaml'));
    await onboarding.start();
    expect((await api.bySubject('exempelby', 'member', joined.payload.memberId))!.processVersion).toBe(1);

    const staff = { kind: 'staff', id: api.coordinatorId('exempelby') };
    const request = { toVersion: 2, reason: 'Välkomstsamtal för alla nya medlemmar' };
    // Who migrates is the token's person: a body naming an actor is refused.
    expect((await post(`/instances/${started.id}/migrate`, { ...request, actor: { kind: 'staff', id: 'someone-else' } })).status).toBe(400);
    const dryRun = await post(`/instances/${started.id}/migrate?dryRun=true`, request);
    expect(dryRun.status).toBe(200);
    expect(await dryRun.json()).toMatchObject({ dryRun: true, currentStepId: 'welcome-call', changes: { added: [{ stepId: 'welcome-call', earlier: true, becomes: 'pending' }], dropped: [] } });
    expect((await api.bySubject('exempelby', 'member', joined.payload.memberId))!.processVersion).toBe(1);

    const done = await post(`/instances/${started.id}/migrate`, request);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ dryRun: false, currentStepId: 'welcome-call' });
    const event = json(await migrated.waitFor('the migrated event', isFor(started.id)));
    expect(event.payload).toMatchObject({ fromVersion: 1, toVersion: 2, actor: staff, reason: request.reason, addedSteps: ['welcome-call'], currentStepId: 'welcome-call' });

    // The added step runs now; then the interrupted review is asked again and the instance completes on v2.
    expect((await api.complete('exempelby', started.id, 'welcome-call', { outcome: 'approved', meetingDate: '2026-11-26' })).status).toBe(202);
    await api.waitFor('exempelby', 'member', joined.payload.memberId, 'the review again', (x) => x.currentStepId === 'young-member-review' && x.steps[2]?.attempt === 2);
    expect((await api.complete('exempelby', started.id, 'young-member-review', { outcome: 'approved' })).status).toBe(202);
    const finished = await api.waitFor('exempelby', 'member', joined.payload.memberId, 'approval', (x) => x.status === 'approved');
    expect(finished.processVersion).toBe(2);
    expect(finished.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['rules:approved', 'welcome-call:approved', 'young-member-review:approved']);

    const timeline = (await (await api.get('exempelby', `/instances/${started.id}/timeline`)).json()) as { timeline: Array<Record<string, unknown>> };
    expect(timeline.timeline.find((e) => e['what'] === 'migrated')).toMatchObject({ fromVersion: 1, toVersion: 2, actor: staff, reason: request.reason });
    const audit = await client.db(database).collection('audit_trail').findOne({ 'subject.id': started.id, municipalityId: 'exempelby', action: 'migrated' });
    expect(audit).toMatchObject({ actor: { subject: staff.id, role: 'coordinator', scope: 'exempelby' }, details: { reason: request.reason, fromVersion: 1, toVersion: 2 } });
    expect(await new AuditTrail(client.db(database).collection('audit_trail') as never).verify()).toMatchObject({ ok: true });
  }, 90_000);
});
