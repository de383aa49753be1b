import { type ProcessDefinition, validateDefinition } from './definition';
import { type Actor, applyAnswer, type Instance, startInstance, withdraw } from './engine';
import { migrateInstance, type MigrationDecision, type MigrationRequest } from './migration';

function definition(raw: Record<string, unknown>): ProcessDefinition {
  const result = validateDefinition({ kind: 'member', ...raw }, 'member.yaml', 'member');
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.definition;
}

const text = { sv: { title: 't' } };
const review = { id: 'review', type: 'coordinator-review', text };
const police = { id: 'police', type: 'police-approval', text };
const meeting = { id: 'meeting', type: 'meeting-attendance', parameters: { meeting: 'start' }, text };
const agreement = { id: 'rules', type: 'agreement', parameters: { agreementId: 'regler', agreementVersion: '1' }, text };

const v1 = definition({ version: 1, subjectFields: { name: { type: 'string' }, street: { type: 'string' } }, steps: [review, police, meeting] });

const t0 = new Date('2026-11-26T10:00:00Z');
const t1 = new Date('2026-11-27T10:00:00Z');
const staff: Actor = { kind: 'staff', id: 'samordnare-1' };
const officer: Actor = { kind: 'police', id: 'officer-7' };

/** A v1 instance waiting on the police step (the review approved). */
function waitingOnPolice(): Instance {
  const started = startInstance(
    v1,
    { instanceId: 'i-1', municipalityId: 'ale', subject: { kind: 'member', id: 's-1', personId: 'p-1' }, subjectFields: { name: 'Anna', street: 'Storgatan' }, policeAreaId: 'lpo-1' },
    t0,
  );
  const answered = applyAnswer(v1, started.instance, { stepId: 'review', stepType: 'coordinator-review', attempt: 1, outcome: 'approved', reason: null, actor: staff }, t0);
  if (!answered.ok) throw new Error(answered.message);
  return answered.instance;
}

function migrate(target: ProcessDefinition | undefined, instance = waitingOnPolice(), extra: Partial<MigrationRequest> = {}): MigrationDecision {
  return migrateInstance(v1, target, instance, { toVersion: target?.version ?? 9, actor: staff, reason: 'Nya rutiner', ...extra }, t1);
}

function ok(decision: MigrationDecision) {
  if (!decision.ok) throw new Error(`refused: ${decision.message}`);
  return decision;
}

const stepsOf = (i: Instance) => i.steps.map((s) => `${s.id}:${s.status}`);
const requested = (d: { emits: Array<{ type: string }> }) => d.emits.filter((e) => e.type === 'step-requested');

describe('migrating a running instance to another version', () => {
  it('records the migration in the timeline with actor, reason and versions, and emits migrated first', () => {
    const v2 = definition({ version: 2, steps: [review, police, meeting, agreement] });
    const result = ok(migrate(v2));
    expect(result.instance.processVersion).toBe(2);
    expect(result.instance.timeline.at(-1)).toEqual({ at: t1.toISOString(), what: 'migrated', stepId: null, fromVersion: 1, toVersion: 2, actor: staff, reason: 'Nya rutiner' });
    expect(result.emits[0]).toEqual({ type: 'migrated', fromVersion: 1, toVersion: 2, actor: staff, reason: 'Nya rutiner', droppedSteps: [], addedSteps: ['rules'], restartedSteps: [], currentStepId: 'police' });
  });

  it('keeps answered steps and the waiting step by id; an unchanged waiting step is not requested again', () => {
    const before = waitingOnPolice();
    const v2 = definition({ version: 2, steps: [review, police, meeting, agreement] });
    const result = ok(migrate(v2, before));
    expect(result.instance.steps.slice(0, 2)).toEqual(before.steps.slice(0, 2));
    expect(result.instance.currentStepId).toBe('police');
    expect(requested(result)).toEqual([]);
    expect(result.changes).toMatchObject({ kept: ['review', 'police', 'meeting'], currentStepBefore: 'police', currentStepAfter: 'police', requested: [] });
  });

  it('lets an answer to the kept waiting step count after the migration', () => {
    const v2 = definition({ version: 2, steps: [review, police, meeting, agreement] });
    const migrated = ok(migrate(v2)).instance;
    const answered = applyAnswer(v2, migrated, { stepId: 'police', stepType: 'police-approval', attempt: 1, outcome: 'approved', reason: null, actor: officer }, t1);
    expect(answered.ok && answered.instance.currentStepId).toBe('meeting');
  });

  it('makes a new step after the current position pending, to run in due course', () => {
    const v2 = definition({ version: 2, steps: [review, police, agreement, meeting] });
    const result = ok(migrate(v2));
    expect(stepsOf(result.instance)).toEqual(['review:approved', 'police:waiting', 'rules:pending', 'meeting:pending']);
    expect(result.changes.added).toEqual([{ stepId: 'rules', earlier: false, becomes: 'pending' }]);
  });

  it('runs a new step before the current position next: it is requested and the waiting step goes back to pending', () => {
    const v2 = definition({ version: 2, steps: [agreement, review, police, meeting] });
    const result = ok(migrate(v2));
    expect(stepsOf(result.instance)).toEqual(['rules:waiting', 'review:approved', 'police:pending', 'meeting:pending']);
    expect(result.instance.currentStepId).toBe('rules');
    expect(requested(result)).toMatchObject([{ stepId: 'rules', attempt: 1 }]);
    expect(result.changes.added).toEqual([{ stepId: 'rules', earlier: true, becomes: 'pending' }]);
  });

  it('requests the interrupted step again with the next attempt once the new earlier step is done', () => {
    const v2 = definition({ version: 2, steps: [agreement, review, police, meeting] });
    const migrated = ok(migrate(v2)).instance;
    const accepted = applyAnswer(v2, migrated, { stepId: 'rules', stepType: 'agreement', attempt: 1, outcome: 'approved', reason: null, actor: { kind: 'subject', id: 's-1' } }, t1);
    if (!accepted.ok) throw new Error(accepted.message);
    expect(accepted.emits).toMatchObject([{ type: 'step-requested', stepId: 'police', attempt: 2 }]);
    const stale = applyAnswer(v2, accepted.instance, { stepId: 'police', stepType: 'police-approval', attempt: 1, outcome: 'approved', reason: null, actor: officer }, t1);
    expect(stale).toMatchObject({ ok: false, refusal: 'stale-attempt' });
  });

  it('marks new earlier steps skipped when the coordinator says so, and keeps the waiting step', () => {
    const v2 = definition({ version: 2, steps: [agreement, review, police, meeting] });
    const result = ok(migrate(v2, undefined, { skipNewEarlierSteps: true }));
    expect(stepsOf(result.instance)).toEqual(['rules:skipped', 'review:approved', 'police:waiting', 'meeting:pending']);
    expect(result.instance.timeline.at(-1)).toMatchObject({ what: 'skipped', stepId: 'rules', actor: staff });
    expect(requested(result)).toEqual([]);
  });

  it('drops steps the target version does not have, recording each in the timeline', () => {
    const v2 = definition({ version: 2, steps: [review, police] });
    const result = ok(migrate(v2));
    expect(stepsOf(result.instance)).toEqual(['review:approved', 'police:waiting']);
    expect(result.instance.timeline.filter((e) => e.what === 'dropped')).toEqual([{ at: t1.toISOString(), what: 'dropped', stepId: 'meeting', reason: 'not in version 2' }]);
    expect(result.changes.dropped).toEqual(['meeting']);
  });

  it('moves on to the next step when the dropped step is the one the instance waited on', () => {
    const v2 = definition({ version: 2, steps: [review, meeting] });
    const result = ok(migrate(v2));
    expect(result.instance.currentStepId).toBe('meeting');
    expect(requested(result)).toMatchObject([{ stepId: 'meeting', attempt: 1 }]);
  });

  it('completes the instance approved when no step is left to run', () => {
    const v2 = definition({ version: 2, steps: [review] });
    const result = ok(migrate(v2));
    expect(result.instance.status).toBe('approved');
    expect(result.emits.map((e) => e.type)).toEqual(['migrated', 'completed']);
  });

  it('requests the waiting step again (next attempt) when its parameters changed', () => {
    const v1Agreement = definition({ version: 1, steps: [agreement, meeting] });
    const started = startInstance(v1Agreement, { instanceId: 'i-2', municipalityId: 'ale', subject: { kind: 'member', id: 's-2', personId: 'p-2' }, subjectFields: {}, policeAreaId: null }, t0);
    const v2 = definition({ version: 2, steps: [{ ...agreement, parameters: { agreementId: 'regler', agreementVersion: '2' } }, meeting] });
    const result = ok(migrateInstance(v1Agreement, v2, started.instance, { toVersion: 2, actor: staff, reason: 'Nya regler' }, t1));
    expect(requested(result)).toMatchObject([{ stepId: 'rules', attempt: 2, parameters: { agreementVersion: '2' } }]);
  });

  it('refuses when the instance waits on a step whose type changed, naming the step', () => {
    const v2 = definition({ version: 2, steps: [review, { id: 'police', type: 'document-check', parameters: { document: 'police-record-extract' }, text }, meeting] });
    expect(migrate(v2)).toEqual({ ok: false, refusal: 'step-type-changed', message: expect.stringMatching(/waits on step police \(police-approval\), which is a document-check step in version 2/) });
  });

  it('restarts a waiting step whose type changed when asked to, with the next attempt', () => {
    const v2 = definition({ version: 2, steps: [review, { id: 'police', type: 'document-check', parameters: { document: 'police-record-extract' }, text }, meeting] });
    const result = ok(migrate(v2, undefined, { restartChangedSteps: true }));
    expect(result.instance.steps[1]).toMatchObject({ id: 'police', type: 'document-check', status: 'waiting', attempt: 2 });
    expect(result.changes.restarted).toEqual(['police']);
  });

  it('keeps the answer of an answered step whose type changed, unless asked to restart it', () => {
    const v2 = definition({ version: 2, steps: [{ ...review, type: 'document-check', parameters: { document: 'id-document' } }, police, meeting] });
    const kept = ok(migrate(v2));
    expect(kept.instance.steps[0]).toMatchObject({ id: 'review', type: 'coordinator-review', status: 'approved' });
    expect(kept.changes.changedTypeKept).toEqual(['review']);
    const restarted = ok(migrate(v2, undefined, { restartChangedSteps: true }));
    expect(restarted.instance.currentStepId).toBe('review');
    expect(requested(restarted)).toMatchObject([{ stepId: 'review', stepType: 'document-check', attempt: 2 }]);
  });

  it('removes subject fields the target version no longer declares', () => {
    const v2 = definition({ version: 2, subjectFields: { name: { type: 'string' } }, steps: [review, police, meeting] });
    expect(ok(migrate(v2)).instance.subjectFields).toEqual({ name: 'Anna' });
  });

  it('refuses a finished instance', () => {
    const finished = withdraw(waitingOnPolice(), 'Flyttar', staff, t0);
    if (!finished.ok) throw new Error(finished.message);
    const v2 = definition({ version: 2, steps: [review, police] });
    expect(migrate(v2, finished.instance)).toMatchObject({ ok: false, refusal: 'instance-finished' });
  });

  it('refuses a target version that is not published', () => {
    expect(migrate(undefined)).toEqual({ ok: false, refusal: 'unknown-target-version', message: 'version 9 of ale/member is not published' });
  });

  it('refuses the version the instance already runs on', () => {
    expect(migrate(v1)).toMatchObject({ ok: false, refusal: 'same-version', message: 'instance i-1 already runs on version 1' });
  });
});
