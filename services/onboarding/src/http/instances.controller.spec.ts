import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import pino from 'pino';
import { InMemoryAudit, InMemoryInstances, StaticCatalogue } from '../../test/fakes';
import { staffApp } from '../../test/staff-app';
import { StartOnboarding } from '../application/start-onboarding';
import { validateDefinition } from '../domain/definition';

const parsed = validateDefinition(
  { version: 1, kind: 'member', steps: [{ id: 'review', type: 'coordinator-review', text: { sv: { title: 'Granskning' } } }, { id: 'police', type: 'police-approval', text: { sv: { title: 'Polis' } } }] },
  't.yaml',
  'member',
);
if (!parsed.ok) throw new Error('invalid test definition');
const catalogue = new StaticCatalogue({ 'ale/member/1': parsed.definition });

function appWith(mode: 'allow' | 'deny', instances: InMemoryInstances, audit: InMemoryAudit) {
  return staffApp(mode, { catalogue, instances, audit });
}

describe('the staff API of onboarding', () => {
  const instances = new InMemoryInstances();
  const audit = new InMemoryAudit();
  let app: INestApplication;
  let instanceId: string;
  const memberId = '6f1d2c3b-0000-4000-8000-000000000001';

  beforeAll(async () => {
    app = await appWith('allow', instances, audit);
    const started = await new StartOnboarding(catalogue, instances, pino({ level: 'silent' })).execute(
      { municipalityId: 'ale', kind: 'member', subjectId: memberId, personId: '6f1d2c3b-0000-4000-8000-000000000002', subjectFields: {}, policeAreaId: null },
      { correlationId: 'c', causationId: null },
    );
    instanceId = started!.id;
  });
  afterAll(() => app.close());

  const post = (path: string, body: unknown, municipality = 'ale') => request(app.getHttpServer()).post(path).set('x-dev-staff-municipality', municipality).send(body as object);

  it('accepts a staff answer with 202 and audits it with its step-completed event', async () => {
    const res = await post(`/instances/${instanceId}/steps/review/complete`, { actor: { kind: 'staff', id: 'kim' }, outcome: 'approved' }).expect(202);
    expect(res.body).toEqual({ answerId: audit.entries[0]!.entry.id });
    expect(audit.entries[0]!.events[0]!.type).toBe('onboarding.step-completed.v1');
  });

  it('answers 400 naming each bad field, and writes nothing', async () => {
    const before = audit.entries.length;
    const res = await post(`/instances/${instanceId}/steps/review/complete`, { actor: { kind: 'boss' }, outcome: 'perhaps', document: 'scan' }).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['(body)', 'actor.id', 'actor.kind', 'outcome']);
    const reasonless = await post(`/instances/${instanceId}/steps/review/complete`, { actor: { kind: 'staff', id: 'k' }, outcome: 'rejected' }).expect(400);
    expect(reasonless.body.fields).toEqual([{ field: 'reason', message: 'is required when the outcome is not approved' }]);
    expect(audit.entries).toHaveLength(before);
  });

  it('answers 404 for another municipality’s instance or an unknown step, 403 for a police step', async () => {
    await post(`/instances/${instanceId}/steps/review/complete`, { actor: { kind: 'staff', id: 'k' }, outcome: 'approved' }, 'trollhattan').expect(404);
    await post(`/instances/${instanceId}/steps/nope/complete`, { actor: { kind: 'staff', id: 'k' }, outcome: 'approved' }).expect(404);
    await post(`/instances/${instanceId}/steps/police/complete`, { actor: { kind: 'staff', id: 'k' }, outcome: 'approved' }).expect(403);
    await post(`/instances/not-a-uuid/steps/review/complete`, { actor: { kind: 'staff', id: 'k' }, outcome: 'approved' }).expect(400);
  });

  it('shows the timeline and finds an instance by subject, in the staff member’s municipality only', async () => {
    const timeline = await request(app.getHttpServer()).get(`/instances/${instanceId}/timeline`).set('x-dev-staff-municipality', 'ale').expect(200);
    expect(timeline.body.timeline.map((e: { what: string }) => e.what)).toEqual(['started', 'requested']);
    await request(app.getHttpServer()).get(`/instances?subjectKind=member&subjectId=${memberId}`).set('x-dev-staff-municipality', 'ale').expect(200);
    await request(app.getHttpServer()).get(`/instances?subjectKind=member&subjectId=${memberId}`).set('x-dev-staff-municipality', 'trollhattan').expect(404);
  });

  it('withdraws a running instance once (200, then 409), audited', async () => {
    const started = await new StartOnboarding(catalogue, instances, pino({ level: 'silent' })).execute(
      { municipalityId: 'ale', kind: 'member', subjectId: '6f1d2c3b-0000-4000-8000-000000000009', personId: '6f1d2c3b-0000-4000-8000-000000000002', subjectFields: {}, policeAreaId: null },
      { correlationId: 'c', causationId: null },
    );
    await post(`/instances/${started!.id}/withdraw`, { actor: { kind: 'staff', id: 'kim' } }).expect(400);
    const res = await post(`/instances/${started!.id}/withdraw`, { actor: { kind: 'staff', id: 'kim' }, reason: 'Flyttar' }).expect(200);
    expect(res.body).toEqual({ status: 'withdrawn' });
    await post(`/instances/${started!.id}/withdraw`, { actor: { kind: 'staff', id: 'kim' }, reason: 'Igen' }).expect(409);
    expect(audit.entries.find((e) => e.entry.action === 'withdrawn' && e.entry.instanceId === started!.id)!.entry).toMatchObject({ action: 'withdrawn', reason: 'Flyttar' });
  });

  it('refuses every staff request without the header, and everything when the development guard is off', async () => {
    await request(app.getHttpServer()).get(`/instances/${instanceId}/timeline`).expect(403);
    const denied = await appWith('deny', instances, audit);
    const res = await request(denied.getHttpServer()).get(`/instances/${instanceId}/timeline`).set('x-dev-staff-municipality', 'ale').expect(403);
    expect(res.body.error).toBe('staff_sign_in_unavailable');
    await denied.close();
  });
});
