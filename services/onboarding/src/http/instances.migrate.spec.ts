import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { InMemoryAudit, InMemoryInstances, StaticCatalogue } from '../../test/fakes';
import { StaffIssuers, staffApp } from '../../test/staff-app';
import { type ProcessDefinition, validateDefinition } from '../domain/definition';
import { startInstance } from '../domain/engine';

function definition(raw: Record<string, unknown>): ProcessDefinition {
  const parsed = validateDefinition({ kind: 'member', ...raw }, 'member.yaml', 'member');
  if (!parsed.ok) throw new Error('invalid test definition');
  return parsed.definition;
}

const text = { sv: { title: 't' } };
const v1 = definition({ version: 1, steps: [{ id: 'review', type: 'coordinator-review', text }, { id: 'police', type: 'police-approval', text }] });
// v2 adds an agreement before the review; v3 turns the review into a document check.
const v2 = definition({
  version: 2,
  steps: [{ id: 'rules', type: 'agreement', parameters: { agreementId: 'regler', agreementVersion: '1' }, text }, ...v1.steps.map((s) => ({ id: s.id, type: s.type, text }))],
});
const v3 = definition({ version: 3, steps: [{ id: 'review', type: 'document-check', parameters: { document: 'id-document' }, text }, { id: 'police', type: 'police-approval', text }] });
const catalogue = new StaticCatalogue({ 'ale/member/1': v1, 'ale/member/2': v2, 'ale/member/3': v3 });

let counter = 0;
/** A v1 instance waiting on its review, stored directly (as the start consumer would have). */
async function v1Instance(instances: InMemoryInstances): Promise<string> {
  counter++;
  const id = `6f1d2c3b-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  const { instance } = startInstance(v1, { instanceId: id, municipalityId: 'ale', subject: { kind: 'member', id, personId: id }, subjectFields: {}, policeAreaId: null }, new Date());
  await instances.insert(instance, [], null);
  return id;
}

describe('POST /instances/:id/migrate', () => {
  const instances = new InMemoryInstances();
  const audit = new InMemoryAudit();
  let app: INestApplication;
  let issuers: StaffIssuers;
  const as: Record<'ale' | 'trollhattan', string> = { ale: '', trollhattan: '' };
  beforeAll(async () => {
    issuers = await StaffIssuers.start();
    as.ale = await issuers.bearer('ale');
    as.trollhattan = await issuers.bearer('trollhattan');
    app = await staffApp({ catalogue, instances, audit }, issuers);
  });
  afterAll(async () => {
    await app.close();
    await issuers.close();
  });

  const post = (path: string, body: unknown, municipality: 'ale' | 'trollhattan' = 'ale') => request(app.getHttpServer()).post(path).set('authorization', as[municipality]).send(body as object);

  it('migrates, answers what changed, publishes migrated then the new step request, and audits actor, reason and versions', async () => {
    const id = await v1Instance(instances);
    const res = await post(`/instances/${id}/migrate`, { toVersion: 2, reason: 'Nya regler från samordnaren' }).expect(200);
    expect(res.body).toMatchObject({ dryRun: false, status: 'running', currentStepId: 'rules', changes: { fromVersion: 1, toVersion: 2, added: [{ stepId: 'rules', earlier: true, becomes: 'pending' }] } });
    expect(instances.docs.get(id)!.instance.processVersion).toBe(2);
    expect(instances.published.filter((e) => e.payload && (e.payload as { instanceId: string }).instanceId === id).map((e) => e.type)).toEqual([
      'onboarding.migrated.v1',
      'onboarding.step-requested.v1',
    ]);
    expect(audit.entries.find((e) => e.entry.action === 'migrated' && e.entry.instanceId === id)!.entry).toMatchObject({
      instanceId: id,
      action: 'migrated',
      actor: { kind: 'staff', id: issuers.subject('ale') },
      by: { subject: issuers.subject('ale'), role: 'coordinator', scope: 'ale' },
      reason: 'Nya regler från samordnaren',
      fromVersion: 1,
      toVersion: 2,
    });
  });

  it('answers a dry run with what would change and writes nothing', async () => {
    const id = await v1Instance(instances);
    const before = { audit: audit.entries.length, published: instances.published.length, doc: structuredClone(instances.docs.get(id)) };
    const res = await post(`/instances/${id}/migrate?dryRun=true`, { toVersion: 2, reason: 'Prova' }).expect(200);
    expect(res.body).toMatchObject({ dryRun: true, currentStepId: 'rules', changes: { currentStepBefore: 'review', currentStepAfter: 'rules', requested: ['rules'] } });
    expect(instances.docs.get(id)).toEqual(before.doc);
    expect(audit.entries).toHaveLength(before.audit);
    expect(instances.published).toHaveLength(before.published);
  });

  it('answers 400 naming each bad field, and writes nothing', async () => {
    const id = await v1Instance(instances);
    const before = audit.entries.length;
    const res = await post(`/instances/${id}/migrate`, { actor: { kind: 'staff', id: 'x' }, toVersion: 'two', reason: ' ', restartChangedSteps: 'yes' }).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['(body)', 'reason', 'restartChangedSteps', 'toVersion']);
    const query = await post(`/instances/${id}/migrate?dryRun=maybe`, { toVersion: 2, reason: 'r' }).expect(400);
    expect(query.body.fields.map((f: { field: string }) => f.field)).toEqual(['dryRun']);
    await post('/instances/not-a-uuid/migrate', { toVersion: 2, reason: 'r' }).expect(400);
    expect(audit.entries).toHaveLength(before);
    expect(instances.docs.get(id)!.version).toBe(1);
  });

  it('answers 401 without a token and 403 to a signed-in person who is not a coordinator, migrating nothing', async () => {
    const id = await v1Instance(instances);
    await request(app.getHttpServer()).post(`/instances/${id}/migrate`).send({ toVersion: 2, reason: 'r' }).expect(401);
    const admin = await issuers.bearer('ale', 'admin', 'admin');
    await request(app.getHttpServer()).post(`/instances/${id}/migrate`).set('authorization', admin).send({ toVersion: 2, reason: 'r' }).expect(403);
    expect(instances.docs.get(id)!.instance.processVersion).toBe(1);
  });

  it('answers 404 for an unknown instance or another municipality’s', async () => {
    const id = await v1Instance(instances);
    await post(`/instances/${id}/migrate`, { toVersion: 2, reason: 'r' }, 'trollhattan').expect(404);
    await post('/instances/6f1d2c3b-0000-4000-8000-999999999999/migrate', { toVersion: 2, reason: 'r' }).expect(404);
    expect(instances.docs.get(id)!.instance.processVersion).toBe(1);
  });

  it('answers 409 with the refusal for the same version, an unpublished version, a changed waiting step and a finished instance', async () => {
    const id = await v1Instance(instances);
    const same = await post(`/instances/${id}/migrate`, { toVersion: 1, reason: 'r' }).expect(409);
    expect(same.body.error).toBe('same-version');
    const unknown = await post(`/instances/${id}/migrate`, { toVersion: 7, reason: 'r' }).expect(409);
    expect(unknown.body).toMatchObject({ error: 'unknown-target-version', message: expect.stringContaining('version 7 of ale/member is not published') });
    const changed = await post(`/instances/${id}/migrate`, { toVersion: 3, reason: 'r' }).expect(409);
    expect(changed.body.error).toBe('step-type-changed');
    await post(`/instances/${id}/migrate`, { toVersion: 3, reason: 'r', restartChangedSteps: true }).expect(200);
    await post(`/instances/${id}/withdraw`, { reason: 'Flyttar' }).expect(200);
    const finished = await post(`/instances/${id}/migrate`, { toVersion: 2, reason: 'r' }).expect(409);
    expect(finished.body.error).toBe('instance-finished');
  });
});
