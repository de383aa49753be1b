import pino from 'pino';
import { createEvent, type EventEnvelope, OnboardingStepRequestedV1, PoliceDecisionRecordedV1, ProtectedIdentityChangedV1, ResidentErasedV1, VolunteerErasedV1 } from '@trygg/contracts';
import { PermanentError } from '@trygg/messaging';
import { StepWorkerEventsController } from './step-worker-events.controller';
import { decisionInput } from '@trygg/http-contracts';
import { decisionHttpError } from './http';
import { InMemoryStepWorkStore } from './in-memory-step-work-store';
import { decideStepWork, type StepWork, StepWorkAlreadyDecided, stepWorkIdFor, StepWorkNotFound, workAsSeenBy } from './step-work';
import { DecideStep } from './decide-step';
import { ListPendingWork } from './list-pending-work';
import { ReceiveStepRequest } from './receive-step-request';

// A municipality's own step type, written with the kit: a home visit decided by the visiting staff.
interface Visit extends StepWork<{ outcome: 'approved' | 'rejected'; reason: string; visitor: string }> {
  requestedAt: string;
}
class VisitNotFound extends StepWorkNotFound {}
const alreadyDecided = (id: string) => new StepWorkAlreadyDecided(`visit ${id} is already decided`);

const now = new Date('2026-11-26T10:00:00Z');
const visitor = { subject: 'https://idp.ale.example#v-1', name: 'Vera Visit', role: 'coordinator', scope: 'ale' };
const request = {
  municipalityId: 'ale',
  instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11',
  stepId: 'home-visit',
  stepType: 'home-visit',
  attempt: 1,
  subject: { kind: 'contact-person' as const, id: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a12', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a13' },
  subjectFields: { street: 'Storgatan' },
  parameters: {},
  policeAreaId: null,
  dueAt: null,
};

function setup(extra?: (decided: Visit) => EventEnvelope[]) {
  const store = new InMemoryStepWorkStore<Visit>((v) => v.municipalityId);
  const audited: unknown[] = [];
  const receive = new ReceiveStepRequest<typeof request, Visit>(
    store,
    {
      stepType: 'home-visit',
      open: (r, at) => ({
        id: stepWorkIdFor('home-visit', r.instanceId, r.stepId, r.attempt),
        municipalityId: r.municipalityId, instanceId: r.instanceId, stepId: r.stepId, stepType: r.stepType, attempt: r.attempt,
        subject: r.subject, subjectFields: r.subjectFields, dueAt: r.dueAt, status: 'pending', decision: null, requestedAt: at.toISOString(),
      }),
      opened: { message: 'home visit requested', fields: (v) => ({ visitId: v.id }) },
    },
    pino({ level: 'silent' }),
    () => now,
  );
  const decide = new DecideStep<Visit, { outcome: 'approved' | 'rejected'; reason: string; visitor: string }>(
    store,
    {
      noun: 'visit',
      notFound: (message) => new VisitNotFound(message),
      decide: (v, d, at) => decideStepWork(v, d, at, alreadyDecided),
      answer: (_v, d) => ({ outcome: d.outcome, reason: d.reason, actor: { kind: 'plugin', id: 'home-visit-desk' } }),
      ...(extra ? { alsoTell: extra } : {}),
      audit: (v, d, scope) => ({ action: 'home-visit-decision', subject: { kind: 'home-visit', id: v.id }, municipalityId: scope, details: { instanceId: v.instanceId, outcome: d.outcome, reason: d.reason } }),
    },
    { record: async (entry) => void audited.push(entry) },
    () => now,
  );
  return { store, audited, receive, decide };
}

describe('the step worker kit', () => {
  it('keeps one pending piece of work per request of its own step type only', async () => {
    const s = setup();
    expect(await s.receive.execute(request)).toMatchObject({ id: stepWorkIdFor('home-visit', request.instanceId, 'home-visit', 1), status: 'pending', requestedAt: now.toISOString() });
    expect(await s.receive.execute(request)).toBeUndefined();
    expect(await s.receive.execute({ ...request, stepType: 'police-approval' })).toBeUndefined();
    expect(await s.receive.execute({ ...request, attempt: 2 })).toMatchObject({ attempt: 2 });
    expect(await s.store.pending('ale')).toHaveLength(2);
    expect(await s.store.pending('kungalv')).toHaveLength(0);
  });

  it('derives a stable UUID per (namespace, instance, step, attempt)', () => {
    const id = stepWorkIdFor('home-visit', request.instanceId, 'home-visit', 1);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stepWorkIdFor('home-visit', request.instanceId, 'home-visit', 1)).toBe(id);
    expect(stepWorkIdFor('other', request.instanceId, 'home-visit', 1)).not.toBe(id);
  });

  it('answers onboarding with step-completed in the same write as the decision, then audits it, once', async () => {
    const s = setup();
    const visit = (await s.receive.execute(request))!;
    await s.decide.execute('ale', visit.id, { outcome: 'approved', reason: 'Trevligt', visitor: 'v-1' }, 'corr-1', visitor);

    const saved = s.store.docs.get(visit.id)!;
    expect(saved.work).toMatchObject({ status: 'decided', decision: { outcome: 'approved', reason: 'Trevligt', visitor: 'v-1', decidedAt: now.toISOString() } });
    expect(saved.version).toBe(2);
    expect(saved.events).toHaveLength(1);
    expect(saved.events[0]).toMatchObject({
      type: 'onboarding.step-completed.v1',
      municipalityId: 'ale',
      correlationId: 'corr-1',
      payload: { instanceId: request.instanceId, stepId: 'home-visit', stepType: 'home-visit', attempt: 1, outcome: 'approved', reason: 'Trevligt', actor: { kind: 'plugin', id: 'home-visit-desk' } },
    });
    expect(s.audited).toEqual([
      { action: 'home-visit-decision', subject: { kind: 'home-visit', id: visit.id }, municipalityId: 'ale', details: { instanceId: request.instanceId, outcome: 'approved', reason: 'Trevligt' }, actor: visitor, correlationId: 'corr-1' },
    ]);

    await expect(s.decide.execute('ale', visit.id, { outcome: 'rejected', reason: 'x', visitor: 'v-2' }, 'c', visitor)).rejects.toBeInstanceOf(StepWorkAlreadyDecided);
    expect(s.audited).toHaveLength(1);
    expect(s.store.docs.get(visit.id)!.events).toHaveLength(1);
  });

  it('does not find work outside the deciding person’s scope, in the worker’s own words', async () => {
    const s = setup();
    const visit = (await s.receive.execute(request))!;
    await expect(s.decide.execute('kungalv', visit.id, { outcome: 'approved', reason: 'ok', visitor: 'v' }, 'c', visitor)).rejects.toThrow(new VisitNotFound(`no visit ${visit.id} in kungalv`));
    expect(s.store.docs.get(visit.id)!.work.status).toBe('pending');
    expect(s.audited).toHaveLength(0);
  });

  it('writes the worker’s own events after the answer, in the same write', async () => {
    const s = setup((v) => [
      createEvent(PoliceDecisionRecordedV1, { municipalityId: v.municipalityId, correlationId: 'c' }, {
        caseId: v.id, policeAreaId: 'lpo-a', instanceId: v.instanceId, stepId: v.stepId, attempt: v.attempt, subject: v.subject,
        outcome: 'approve', reason: 'ok', decidedBy: 'x', decidedAt: now.toISOString(),
      }),
    ]);
    const visit = (await s.receive.execute(request))!;
    await s.decide.execute('ale', visit.id, { outcome: 'approved', reason: 'ok', visitor: 'v' }, 'c', visitor);
    expect(s.store.docs.get(visit.id)!.events.map((e) => e.type)).toEqual(['onboarding.step-completed.v1', 'police.decision-recorded.v1']);
  });

  it('refuses to decide when the work keeps changing under it (every attempt read a stale version)', async () => {
    const s = setup();
    const visit = (await s.receive.execute(request))!;
    const stale = { ...s.store.docs.get(visit.id)!, version: 7 };
    s.store.docs.set(visit.id, stale);
    const find = s.store.find.bind(s.store);
    s.store.find = async (scope, id) => ((await find(scope, id)) ? { work: visit, version: 1 } : undefined);
    await expect(s.decide.execute('ale', visit.id, { outcome: 'approved', reason: 'ok', visitor: 'v' }, 'c', visitor)).rejects.toThrow(`visit ${visit.id} was changed by someone else at the same time`);
    expect(s.audited).toHaveLength(0);
  });

  it('handles step requests and erasure, dead-lettering the errors a retry cannot fix', async () => {
    class Unplaceable extends Error {}
    const s = setup();
    const events = new StepWorkerEventsController(s.receive as never, s.store);
    const { municipalityId: _m, ...payload } = request;
    const requested = createEvent(OnboardingStepRequestedV1, { municipalityId: 'ale', correlationId: 'c' }, payload);
    await events.stepRequested(requested);
    expect(await s.store.pending('ale')).toHaveLength(1);

    await events.residentErased(createEvent(ResidentErasedV1, { municipalityId: 'ale', correlationId: 'c' }, { personId: request.subject.personId, erasedAt: now.toISOString() }));
    expect((await s.store.pending('ale'))[0]!.subjectFields).toEqual({});

    const walker = { ...request, instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a22', subject: { kind: 'volunteer' as const, id: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a23', personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a24' } };
    const { municipalityId: _w, ...walkerPayload } = walker;
    await events.stepRequested(createEvent(OnboardingStepRequestedV1, { municipalityId: 'ale', correlationId: 'c' }, walkerPayload));
    const kept = (await s.store.pending('ale')).find((w) => w.subject.personId === walker.subject.personId)!;
    expect(kept.subjectFields).toEqual(request.subjectFields);
    await events.volunteerErased(createEvent(VolunteerErasedV1, { municipalityId: 'ale', correlationId: 'c' }, { volunteerId: walker.subject.id, personId: walker.subject.personId, erasedAt: now.toISOString() }));
    expect((await s.store.pending('ale')).find((w) => w.subject.personId === walker.subject.personId)!.subjectFields).toEqual({});

    const failing = { execute: async () => Promise.reject(new Unplaceable('no area')) };
    await expect(new StepWorkerEventsController(failing, s.store, [Unplaceable]).stepRequested(requested)).rejects.toBeInstanceOf(PermanentError);
    await expect(new StepWorkerEventsController(failing, s.store).stepRequested(requested)).rejects.toBeInstanceOf(Unplaceable);
  });

  it('sets a changed protected-identity flag on all the person’s work in the municipality, once, and views follow it', async () => {
    const s = setup();
    const events = new StepWorkerEventsController(s.receive as never, s.store);
    const visit = (await s.receive.execute(request))!;
    await s.receive.execute({ ...request, municipalityId: 'kungalv', instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a21' });
    const changed = (protectedIdentity: boolean) => createEvent(ProtectedIdentityChangedV1, { municipalityId: 'ale', correlationId: 'c' }, { personId: request.subject.personId, protectedIdentity });
    await events.protectedIdentityChanged(changed(true));
    expect(s.store.docs.get(visit.id)!.work.protectedIdentity).toBe(true);
    expect(workAsSeenBy(s.store.docs.get(visit.id)!.work, { permissions: [] }).subjectFields).not.toEqual(request.subjectFields);
    expect([...s.store.docs.values()].find((d) => d.work.municipalityId === 'kungalv')!.work.protectedIdentity).toBeFalsy();
    expect(await s.store.setProtectedIdentity('ale', request.subject.personId, true)).toBe(0);
    await events.protectedIdentityChanged(changed(false));
    expect(workAsSeenBy(s.store.docs.get(visit.id)!.work, { permissions: [] }).subjectFields).toEqual(request.subjectFields);
  });

  it('maps a failed decision to 404 or 409 and validates the decision body', () => {
    expect(decisionHttpError(new VisitNotFound('x'), 'No such visit')).toMatchObject({ status: 404, response: { error: 'not_found', message: 'No such visit' } });
    expect(decisionHttpError(alreadyDecided('v'), 'No such visit')).toMatchObject({ status: 409, response: { error: 'already_decided', message: 'visit v is already decided' } });
    const other = new Error('boom');
    expect(decisionHttpError(other, 'No such visit')).toBe(other);

    const body = decisionInput(['approved', 'rejected']);
    expect(body.parse({ outcome: 'approved', reason: '  ok ' })).toEqual({ outcome: 'approved', reason: 'ok' });
    expect(body.safeParse({ outcome: 'maybe', reason: 'ok' }).success).toBe(false);
    expect(body.safeParse({ outcome: 'approved', reason: ' ' }).success).toBe(false);
    expect(body.safeParse({ outcome: 'approved', reason: 'ok', extra: 1 }).success).toBe(false);
  });

  it('ListPendingWork audits each view of the list: one record per municipality of the viewer, its row count, no subject fields', async () => {
    const { store, audited, receive } = setup();
    await receive.execute(request);
    await receive.execute({ ...request, municipalityId: 'kungalv', instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a21' });
    const list = new ListPendingWork<Visit>(
      Object.assign(Object.create(store) as typeof store, { pending: async () => [...(await store.pending('ale')), ...(await store.pending('kungalv'))] }),
      { record: async (entry) => void audited.push(entry) },
      'visits-viewed',
    );
    const shown = await list.execute('lpo-x', { actor: visitor, municipalityIds: ['ale', 'kungalv', 'lilla-edet'], policeAreaId: 'lpo-x' }, 'corr-1');
    expect(shown).toHaveLength(2);
    const view = (municipalityId: string, rows: number) => ({ actor: visitor, action: 'visits-viewed', subject: { kind: 'list', id: 'lpo-x' }, municipalityId, policeAreaId: 'lpo-x', correlationId: 'corr-1', details: { rows } });
    expect(audited).toEqual([view('ale', 1), view('kungalv', 1), view('lilla-edet', 0)]);
    expect(JSON.stringify(audited)).not.toContain('Storgatan');
  });
});
