import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { mongo } from 'mongoose';
import { MemberJoinedV1, OnboardingMigratedV1, OnboardingStepCompletedV1, OnboardingStepRequestedV1, ResidentErasedV1, ContactPersonNominatedV1, VolunteerErasedV1, VolunteerSignedUpV1 } from '@trygg/contracts';
import { mongoUrl, ServiceProcess, startGroupAtEnd, testMongo, TopicReader } from '@trygg/testing';
import { isFor, json, kafka, memberJoined, OnboardingApi, send } from './support';

// A running instance moved to a new version of its process: exempelby's member process v1 (test fixtures) gets a
// version 2 that adds a welcome call; an instance started on v1 is migrated by staff (dry run first), runs the new
// step, and completes on v2. Ports 3800–3849, database `mig_it_*`, a fresh consumer group per run.

const fixtures = join(__dirname, 'fixtures', 'municipalities');
const dir = mkdtempSync(join(tmpdir(), 'mig-onboarding-'));
cpSync(fixtures, dir, { recursive: true });

const database = 'mig_it_onboarding';
const groupId = `mig-it-onboarding-${randomUUID().slice(0, 8)}`;
const onboarding = new ServiceProcess({
  service: 'onboarding',
  port: 3800,
  env: { STAFF_DEV_GUARD: 'allow', LOG_LEVEL: 'info', MUNICIPALITIES_DIR: dir, MONGO_URL: mongoUrl(database), CONSUMER_GROUP: groupId },
});
const api = new OnboardingApi(onboarding.url);
const staff = { kind: 'staff', id: 'samordnare-mig' };

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${onboarding.url}${path}`, { method: 'POST', headers: api.headers('exempelby'), body: JSON.stringify(body) });
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
    await onboarding.start();
    migrated = await new TopicReader(kafka, OnboardingMigratedV1.type).start();
  }, 120_000);

  afterAll(async () => {
    await migrated?.stop();
    await onboarding.stop();
    await client.close();
  }, 60_000);

  it('moves a v1 instance to v2 (explicit, audited), runs the added step and completes on v2', async () => {
    // Started on v1: the rules are accepted, the instance waits for the coordinator's talk with a young member.
    const joined = memberJoined('exempelby', { birthYear: 2004 });
    await send(joined);
    const started = await api.waitFor('exempelby', 'member', joined.payload.memberId, 'the rules step', (x) => x.currentStepId === 'rules');
    expect(started.processVersion).toBe(1);
    expect((await api.complete('exempelby', started.id, 'rules', { actor: { kind: 'subject', id: 'm' }, outcome: 'approved', agreementVersion: '7' })).status).toBe(202);
    await api.waitFor('exempelby', 'member', joined.payload.memberId, 'the review', (x) => x.currentStepId === 'young-member-review');

    // The coordinator's change becomes version 2 (published at start); the running instance stays on v1.
    await onboarding.stop();
    copyFileSync(join(__dirname, 'fixtures', 'migration', 'exempelby-member.v2.yaml'), join(dir, 'exempelby', 'onboarding', 'member.yaml'));
    await onboarding.start();
    expect((await api.bySubject('exempelby', 'member', joined.payload.memberId))!.processVersion).toBe(1);

    const request = { actor: staff, toVersion: 2, reason: 'Välkomstsamtal för alla nya medlemmar' };
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
    expect((await api.complete('exempelby', started.id, 'welcome-call', { actor: staff, outcome: 'approved', meetingDate: '2026-11-26' })).status).toBe(202);
    await api.waitFor('exempelby', 'member', joined.payload.memberId, 'the review again', (x) => x.currentStepId === 'young-member-review' && x.steps[2]?.attempt === 2);
    expect((await api.complete('exempelby', started.id, 'young-member-review', { actor: staff, outcome: 'approved' })).status).toBe(202);
    const finished = await api.waitFor('exempelby', 'member', joined.payload.memberId, 'approval', (x) => x.status === 'approved');
    expect(finished.processVersion).toBe(2);
    expect(finished.steps.map((s) => `${s.id}:${s.status}`)).toEqual(['rules:approved', 'welcome-call:approved', 'young-member-review:approved']);

    const timeline = (await (await api.get('exempelby', `/instances/${started.id}/timeline`)).json()) as { timeline: Array<Record<string, unknown>> };
    expect(timeline.timeline.find((e) => e['what'] === 'migrated')).toMatchObject({ fromVersion: 1, toVersion: 2, actor: staff, reason: request.reason });
    const audit = await client.db(database).collection('audit').findOne({ instanceId: started.id, municipalityId: 'exempelby', action: 'migrated' });
    expect(audit).toMatchObject({ actor: staff, reason: request.reason, fromVersion: 1, toVersion: 2 });
  }, 90_000);
});
