import fc from 'fast-check';
import { type ProcessDefinition, validateDefinition } from './definition';
import { applyAnswer, type Actor, eraseSubjectFields, type Emitted, type Instance, nextDueAt, provideInfo, startInstance, type StepAnswer, tick, withdraw } from './engine';

function definition(raw: unknown, kind = 'contact-person'): ProcessDefinition {
  const result = validateDefinition(raw, 'test.yaml', kind);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.definition;
}

const lillaEdet = definition({
  version: 3,
  kind: 'contact-person',
  subjectFields: { name: { type: 'string' }, street: { type: 'string' }, newGroup: { type: 'boolean' } },
  plugins: { 'bra-review': { sender: 'bra-review' } },
  steps: [
    { id: 'coordinator-check', type: 'coordinator-review', text: { sv: { title: 'a' } } },
    { id: 'bra', type: 'bra-review', needs: ['street'], parameters: { panel: 'small' }, text: { sv: { title: 'b' } } },
    { id: 'police', type: 'police-approval', needs: ['name'], timeout: '10d', reminders: ['2d', '5d'], text: { sv: { title: 'c' } } },
    { id: 'start-meeting', type: 'meeting-attendance', when: { field: 'newGroup', equals: true }, parameters: { meeting: 'start' }, text: { sv: { title: 'd' } } },
  ],
});

const t0 = new Date('2026-11-26T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const DAY = 86_400_000;
const staff: Actor = { kind: 'staff', id: 'coordinator-1' };
const police: Actor = { kind: 'police', id: 'officer-7' };
const braPlugin: Actor = { kind: 'plugin', id: 'bra-review' };

function start(fields: Record<string, string | number | boolean> = { name: 'Anna', street: 'Storgatan', newGroup: true, secret: 'x' }) {
  return startInstance(
    lillaEdet,
    { instanceId: 'i-1', municipalityId: 'lilla-edet', subject: { kind: 'contact-person', id: 's-1', personId: 'p-1' }, subjectFields: fields, policeAreaId: 'lpo-trollhattan' },
    t0,
  );
}

function answer(instance: Instance, stepId: string, outcome: StepAnswer['outcome'], actor: Actor, at = t0, attempt?: number) {
  const state = instance.steps.find((s) => s.id === stepId)!;
  return applyAnswer(lillaEdet, instance, { stepId, stepType: state.type, attempt: attempt ?? Math.max(state.attempt, 1), outcome, reason: outcome === 'approved' ? null : 'because', actor }, at);
}

function ok(decision: ReturnType<typeof applyAnswer>): { instance: Instance; emits: Emitted[] } {
  if (!decision.ok) throw new Error(`refused: ${decision.message}`);
  return decision;
}

describe('the onboarding engine', () => {
  it('starts on the definition version and requests the first step', () => {
    const { instance, emits } = start();
    expect(instance).toMatchObject({ status: 'running', processVersion: 3, currentStepId: 'coordinator-check' });
    expect(emits.map((e) => e.type)).toEqual(['started', 'step-requested']);
    expect(emits[1]).toMatchObject({ stepId: 'coordinator-check', stepType: 'coordinator-review', attempt: 1, subjectFields: {} });
  });

  it('keeps only declared subject fields, and hands each step only the fields it needs', () => {
    const first = start();
    expect(first.instance.subjectFields).toEqual({ name: 'Anna', street: 'Storgatan', newGroup: true });
    const second = ok(answer(first.instance, 'coordinator-check', 'approved', staff));
    expect(second.emits).toEqual([expect.objectContaining({ type: 'step-requested', stepId: 'bra', subjectFields: { street: 'Storgatan' }, parameters: { panel: 'small' }, dueAt: null })]);
    const third = ok(answer(second.instance, 'bra', 'approved', braPlugin));
    expect(third.emits).toEqual([expect.objectContaining({ stepId: 'police', subjectFields: { name: 'Anna' }, dueAt: later(10 * DAY).toISOString() })]);
  });

  it('completes as approved after the last step, with the whole timeline', () => {
    let state = start().instance;
    state = ok(answer(state, 'coordinator-check', 'approved', staff)).instance;
    state = ok(answer(state, 'bra', 'approved', braPlugin)).instance;
    state = ok(answer(state, 'police', 'approved', police)).instance;
    const last = ok(answer(state, 'start-meeting', 'approved', staff, later(DAY)));
    expect(last.instance).toMatchObject({ status: 'approved', currentStepId: null, completedAt: later(DAY).toISOString() });
    expect(last.emits).toEqual([{ type: 'completed', outcome: 'approved', decidingStepId: null, reason: null }]);
    expect(last.instance.timeline.map((e) => `${e.what}:${e.stepId ?? ''}`)).toEqual([
      'started:', 'requested:coordinator-check', 'answered:coordinator-check', 'requested:bra', 'answered:bra',
      'requested:police', 'answered:police', 'requested:start-meeting', 'answered:start-meeting', 'completed:',
    ]);
  });

  it('skips a step whose condition does not hold', () => {
    let state = start({ name: 'Anna', street: 'S', newGroup: false }).instance;
    state = ok(answer(state, 'coordinator-check', 'approved', staff)).instance;
    state = ok(answer(state, 'bra', 'approved', braPlugin)).instance;
    const done = ok(answer(state, 'police', 'approved', police));
    expect(done.instance.status).toBe('approved');
    expect(done.instance.steps.find((s) => s.id === 'start-meeting')!.status).toBe('skipped');
    expect(done.emits.map((e) => e.type)).toEqual(['completed']);
  });

  it('ends as rejected at the first rejection, naming the deciding step and its reason', () => {
    const state = start().instance;
    const done = ok(answer(state, 'coordinator-check', 'rejected', staff));
    expect(done.instance.status).toBe('rejected');
    expect(done.emits).toEqual([{ type: 'completed', outcome: 'rejected', decidingStepId: 'coordinator-check', reason: 'because' }]);
  });

  it('asks the same step again with attempt 2 after needs-info is answered', () => {
    const state = start().instance;
    const asked = ok(answer(state, 'coordinator-check', 'needs-info', staff));
    expect(asked.emits).toEqual([]);
    expect(asked.instance.steps[0]).toMatchObject({ status: 'needs-info', attempt: 1 });
    expect(answer(asked.instance, 'coordinator-check', 'approved', staff)).toMatchObject({ ok: false, refusal: 'step-not-waiting' });

    const again = provideInfo(lillaEdet, asked.instance, 'coordinator-check', { kind: 'subject', id: 'p-1' }, later(DAY));
    if (!again.ok) throw new Error(again.message);
    expect(again.emits).toEqual([expect.objectContaining({ type: 'step-requested', stepId: 'coordinator-check', attempt: 2 })]);
    expect(answer(again.instance, 'coordinator-check', 'approved', staff, later(DAY), 1)).toMatchObject({ ok: false, refusal: 'stale-attempt' });
    const approved = ok(answer(again.instance, 'coordinator-check', 'approved', staff, later(2 * DAY), 2));
    expect(approved.instance.steps[0]).toMatchObject({ status: 'approved', attempt: 2, firstRequestedAt: t0.toISOString() });
  });

  it.each([
    ['an unknown step', (i: Instance) => applyAnswer(lillaEdet, i, { stepId: 'nope', stepType: 'x', attempt: 1, outcome: 'approved', reason: null, actor: staff }, t0), 'unknown-step'],
    ['a step that is not waiting yet (out of order)', (i: Instance) => answer(i, 'police', 'approved', police, t0, 1), 'step-not-waiting'],
    ['the wrong step type', (i: Instance) => applyAnswer(lillaEdet, i, { stepId: 'coordinator-check', stepType: 'police-approval', attempt: 1, outcome: 'approved', reason: null, actor: staff }, t0), 'wrong-step-type'],
    ['a sender not registered for the step type', (i: Instance) => answer(i, 'coordinator-check', 'approved', police), 'sender-not-registered'],
    ['a plug-in answering with another id', (i: Instance) => answer(ok(answer(i, 'coordinator-check', 'approved', staff)).instance, 'bra', 'approved', { kind: 'plugin', id: 'someone-else' }), 'sender-not-registered'],
  ])('refuses %s and changes nothing', (_what, act, refusal) => {
    const { instance } = start();
    const before = structuredClone(instance);
    expect(act(instance)).toMatchObject({ ok: false, refusal });
    expect(instance).toEqual(before);
  });

  it('refuses a second answer to the same step (a duplicate) and any answer once finished', () => {
    const first = ok(answer(start().instance, 'coordinator-check', 'approved', staff));
    expect(answer(first.instance, 'coordinator-check', 'approved', staff)).toMatchObject({ ok: false, refusal: 'step-not-waiting' });
    const rejected = ok(answer(first.instance, 'bra', 'rejected', braPlugin));
    expect(answer(rejected.instance, 'police', 'approved', police)).toMatchObject({ ok: false, refusal: 'instance-finished' });
  });

  it('emits stalled once per reminder time, and withdraws the instance at the timeout', () => {
    let state = start().instance;
    state = ok(answer(state, 'coordinator-check', 'approved', staff)).instance;
    state = ok(answer(state, 'bra', 'approved', braPlugin)).instance;
    expect(nextDueAt(lillaEdet, state)).toEqual(later(2 * DAY));
    expect(tick(lillaEdet, state, later(DAY)).emits).toEqual([]);
    const first = tick(lillaEdet, state, later(2 * DAY + 1));
    expect(first.emits).toEqual([{ type: 'stalled', stepId: 'police', stepType: 'police-approval', attempt: 1, reminder: 1, waitingSince: t0.toISOString() }]);
    expect(tick(lillaEdet, first.instance, later(3 * DAY)).emits).toEqual([]);
    expect(nextDueAt(lillaEdet, first.instance)).toEqual(later(5 * DAY));
    const second = tick(lillaEdet, first.instance, later(6 * DAY));
    expect(second.emits).toEqual([expect.objectContaining({ type: 'stalled', reminder: 2 })]);
    const timedOut = tick(lillaEdet, second.instance, later(10 * DAY));
    expect(timedOut.instance.status).toBe('withdrawn');
    expect(timedOut.emits).toEqual([{ type: 'completed', outcome: 'withdrawn', decidingStepId: 'police', reason: 'step police timed out after 10d' }]);
    expect(nextDueAt(lillaEdet, timedOut.instance)).toBeNull();
  });

  it('emits every reminder that fell due while nobody checked, each once', () => {
    let state = start().instance;
    state = ok(answer(state, 'coordinator-check', 'approved', staff)).instance;
    state = ok(answer(state, 'bra', 'approved', braPlugin)).instance;
    const both = tick(lillaEdet, state, later(9 * DAY));
    expect(both.emits.map((e) => (e.type === 'stalled' ? e.reminder : 0))).toEqual([1, 2]);
  });

  it('ends as withdrawn where it stood when the subject withdraws, and only once', () => {
    const state = ok(answer(start().instance, 'coordinator-check', 'approved', staff)).instance;
    const out = withdraw(state, 'Flyttar', { kind: 'subject', id: 'p-1' }, later(DAY));
    if (!out.ok) throw new Error(out.message);
    expect(out.emits).toEqual([{ type: 'completed', outcome: 'withdrawn', decidingStepId: 'bra', reason: 'Flyttar' }]);
    expect(out.instance.steps[1]!.status).toBe('waiting');
    expect(withdraw(out.instance, 'again', staff, later(DAY))).toMatchObject({ ok: false, refusal: 'instance-finished' });
    expect(answer(out.instance, 'bra', 'approved', braPlugin)).toMatchObject({ ok: false, refusal: 'instance-finished' });
    expect(eraseSubjectFields(out.instance).subjectFields).toEqual({});
  });

  describe('under any sequence of answers, timers and info (property)', () => {
    const actors: Actor[] = [staff, police, braPlugin, { kind: 'plugin', id: 'x' }, { kind: 'subject', id: 'p-1' }];
    const stepIds = ['coordinator-check', 'bra', 'police', 'start-meeting', 'ghost'];
    const input = fc.oneof(
      fc.record({ kind: fc.constant('answer' as const), stepId: fc.constantFrom(...stepIds), outcome: fc.constantFrom('approved' as const, 'rejected' as const, 'needs-info' as const), actor: fc.constantFrom(...actors), attempt: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('info' as const), stepId: fc.constantFrom(...stepIds) }),
      fc.record({ kind: fc.constant('tick' as const), days: fc.integer({ min: 0, max: 12 }) }),
    );

    it('keeps at most one step waiting, emits completed at most once, and never changes state on a refusal', () => {
      fc.assert(
        fc.property(fc.boolean(), fc.array(input, { maxLength: 30 }), (newGroup, inputs) => {
          const started = start({ name: 'A', street: 'S', newGroup });
          let instance = started.instance;
          const all = [...started.emits];
          let clock = t0.getTime();
          for (const i of inputs) {
            clock += DAY / 4;
            const now = new Date(clock);
            const before = structuredClone(instance);
            if (i.kind === 'tick') {
              const r = tick(lillaEdet, instance, new Date(clock + i.days * DAY));
              ({ instance } = r);
              all.push(...r.emits);
              continue;
            }
            const state = instance.steps.find((s) => s.id === i.stepId);
            const r =
              i.kind === 'answer'
                ? applyAnswer(lillaEdet, instance, { stepId: i.stepId, stepType: state?.type ?? 'x', attempt: i.attempt, outcome: i.outcome, reason: 'r', actor: i.actor }, now)
                : provideInfo(lillaEdet, instance, i.stepId, { kind: 'subject', id: 'p-1' }, now);
            if (r.ok) {
              instance = r.instance;
              all.push(...r.emits);
            } else expect(instance).toEqual(before);
          }
          const waiting = instance.steps.filter((s) => s.status === 'waiting' || s.status === 'needs-info');
          expect(waiting.length).toBeLessThanOrEqual(1);
          if (instance.status !== 'running') expect(waiting).toHaveLength(0);
          if (waiting[0]) expect(instance.currentStepId).toBe(waiting[0].id);
          const completed = all.filter((e) => e.type === 'completed');
          expect(completed).toHaveLength(instance.status === 'running' ? 0 : 1);
          const requests = all.filter((e) => e.type === 'step-requested');
          expect(requests).toHaveLength(instance.timeline.filter((e) => e.what === 'requested').length);
          // Reminders: at most one per (step, attempt, reminder number).
          const reminders = all.filter((e) => e.type === 'stalled').map((e) => (e.type === 'stalled' ? `${e.stepId}/${e.attempt}/${e.reminder}` : ''));
          expect(new Set(reminders).size).toBe(reminders.length);
        }),
        { numRuns: 300 },
      );
    });
  });
});
