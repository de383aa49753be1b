import pino from 'pino';
import { onboarding } from '@trygg/http-contracts';
import { validateDefinition, type ProcessDefinition } from '../domain/definition';
import { AnswerRefused } from './answer-refused';
import { ApplyStepAnswer } from './apply-step-answer';
import { AnswerAutomaticStep } from './answer-automatic-step';
import { ChangeProtectedIdentity } from './change-protected-identity';
import { CheckTimers } from './check-timers';
import { EraseSubject } from './erase-subject';
import { InMemoryAudit, InMemoryInstances, StaticCatalogue } from '../../test/fakes';
import { instanceIdFor } from './events';
import { StartOnboarding } from './start-onboarding';
import { InvalidAnswer, SubmitStaffAnswer } from './submit-staff-answer';

const logger = pino({ level: 'silent' });
const now = new Date('2026-11-26T10:00:00Z');
const clock = () => now;
const cause = { correlationId: 'c-1', causationId: null };

function def(raw: unknown, kind: string): ProcessDefinition {
  const r = validateDefinition(raw, 't.yaml', kind);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.definition;
}
const volunteerV1 = def(
  {
    version: 1,
    kind: 'volunteer',
    subjectFields: { birthYear: { type: 'number' } },
    steps: [
      { id: 'age', type: 'age-check', needs: ['birthYear'], parameters: { minimumAge: 18 }, text: { sv: { title: 'Ålder' } } },
      { id: 'extract', type: 'document-check', parameters: { document: 'police-record-extract' }, reminders: ['1d'], text: { sv: { title: 'Utdrag' } } },
      { id: 'agreement', type: 'agreement', parameters: { agreementId: 'walkers', agreementVersion: '2026-1' }, text: { sv: { title: 'Avtal' } } },
    ],
  },
  'volunteer',
);
const volunteerV2 = { ...volunteerV1, version: 2, steps: volunteerV1.steps.slice(0, 1) };

function setup() {
  const catalogue = new StaticCatalogue({ 'ale/volunteer/1': volunteerV1 });
  const instances = new InMemoryInstances();
  const audit = new InMemoryAudit();
  let n = 0;
  return {
    catalogue,
    instances,
    audit,
    start: new StartOnboarding(catalogue, instances, logger, clock),
    apply: new ApplyStepAnswer(catalogue, instances, audit, logger, clock),
    auto: new AnswerAutomaticStep(catalogue, instances, audit, clock),
    staff: new SubmitStaffAnswer(catalogue, instances, audit, () => `a-${++n}`, clock),
  };
}
const kim = { subject: 'https://idp.ale.example#coordinator-kim', name: 'Kim', role: 'coordinator', scope: 'ale' };
const startCommand = { municipalityId: 'ale', kind: 'volunteer' as const, subjectId: '6f1d2c3b-0000-4000-8000-000000000001', personId: '6f1d2c3b-0000-4000-8000-0000000000ff', subjectFields: { birthYear: 1990 }, policeAreaId: null };

describe('running onboarding instances', () => {
  it('starts one instance per subject, however often the start event is delivered', async () => {
    const s = setup();
    expect(await s.start.execute(startCommand, cause)).toBeDefined();
    expect(await s.start.execute(startCommand, cause)).toBeUndefined();
    expect(s.instances.docs.size).toBe(1);
    expect(s.instances.published.map((e) => e.type)).toEqual(['onboarding.started.v1', 'onboarding.step-requested.v1']);
  });

  it('lets exactly one of two racing answers to the same step win', async () => {
    const s = setup();
    const instance = (await s.start.execute(startCommand, cause))!;
    const answer = { stepId: 'age', stepType: 'age-check', attempt: 1, outcome: 'approved' as const, reason: null, actor: { kind: 'system' as const, id: 'onboarding' } };
    const results = await Promise.allSettled([
      s.apply.execute('ale', instance.id, 'e-1', answer, cause, 'onboarding'),
      s.apply.execute('ale', instance.id, 'e-2', { ...answer, outcome: 'rejected', reason: 'no' }, cause, 'onboarding'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(AnswerRefused);
    expect(s.instances.docs.get(instance.id)!.instance.steps[0]!.status).toBe('approved');
    expect(s.instances.published.filter((e) => e.type === 'onboarding.step-requested.v1')).toHaveLength(2);
  });

  it('acknowledges a redelivered answer it already applied without refusing it', async () => {
    const s = setup();
    const instance = (await s.start.execute(startCommand, cause))!;
    const answer = { stepId: 'age', stepType: 'age-check', attempt: 1, outcome: 'approved' as const, reason: null, actor: { kind: 'system' as const, id: 'onboarding' } };
    await s.apply.execute('ale', instance.id, 'e-1', answer, cause, 'onboarding');
    await expect(s.apply.execute('ale', instance.id, 'e-1', answer, cause, 'onboarding')).resolves.toMatchObject({ currentStepId: 'extract' });
    await expect(s.apply.execute('ale', instance.id, 'e-9', answer, cause, 'onboarding')).rejects.toMatchObject({ refusal: 'step-not-waiting' });
  });

  it('refuses a start meeting answered by hand (it is answered by its attendance in police-liaison); an information meeting is still answered by staff', async () => {
    const meetings = def(
      {
        version: 1,
        kind: 'volunteer',
        steps: [
          { id: 'info', type: 'meeting-attendance', parameters: { meeting: 'information' }, text: { sv: { title: 'Info' } } },
          { id: 'start', type: 'meeting-attendance', parameters: { meeting: 'start' }, text: { sv: { title: 'Start' } } },
        ],
      },
      'volunteer',
    );
    const instances = new InMemoryInstances();
    const catalogue = new StaticCatalogue({ 'ale/volunteer/1': meetings });
    const audit = new InMemoryAudit();
    const staff = new SubmitStaffAnswer(catalogue, instances, audit, () => 'a-1', clock);
    const instance = (await new StartOnboarding(catalogue, instances, logger, clock).execute({ ...startCommand, subjectFields: {} }, cause))!;
    await expect(staff.execute('ale', instance.id, 'start', onboarding.staffAnswerInput.parse({ outcome: 'approved', meetingDate: '2026-06-01' }), kim, cause)).rejects.toMatchObject({ refusal: 'producer-not-allowed' });
    await expect(staff.execute('ale', instance.id, 'info', onboarding.staffAnswerInput.parse({ outcome: 'approved', meetingDate: '2026-06-01' }), kim, cause)).resolves.toEqual({ answerId: 'a-1' });
  });

  it('refuses an answer for an instance of another municipality as unknown', async () => {
    const s = setup();
    const instance = (await s.start.execute(startCommand, cause))!;
    const answer = { stepId: 'age', stepType: 'age-check', attempt: 1, outcome: 'approved' as const, reason: null, actor: { kind: 'system' as const, id: 'onboarding' } };
    await expect(s.apply.execute('trollhattan', instance.id, 'e-1', answer, cause, 'onboarding')).rejects.toMatchObject({ refusal: 'unknown-instance' });
  });

  it('answers the age check automatically, once per request, audited', async () => {
    const s = setup();
    const instance = (await s.start.execute({ ...startCommand, subjectFields: { birthYear: 2010 } }, cause))!;
    const request = { instanceId: instance.id, stepId: 'age', stepType: 'age-check', attempt: 1, subjectFields: { birthYear: 2010 } };
    expect(await s.auto.execute('ale', 'req-1', request, cause)).toBe(true);
    expect(await s.auto.execute('ale', 'req-1', request, cause)).toBe(false);
    expect(await s.auto.execute('ale', 'req-2', { ...request, stepType: 'document-check', stepId: 'extract' }, cause)).toBe(false);
    expect(s.audit.entries).toHaveLength(1);
    expect(s.audit.entries[0]!.events[0]!.payload).toMatchObject({ outcome: 'rejected', reason: 'younger than 18', actor: { kind: 'system', id: 'onboarding' } });
  });

  it('records who saw a record extract and when, never the document', async () => {
    const s = setup();
    const instance = (await s.start.execute(startCommand, cause))!;
    await s.apply.execute('ale', instance.id, 'e-1', { stepId: 'age', stepType: 'age-check', attempt: 1, outcome: 'approved', reason: null, actor: { kind: 'system', id: 'onboarding' } }, cause, 'onboarding');
    expect(onboarding.staffAnswerInput.safeParse({ outcome: 'approved', document: 'base64…' }).success).toBe(false);
    await s.staff.execute('ale', instance.id, 'extract', onboarding.staffAnswerInput.parse({ outcome: 'approved' }), kim, cause);
    const [{ entry, events }] = s.audit.entries as [(typeof s.audit.entries)[number]];
    expect(entry.evidence).toEqual({ documentKind: 'police-record-extract', seenBy: kim.subject, seenAt: now.toISOString() });
    expect(entry).toMatchObject({ actor: { kind: 'staff', id: kim.subject }, by: kim });
    expect(events[0]).toMatchObject({ type: 'onboarding.step-completed.v1', payload: { stepId: 'extract', attempt: 1, evidence: entry.evidence } });
  });

  it('keeps the accepted agreement version and when, and refuses another version', async () => {
    const s = setup();
    const instance = (await s.start.execute(startCommand, cause))!;
    const sys = { kind: 'system' as const, id: 'onboarding' };
    await s.apply.execute('ale', instance.id, 'e-1', { stepId: 'age', stepType: 'age-check', attempt: 1, outcome: 'approved', reason: null, actor: sys }, cause, 'onboarding');
    await s.apply.execute('ale', instance.id, 'e-2', { stepId: 'extract', stepType: 'document-check', attempt: 1, outcome: 'approved', reason: null, actor: { kind: 'staff', id: 'k' } }, cause, 'onboarding');
    const accept = (v: string) => onboarding.staffAnswerInput.parse({ outcome: 'approved', agreementVersion: v });
    await expect(s.staff.execute('ale', instance.id, 'agreement', accept('2025-9'), kim, cause)).rejects.toBeInstanceOf(InvalidAnswer);
    await s.staff.execute('ale', instance.id, 'agreement', accept('2026-1'), kim, cause);
    expect(s.audit.entries.at(-1)!.entry.evidence).toEqual({ agreementVersion: '2026-1', acceptedAt: now.toISOString() });
  });

  it('refuses a staff answer to a step that is not waiting, writing nothing', async () => {
    const s = setup();
    const instance = (await s.start.execute(startCommand, cause))!;
    await expect(s.staff.execute('ale', instance.id, 'extract', onboarding.staffAnswerInput.parse({ outcome: 'approved' }), kim, cause)).rejects.toMatchObject({ refusal: 'step-not-waiting' });
    expect(s.audit.entries).toHaveLength(0);
  });

  it('finishes a running instance on its own version after a new version is published', async () => {
    const s = setup();
    const first = (await s.start.execute(startCommand, cause))!;
    const catalogue = new StaticCatalogue({ 'ale/volunteer/1': volunteerV1, 'ale/volunteer/2': volunteerV2 });
    const start = new StartOnboarding(catalogue, s.instances, logger, clock);
    const apply = new ApplyStepAnswer(catalogue, s.instances, s.audit, logger, clock);
    const second = (await start.execute({ ...startCommand, subjectId: '6f1d2c3b-0000-4000-8000-000000000002' }, cause))!;
    expect([first.processVersion, second.processVersion]).toEqual([1, 2]);
    const sys = { kind: 'system' as const, id: 'onboarding' };
    const a = await apply.execute('ale', first.id, 'e-1', { stepId: 'age', stepType: 'age-check', attempt: 1, outcome: 'approved', reason: null, actor: sys }, cause, 'onboarding');
    const b = await apply.execute('ale', second.id, 'e-2', { stepId: 'age', stepType: 'age-check', attempt: 1, outcome: 'approved', reason: null, actor: sys }, cause, 'onboarding');
    expect(a).toMatchObject({ status: 'running', currentStepId: 'extract' });
    expect(b).toMatchObject({ status: 'approved' });
  });

  it('emits a stalled event once when a reminder falls due', async () => {
    const s = setup();
    const instance = (await s.start.execute(startCommand, cause))!;
    await s.apply.execute('ale', instance.id, 'e-1', { stepId: 'age', stepType: 'age-check', attempt: 1, outcome: 'approved', reason: null, actor: { kind: 'system', id: 'onboarding' } }, cause, 'onboarding');
    let at = now;
    const timers = new CheckTimers(s.catalogue, s.instances, logger, () => at);
    expect(await timers.runOnce()).toBe(0);
    at = new Date(now.getTime() + 86_400_001);
    expect(await timers.runOnce()).toBe(1);
    expect(await timers.runOnce()).toBe(0);
    expect(s.instances.published.filter((e) => e.type === 'onboarding.stalled.v1')).toHaveLength(1);
  });

  it('derives the same instance id for the same subject, and a valid uuid', () => {
    expect(instanceIdFor('ale', 'volunteer', 'x')).toBe(instanceIdFor('ale', 'volunteer', 'x'));
    expect(instanceIdFor('ale', 'volunteer', 'x')).not.toBe(instanceIdFor('ale', 'member', 'x'));
    expect(instanceIdFor('ale', 'volunteer', 'x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('erasing a resident', () => {
  it('withdraws their running instances and forgets the fields they gave, once', async () => {
    const s = setup();
    const instance = (await s.start.execute(startCommand, cause))!;
    const erase = new EraseSubject(s.instances, logger, clock);
    expect(await erase.execute('ale', startCommand.personId, cause)).toBe(1);
    const stored = s.instances.docs.get(instance.id)!.instance;
    expect(stored).toMatchObject({ status: 'withdrawn', subjectFields: {} });
    expect(s.instances.published.at(-1)).toMatchObject({ type: 'onboarding.completed.v1', payload: { outcome: 'withdrawn', reason: 'the person was erased' } });
    expect(await erase.execute('ale', startCommand.personId, cause)).toBe(0);
    expect(await erase.execute('trollhattan', startCommand.personId, cause)).toBe(0);
  });
});

describe('a later change of the protected-identity flag (enrolment.protected-identity-changed.v1)', () => {
  it('updates the person’s instances once, and the next step request carries the new flag', async () => {
    const s = setup();
    const instance = (await s.start.execute(startCommand, cause))!;
    const change = new ChangeProtectedIdentity(s.instances, logger);
    expect(await change.execute('ale', startCommand.personId, true, 'e-on')).toBe(1);
    const stored = s.instances.docs.get(instance.id)!;
    expect(stored.instance.protectedIdentity).toBe(true);
    expect(stored.appliedEventIds).toContain('e-on');
    // Redelivered: nothing written again; another municipality's instances are not touched.
    expect(await change.execute('ale', startCommand.personId, true, 'e-on')).toBe(0);
    expect(await change.execute('trollhattan', startCommand.personId, false, 'e-x')).toBe(0);
    expect(s.instances.docs.get(instance.id)!.version).toBe(stored.version);
    await s.apply.execute('ale', instance.id, 'e-1', { stepId: 'age', stepType: 'age-check', attempt: 1, outcome: 'approved', reason: null, actor: { kind: 'system', id: 'onboarding' } }, cause, 'onboarding');
    expect(s.instances.published.filter((e) => e.type === 'onboarding.step-requested.v1').at(-1)).toMatchObject({ payload: { stepId: 'extract', protectedIdentity: true } });
    expect(await change.execute('ale', startCommand.personId, false, 'e-off')).toBe(1);
    expect(s.instances.docs.get(instance.id)!.instance.protectedIdentity).toBe(false);
  });
});

describe('answers bound to their producer', () => {
  it('refuses a staff answer from a non-onboarding producer, records it, and leaves the step waiting', async () => {
    const s = setup();
    const instance = (await s.start.execute(startCommand, cause))!;
    await s.apply.execute('ale', instance.id, 'e-1', { stepId: 'age', stepType: 'age-check', attempt: 1, outcome: 'approved', reason: null, actor: { kind: 'system', id: 'onboarding' } }, cause, 'onboarding');
    const forged = { stepId: 'extract', stepType: 'document-check', attempt: 1, outcome: 'approved' as const, reason: null, actor: { kind: 'staff' as const, id: 'k' } };
    await expect(s.apply.execute('ale', instance.id, 'e-2', forged, cause, 'enrolment')).rejects.toMatchObject({ refusal: 'producer-not-allowed' });
    await expect(s.apply.execute('ale', instance.id, 'e-3', forged, cause, null)).rejects.toThrow(/not from a message without a producer header/);
    expect(s.audit.entries.map((e) => [e.entry.action, e.entry.producer, e.entry.eventId, e.events.length])).toEqual([
      ['answer-refused', 'enrolment', 'e-2', 0],
      ['answer-refused', null, 'e-3', 0],
    ]);
    expect(s.audit.entries[0]!.entry.reason).toBe('staff answers to document-check step extract come only from onboarding, not from enrolment');
    const after = await s.apply.execute('ale', instance.id, 'e-4', forged, cause, 'onboarding');
    expect(after.steps.find((step) => step.id === 'extract')).toMatchObject({ status: 'approved' });
  });
});
