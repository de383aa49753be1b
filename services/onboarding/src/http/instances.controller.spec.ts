import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import pino from 'pino';
import { InMemoryAudit, InMemoryInstances, StaticCatalogue } from '../../test/fakes';
import { TEST_GROUPS } from '@trygg/service-testing';
import { StaffIssuers, staffApp } from '../../test/staff-app';
import { StartOnboarding } from '../application/start-onboarding';
import { validateDefinition } from '../domain/definition';

const parsed = validateDefinition(
  { version: 1, kind: 'member', steps: [{ id: 'review', type: 'coordinator-review', text: { sv: { title: 'Granskning' } } }, { id: 'police', type: 'police-approval', text: { sv: { title: 'Polis' } } }] },
  't.yaml',
  'member',
);
if (!parsed.ok) throw new Error('invalid test definition');
const nominee = validateDefinition(
  { version: 1, kind: 'contact-person', subjectFields: { name: { type: 'string' } }, steps: [{ id: 'police', type: 'police-approval', needs: ['name'], text: { sv: { title: 'Polis' } } }] },
  'c.yaml',
  'contact-person',
);
if (!nominee.ok) throw new Error('invalid test definition');
const catalogue = new StaticCatalogue({ 'ale/member/1': parsed.definition, 'ale/contact-person/1': nominee.definition });


describe('the staff API of onboarding', () => {
  const instances = new InMemoryInstances();
  const audit = new InMemoryAudit();
  let app: INestApplication;
  let issuers: StaffIssuers;
  let instanceId: string;
  const memberId = '6f1d2c3b-0000-4000-8000-000000000001';
  const as: Record<'ale' | 'trollhattan', string> = { ale: '', trollhattan: '' };

  beforeAll(async () => {
    issuers = await StaffIssuers.start();
    as.ale = await issuers.bearer('ale');
    as.trollhattan = await issuers.bearer('trollhattan');
    app = await staffApp({ catalogue, instances, audit }, issuers);
    const started = await new StartOnboarding(catalogue, instances, pino({ level: 'silent' })).execute(
      { municipalityId: 'ale', kind: 'member', subjectId: memberId, personId: '6f1d2c3b-0000-4000-8000-000000000002', subjectFields: {}, policeAreaId: null },
      { correlationId: 'c', causationId: null },
    );
    instanceId = started!.id;
  });
  afterAll(async () => {
    await app.close();
    await issuers.close();
  });

  const post = (path: string, body: unknown, municipality: 'ale' | 'trollhattan' = 'ale') => request(app.getHttpServer()).post(path).set('authorization', as[municipality]).send(body as object);
  const get = (path: string, municipality: 'ale' | 'trollhattan' = 'ale') => request(app.getHttpServer()).get(path).set('authorization', as[municipality]);

  it('accepts a staff answer with 202 and audits it, by the signed-in coordinator, with its step-completed event', async () => {
    const res = await post(`/instances/${instanceId}/steps/review/complete`, { outcome: 'approved' }).expect(202);
    expect(res.body).toEqual({ answerId: audit.entries[0]!.entry.id });
    const subject = issuers.subject('ale');
    expect(audit.entries[0]!.entry).toMatchObject({ actor: { kind: 'staff', id: subject }, by: { subject, name: 'Namn samordnare.ale', role: 'coordinator', scope: 'ale' } });
    expect(audit.entries[0]!.events[0]).toMatchObject({ type: 'onboarding.step-completed.v1', payload: { actor: { kind: 'staff', id: subject } } });
  });

  it('takes who answers from the token only: a body naming an actor (e.g. the resident) is refused, nothing written', async () => {
    const before = audit.entries.length;
    const res = await post(`/instances/${instanceId}/steps/review/complete`, { actor: { kind: 'subject', id: 'the-resident' }, outcome: 'approved' }).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['(body)']);
    await post(`/instances/${instanceId}/withdraw`, { actor: { kind: 'subject', id: 'the-resident' }, reason: 'x' }).expect(400);
    expect(audit.entries).toHaveLength(before);
  });

  it('answers 400 naming each bad field, and writes nothing', async () => {
    const before = audit.entries.length;
    const res = await post(`/instances/${instanceId}/steps/review/complete`, { outcome: 'perhaps', document: 'scan' }).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['(body)', 'outcome']);
    const reasonless = await post(`/instances/${instanceId}/steps/review/complete`, { outcome: 'rejected' }).expect(400);
    expect(reasonless.body.fields).toEqual([{ field: 'reason', message: 'is required when the outcome is not approved' }]);
    expect(audit.entries).toHaveLength(before);
  });

  it('answers 404 for another municipality’s instance (nothing decided, no data) or an unknown step, 403 for a police step', async () => {
    const before = audit.entries.length;
    const other = await post(`/instances/${instanceId}/steps/review/complete`, { outcome: 'approved' }, 'trollhattan').expect(404);
    expect(other.body).toEqual({ statusCode: 404, error: 'not_found', message: expect.any(String) });
    await post(`/instances/${instanceId}/withdraw`, { reason: 'Flyttar' }, 'trollhattan').expect(404);
    await post(`/instances/${instanceId}/migrate`, { toVersion: 1, reason: 'x' }, 'trollhattan').expect(404);
    expect(audit.entries).toHaveLength(before);
    expect(instances.docs.get(instanceId)!.instance.status).toBe('running');
    await post(`/instances/${instanceId}/steps/nope/complete`, { outcome: 'approved' }).expect(404);
    await post(`/instances/${instanceId}/steps/police/complete`, { outcome: 'approved' }).expect(403);
    await post(`/instances/not-a-uuid/steps/review/complete`, { outcome: 'approved' }).expect(400);
  });

  it('shows the timeline and finds an instance by subject, in the coordinator’s municipality only', async () => {
    const timeline = await get(`/instances/${instanceId}/timeline`).expect(200);
    expect(timeline.body.timeline.map((e: { what: string }) => e.what)).toEqual(['started', 'requested']);
    await get(`/instances/${instanceId}/timeline`, 'trollhattan').expect(404);
    await get(`/instances?subjectKind=member&subjectId=${memberId}`).expect(200);
    await get(`/instances?subjectKind=member&subjectId=${memberId}`, 'trollhattan').expect(404);
  });

  it('withdraws a running instance once (200, then 409), audited', async () => {
    const started = await new StartOnboarding(catalogue, instances, pino({ level: 'silent' })).execute(
      { municipalityId: 'ale', kind: 'member', subjectId: '6f1d2c3b-0000-4000-8000-000000000009', personId: '6f1d2c3b-0000-4000-8000-000000000002', subjectFields: {}, policeAreaId: null },
      { correlationId: 'c', causationId: null },
    );
    await post(`/instances/${started!.id}/withdraw`, {}).expect(400);
    const res = await post(`/instances/${started!.id}/withdraw`, { reason: 'Flyttar' }).expect(200);
    expect(res.body).toEqual({ status: 'withdrawn' });
    await post(`/instances/${started!.id}/withdraw`, { reason: 'Igen' }).expect(409);
    expect(audit.entries.find((e) => e.entry.action === 'withdrawn' && e.entry.instanceId === started!.id)!.entry).toMatchObject({ action: 'withdrawn', reason: 'Flyttar', by: { subject: issuers.subject('ale'), role: 'coordinator' } });
  });

  it('refuses a request without a token (401) and a signed-in person without the coordinator role (403)', async () => {
    await request(app.getHttpServer()).get(`/instances/${instanceId}/timeline`).expect(401);
    const dpo = await issuers.bearer('ale', 'dso.ale', 'data-protection-officer');
    await request(app.getHttpServer()).post(`/instances/${instanceId}/steps/review/complete`).set('authorization', dpo).send({ outcome: 'approved' }).expect(403);
  });

  it('shows the audit trail to a data-protection officer of their own municipality only, and to an admin all of it', async () => {
    const trail = (auth: string, query = '') => request(app.getHttpServer()).get(`/audit${query}`).set('authorization', auth);
    const dpoAle = await issuers.bearer('ale', 'dso.ale', 'data-protection-officer');
    const own = (await trail(dpoAle, `?subject=${instanceId}`).expect(200)).body.records;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r: { municipalityId: string; subject: { id: string } }) => r.municipalityId === 'ale' && r.subject.id === instanceId)).toBe(true);
    expect((await trail(dpoAle, `?actor=${encodeURIComponent(issuers.subject('ale'))}`).expect(200)).body.records.length).toBeGreaterThan(0);
    const dpoTrollhattan = await issuers.bearer('trollhattan', 'dso.th', 'data-protection-officer');
    expect((await trail(dpoTrollhattan, `?subject=${instanceId}`).expect(200)).body.records).toEqual([]);
    const admin = await issuers.bearer('trollhattan', 'admin', 'admin');
    expect((await trail(admin, `?subject=${instanceId}`).expect(200)).body.records).toHaveLength(own.length);
    await trail(as.ale).expect(403);
    await request(app.getHttpServer()).get('/audit').expect(401);
  });

  it('audits each view of an instance (by subject) and of its timeline, the coordinator as actor, ids and counts only', async () => {
    const before = audit.views.length;
    await get(`/instances?subjectKind=member&subjectId=${memberId}`).expect(200);
    const timeline = (await get(`/instances/${instanceId}/timeline`).expect(200)).body.timeline as unknown[];
    const actor = { subject: issuers.subject('ale'), name: expect.any(String), role: 'coordinator', scope: 'ale' };
    const instance = { kind: 'onboarding-instance', id: instanceId };
    expect(audit.views.slice(before)).toEqual([
      { actor, action: 'instance-viewed', subject: instance, municipalityId: 'ale', correlationId: expect.any(String), details: { subjectKind: 'member' } },
      { actor, action: 'timeline-viewed', subject: instance, municipalityId: 'ale', correlationId: expect.any(String), details: { entries: timeline.length } },
    ]);
    // Another municipality's coordinator finds nothing (404) and leaves no view record.
    const count = audit.views.length;
    await get(`/instances/${instanceId}/timeline`, 'trollhattan').expect(404);
    await get(`/instances?subjectKind=member&subjectId=${memberId}`, 'trollhattan').expect(404);
    expect(audit.views).toHaveLength(count);
  });

  it('a protected subject\'s fields say "Skyddad person" to a coordinator without the protected-identity permission; in full with it', async () => {
    const subjectId = '6f1d2c3b-0000-4000-8000-0000000000a1';
    const started = await new StartOnboarding(catalogue, instances, pino({ level: 'silent' })).execute(
      { municipalityId: 'ale', kind: 'contact-person', subjectId, personId: '6f1d2c3b-0000-4000-8000-0000000000a2', subjectFields: { name: 'Hemlig Hemligsson' }, protectedIdentity: true, policeAreaId: 'lpo-ale-kungalv' },
      { correlationId: 'c', causationId: null },
    );
    // The step request carries the flag to the step workers.
    const requested = instances.published.find((e) => e.type === 'onboarding.step-requested.v1' && (e.payload as { instanceId: string }).instanceId === started!.id);
    expect(requested?.payload).toMatchObject({ protectedIdentity: true, subjectFields: { name: 'Hemlig Hemligsson' } });

    const bySubject = await get(`/instances?subjectKind=contact-person&subjectId=${subjectId}`).expect(200);
    const timeline = await get(`/instances/${started!.id}/timeline`).expect(200);
    expect(bySubject.body).toMatchObject({ protectedIdentity: true, subjectFields: { name: 'Skyddad person' }, status: 'running' });
    for (const body of [bySubject.body, timeline.body]) expect(JSON.stringify(body)).not.toContain('Hemlig');

    const permitted = `Bearer ${await issuers.byMunicipality.ale.token({ sub: 'behorig.ale', name: 'Behörig', groups: [TEST_GROUPS.coordinator, 'skyddad-identitet-behorig'] })}`;
    const full = await request(app.getHttpServer()).get(`/instances/${started!.id}/timeline`).set('authorization', permitted).expect(200);
    expect(full.body.instance).toMatchObject({ protectedIdentity: true, subjectFields: { name: 'Hemlig Hemligsson' } });
  });
});
