import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { mongo } from 'mongoose';
import { dlqTopicOf, OnboardingStalledV1, OnboardingStepCompletedV1, OnboardingStepRequestedV1 } from '@trygg/contracts';
import { header, mongoUrl, ServiceProcess, TestIdp, testMongo, TopicReader, waitFor, sleep } from '@trygg/testing';
import { dropDatabases, isFor, json, kafka, memberJoined, nomination, OnboardingApi, send, sendAs, stepCompleted, trustIdp } from './support';

// THE PROOF THAT ONBOARDING IS PLUGGABLE — keep this test. `exempelby` exists only in test data
// (test/fixtures/municipalities/exempelby: municipality.yaml, identity.yaml — its staff sign in at
// `${DEV_IDP_URL}/exempelby`, officers at `${DEV_IDP_URL}/polisen` — two process definitions, one custom plug-in step
// type). It runs a member and a contact person end to end with no code change: the services are the same build,
// pointed at a folder with one more municipality.

const fixtures = join(__dirname, 'fixtures', 'municipalities');
const dir = mkdtempSync(join(tmpdir(), 'onb-exempelby-'));
cpSync(fixtures, dir, { recursive: true });

const db = { onboarding: 'onb_it_exempelby_onboarding', police: 'onb_it_exempelby_police' };
// Staff and officers sign in at the suite's TestIdp (DEV_IDP_URL of both processes, set in beforeAll).
let idp: TestIdp;
const env = {
  onboarding: { LOG_LEVEL: 'info', MUNICIPALITIES_DIR: dir, MONGO_URL: mongoUrl(db.onboarding), CONSUMER_GROUP: 'onb-it-exempelby-onboarding', TIMER_INTERVAL_MS: '300' } as Record<string, string>,
  police: { LOG_LEVEL: 'info', MUNICIPALITIES_DIR: dir, MONGO_URL: mongoUrl(db.police), CONSUMER_GROUP: 'onb-it-exempelby-police' } as Record<string, string>,
};
const onboarding = new ServiceProcess({ service: 'onboarding', port: 3311, env: env.onboarding });
const police = new ServiceProcess({ service: 'police-liaison', port: 3312, env: env.police });
const api = new OnboardingApi(onboarding.url, () => idp);

describe('exempelby: a municipality added with data only', () => {
  let client: mongo.MongoClient;
  let requested: TopicReader;
  let stalled: TopicReader;
  let dlq: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    await dropDatabases(client, Object.values(db));
    idp = await TestIdp.start();
    trustIdp(idp, ...Object.values(env));
    await Promise.all([onboarding.start(), police.start()]);
    [requested, stalled, dlq] = await Promise.all([
      new TopicReader(kafka, OnboardingStepRequestedV1.type).start(),
      new TopicReader(kafka, OnboardingStalledV1.type).start(),
      new TopicReader(kafka, dlqTopicOf(OnboardingStepCompletedV1.type)).start(),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([requested, stalled, dlq].map((r) => r?.stop()));
    await Promise.all([onboarding.stop(), police.stop()]);
    await idp?.close();
    await client.close();
  }, 60_000);

  it('runs exempelby’s member process, with the coordinator step only where its condition holds', async () => {
    const older = memberJoined('exempelby', { birthYear: 1960 });
    const younger = memberJoined('exempelby', { birthYear: 2004 });
    await send(older, younger);
    for (const m of [older, younger]) {
      const i = await api.waitFor('exempelby', 'member', m.payload.memberId, 'the rules step', (x) => x.currentStepId === 'rules');
      expect((await api.complete('exempelby', i.id, 'rules', { outcome: 'approved', agreementVersion: '7' })).status).toBe(202);
    }
    const done = await api.waitFor('exempelby', 'member', older.payload.memberId, 'approval', (x) => x.status === 'approved');
    expect(done.steps.map((s) => s.status)).toEqual(['approved', 'skipped']);
    const young = await api.waitFor('exempelby', 'member', younger.payload.memberId, 'the review of a young member', (x) => x.currentStepId === 'young-member-review');
    expect((await api.complete('exempelby', young.id, 'young-member-review', { outcome: 'approved' })).status).toBe(202);
    await api.waitFor('exempelby', 'member', younger.payload.memberId, 'approval', (x) => x.status === 'approved');
  }, 60_000);

  it('runs a contact person through exempelby’s own plug-in step and the police, reminding once when it stalls', async () => {
    const nominated = nomination('exempelby', 'lpo-exempelby', { name: 'Fia Fors', street: 'Exempelvägen', personnummer: 'never' });
    await send(nominated);
    const instance = await api.waitFor('exempelby', 'contact-person', nominated.payload.nominationId, 'the interview step', (x) => x.currentStepId === 'interview');

    // The plug-in's view: its step type, only the field it declared (street), its parameters.
    const request = json(await requested.waitFor('the interview request', (m) => isFor(instance.id)(m) && json(m).payload['stepId'] === 'interview'));
    expect(request.payload).toMatchObject({ stepType: 'neighbourhood-interview', attempt: 1, subjectFields: { street: 'Exempelvägen' }, parameters: { questions: 3 }, policeAreaId: 'lpo-exempelby' });

    const reminder = json(await stalled.waitFor('a reminder after 2 s', isFor(instance.id), 15_000));
    expect(reminder.payload).toMatchObject({ stepId: 'interview', reminder: 1 });
    await sleep(1200);
    expect(stalled.matching(isFor(instance.id))).toHaveLength(1);

    // Only the registered sender may answer for the plug-in step type.
    const impostor = stepCompleted('exempelby', { instanceId: instance.id, stepId: 'interview', stepType: 'neighbourhood-interview', attempt: 1, outcome: 'approved', actor: { kind: 'plugin', id: 'someone-else' } });
    const plugin = stepCompleted('exempelby', { instanceId: instance.id, stepId: 'interview', stepType: 'neighbourhood-interview', attempt: 1, outcome: 'approved', reason: 'Grannarna är positiva', actor: { kind: 'plugin', id: 'exempelby-interview-desk' } });
    await sendAs('exempelby-interview-desk', impostor, plugin);
    const dead = await dlq.waitFor('the impostor in the dead-letter topic', (m) => header(m, 'event-id') === impostor.eventId);
    expect(header(dead, 'dlq-reason')).toMatch(/^sender-not-registered/);

    await api.waitFor('exempelby', 'contact-person', nominated.payload.nominationId, 'the police step', (x) => x.currentStepId === 'police-approval');
    const policeCase = await waitFor('the police case', async () => {
      const res = await fetch(`${police.url}/police-areas/lpo-exempelby/cases`, { headers: await idp.officer('lpo-exempelby') });
      return ((await res.json()) as { cases: Array<{ id: string; instanceId: string }> }).cases.find((c) => c.instanceId === instance.id);
    });
    const decided = await fetch(`${police.url}/cases/${policeCase.id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await idp.officer('lpo-exempelby')) },
      body: JSON.stringify({ outcome: 'approve', reason: 'Välkommen' }),
    });
    expect(decided.status).toBe(200);
    await api.waitFor('exempelby', 'contact-person', nominated.payload.nominationId, 'approval', (x) => x.status === 'approved');
  }, 90_000);

  it('refuses a published version whose file changed, and accepts the change as a new version', async () => {
    const file = join(dir, 'exempelby', 'onboarding', 'member.yaml');
    const original = readFileSync(file, 'utf8');
    await onboarding.stop();
    writeFileSync(file, original.replace('Godkänn reglerna', 'Godkänn de nya reglerna'));
    await onboarding.start();
    const refused = (await (await fetch(`${onboarding.url}/processes`)).json()) as { refused: Array<{ municipalityId: string; problems: string[] }>; processes: Array<{ process: string }> };
    expect(refused.refused).toEqual([{ municipalityId: 'exempelby', problems: [expect.stringMatching(/member\.yaml: version: version 1 is already published with other content/)] }]);
    expect(refused.processes.filter((p) => p.process.startsWith('exempelby/'))).toEqual([]);

    await onboarding.stop();
    writeFileSync(file, original.replace('Godkänn reglerna', 'Godkänn de nya reglerna').replace('version: 1', 'version: 2'));
    await onboarding.start();
    const accepted = (await (await fetch(`${onboarding.url}/processes`)).json()) as { refused: unknown[]; processes: Array<{ process: string; currentVersion: number }> };
    expect(accepted.refused).toEqual([]);
    expect(accepted.processes).toContainEqual(expect.objectContaining({ process: 'exempelby/member', currentVersion: 2 }));
    const joining = memberJoined('exempelby', { birthYear: 1970 });
    await send(joining);
    expect((await api.waitFor('exempelby', 'member', joining.payload.memberId, 'a v2 instance', (x) => x.currentStepId === 'rules')).processVersion).toBe(2);
  }, 120_000);
});
