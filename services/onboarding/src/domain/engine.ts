import { allowedActor, AUTOMATIC_STEP_TYPES, type Condition, type ProcessDefinition, type StepDefinition, type SubjectKind } from './definition';
import { durationMs } from './duration';

/**
 * The onboarding engine: given an instance and what happened (start, a step's answer, the subject's answer to
 * a needs-info, the clock), it returns the new instance and the events to emit — or why the input is refused.
 * Pure: no clock, no ids, no I/O; the application layer persists the result with its events in one write.
 *
 * Life of a step: pending → waiting (requested, attempt 1) → approved | rejected | needs-info.
 * needs-info waits for the subject (or staff for them) to provide what was asked; then the same step is requested
 * again with attempt + 1. approved moves on to the next step whose `when` holds (others are skipped);
 * rejected ends the instance as rejected; a step past its timeout ends it as withdrawn.
 */

export type FieldValue = string | number | boolean;
export type SubjectFields = Record<string, FieldValue>;
export type StepStatus = 'pending' | 'waiting' | 'needs-info' | 'approved' | 'rejected' | 'skipped' | 'timed-out';
export type InstanceStatus = 'running' | 'approved' | 'rejected' | 'withdrawn';
export type StepOutcome = 'approved' | 'rejected' | 'needs-info';

export interface Actor {
  kind: 'staff' | 'police' | 'system' | 'plugin' | 'subject';
  id: string;
}

export interface Evidence {
  agreementVersion?: string;
  acceptedAt?: string;
  documentKind?: string;
  seenBy?: string;
  seenAt?: string;
  meetingDate?: string;
}

export interface StepState {
  id: string;
  type: string;
  status: StepStatus;
  attempt: number;
  /** When the step was first requested (lead time of the step starts here). */
  firstRequestedAt: string | null;
  /** When the current wait began: the latest request, or the needs-info answer. */
  waitingSince: string | null;
  answeredAt: string | null;
  remindersSent: number;
  outcome: StepOutcome | null;
  reason: string | null;
  actor: Actor | null;
  evidence: Evidence | null;
}

export interface TimelineEntry {
  at: string;
  what: 'started' | 'requested' | 'answered' | 'skipped' | 'reminded' | 'info-provided' | 'timed-out' | 'withdrawn' | 'completed' | 'migrated' | 'dropped';
  stepId: string | null;
  /** migrated: the versions the instance moved between. */
  fromVersion?: number;
  toVersion?: number;
  attempt?: number;
  outcome?: string;
  actor?: Actor;
  reason?: string | null;
  evidence?: Evidence | null;
}

export interface Subject {
  kind: SubjectKind;
  id: string;
  personId: string;
}

export interface Instance {
  id: string;
  municipalityId: string;
  kind: SubjectKind;
  processVersion: number;
  subject: Subject;
  subjectFields: SubjectFields;
  /**
   * The subject has protected identity (skyddad identitet; from the starting event): step requests carry it, and
   * staff without the `protected-identity` permission see the subject fields as "Skyddad person". Absent in
   * instances stored before it existed: not protected.
   */
  protectedIdentity?: boolean;
  policeAreaId: string | null;
  status: InstanceStatus;
  currentStepId: string | null;
  steps: StepState[];
  timeline: TimelineEntry[];
  startedAt: string;
  completedAt: string | null;
}

/** What the engine asks the application to publish (it adds ids and envelopes). */
export type Emitted =
  | { type: 'started'; steps: string[] }
  | {
      type: 'step-requested';
      stepId: string;
      stepType: string;
      attempt: number;
      subjectFields: SubjectFields;
      parameters: Record<string, unknown>;
      dueAt: string | null;
    }
  | { type: 'stalled'; stepId: string; stepType: string; attempt: number; reminder: number; waitingSince: string }
  | { type: 'completed'; outcome: 'approved' | 'rejected' | 'withdrawn'; decidingStepId: string | null; reason: string | null }
  | {
      type: 'migrated';
      fromVersion: number;
      toVersion: number;
      actor: Actor;
      reason: string;
      droppedSteps: string[];
      addedSteps: string[];
      restartedSteps: string[];
      currentStepId: string | null;
    };

export interface StepAnswer {
  stepId: string;
  stepType: string;
  attempt: number;
  outcome: StepOutcome;
  reason: string | null;
  actor: Actor;
  evidence?: Evidence | null;
}

export type Refusal =
  | 'instance-finished'
  | 'unknown-step'
  | 'step-not-waiting'
  | 'stale-attempt'
  | 'wrong-step-type'
  | 'sender-not-registered'
  | 'unknown-target-version'
  | 'same-version'
  | 'step-type-changed';

export type Decision = { ok: true; instance: Instance; emits: Emitted[] } | { ok: false; refusal: Refusal; message: string };

export interface StartInput {
  instanceId: string;
  municipalityId: string;
  subject: Subject;
  subjectFields: SubjectFields;
  /** Absent: not protected. */
  protectedIdentity?: boolean;
  policeAreaId: string | null;
}

export function startInstance(definition: ProcessDefinition, input: StartInput, now: Date): { instance: Instance; emits: Emitted[] } {
  const at = now.toISOString();
  const instance: Instance = {
    id: input.instanceId,
    municipalityId: input.municipalityId,
    kind: definition.kind,
    processVersion: definition.version,
    subject: input.subject,
    // Keep only the declared fields: nothing undeclared is stored or passed on.
    subjectFields: pick(input.subjectFields, Object.keys(definition.subjectFields)),
    protectedIdentity: input.protectedIdentity ?? false,
    policeAreaId: input.policeAreaId,
    status: 'running',
    currentStepId: null,
    steps: definition.steps.map((s) => ({
      id: s.id,
      type: s.type,
      status: 'pending',
      attempt: 0,
      firstRequestedAt: null,
      waitingSince: null,
      answeredAt: null,
      remindersSent: 0,
      outcome: null,
      reason: null,
      actor: null,
      evidence: null,
    })),
    timeline: [{ at, what: 'started', stepId: null }],
    startedAt: at,
    completedAt: null,
  };
  const emits: Emitted[] = [{ type: 'started', steps: definition.steps.map((s) => s.id) }];
  return advance(definition, instance, emits, now);
}

/** A step's answer (from a built-in handler, the police or a plug-in). */
export function applyAnswer(definition: ProcessDefinition, instance: Instance, answer: StepAnswer, now: Date): Decision {
  if (instance.status !== 'running') return refuse('instance-finished', `instance ${instance.id} is ${instance.status}`);
  const index = instance.steps.findIndex((s) => s.id === answer.stepId);
  const state = instance.steps[index];
  const stepDef = definition.steps.find((s) => s.id === answer.stepId);
  if (!state || !stepDef) return refuse('unknown-step', `instance ${instance.id} has no step ${answer.stepId}`);
  if (answer.stepType !== state.type) return refuse('wrong-step-type', `step ${state.id} is of type ${state.type}, not ${answer.stepType}`);
  if (!allowedActor(definition, stepDef, answer.actor)) {
    return refuse('sender-not-registered', `${answer.actor.kind} "${answer.actor.id}" may not answer ${state.type} steps`);
  }
  if (state.status !== 'waiting') return refuse('step-not-waiting', `step ${state.id} is ${state.status}, not waiting`);
  if (answer.attempt !== state.attempt) return refuse('stale-attempt', `step ${state.id} waits for attempt ${state.attempt}, not ${answer.attempt}`);

  const at = now.toISOString();
  const status: StepStatus = answer.outcome;
  const next = withStep(instance, index, {
    ...state,
    status,
    outcome: answer.outcome,
    reason: answer.reason,
    actor: answer.actor,
    evidence: answer.evidence ?? null,
    answeredAt: at,
    waitingSince: answer.outcome === 'needs-info' ? at : null,
  });
  next.timeline = [
    ...instance.timeline,
    { at, what: 'answered', stepId: state.id, attempt: state.attempt, outcome: answer.outcome, actor: answer.actor, reason: answer.reason, evidence: answer.evidence ?? null },
  ];
  if (answer.outcome === 'needs-info') return { ok: true, instance: next, emits: [] };
  if (answer.outcome === 'rejected') {
    return { ok: true, ...finish(next, 'rejected', state.id, answer.reason, now) };
  }
  const advanced = advance(definition, next, [], now);
  return { ok: true, ...advanced };
}

/** The subject (or staff on their behalf) provided what a needs-info answer asked for: request the step again. */
export function provideInfo(definition: ProcessDefinition, instance: Instance, stepId: string, actor: Actor, now: Date): Decision {
  if (instance.status !== 'running') return refuse('instance-finished', `instance ${instance.id} is ${instance.status}`);
  const index = instance.steps.findIndex((s) => s.id === stepId);
  const state = instance.steps[index];
  const stepDef = definition.steps.find((s) => s.id === stepId);
  if (!state || !stepDef) return refuse('unknown-step', `instance ${instance.id} has no step ${stepId}`);
  if (state.status !== 'needs-info') return refuse('step-not-waiting', `step ${stepId} is ${state.status}, not needs-info`);
  const at = now.toISOString();
  const next = withStep(instance, index, { ...state, status: 'pending' });
  next.timeline = [...instance.timeline, { at, what: 'info-provided', stepId, attempt: state.attempt, actor }];
  return { ok: true, ...request(definition, next, index, stepDef, [], now) };
}

/**
 * The subject withdrew (or was erased, or staff closed the case): the instance ends as withdrawn. The step that
 * was waiting is left as it was, so the timeline shows where the process stopped.
 */
export function withdraw(instance: Instance, reason: string, actor: Actor, now: Date): Decision {
  if (instance.status !== 'running') return refuse('instance-finished', `instance ${instance.id} is ${instance.status}`);
  const at = now.toISOString();
  const withEntry = { ...instance, timeline: [...instance.timeline, { at, what: 'withdrawn' as const, stepId: instance.currentStepId, actor, reason }] };
  return { ok: true, ...finish(withEntry, 'withdrawn', instance.currentStepId, reason, now) };
}

/** Forget what the subject told us (erasure): the fields go; ids, steps and staff decisions stay as the record. */
export function eraseSubjectFields(instance: Instance): Instance {
  return { ...instance, subjectFields: {} };
}

/** The clock: reminders that fell due (each emitted once) and timeouts. */
export function tick(definition: ProcessDefinition, instance: Instance, now: Date): { instance: Instance; emits: Emitted[] } {
  if (instance.status !== 'running' || !instance.currentStepId) return { instance, emits: [] };
  const index = instance.steps.findIndex((s) => s.id === instance.currentStepId);
  const state = instance.steps[index];
  const stepDef = definition.steps.find((s) => s.id === instance.currentStepId);
  if (!state || !stepDef || !state.waitingSince || (state.status !== 'waiting' && state.status !== 'needs-info')) return { instance, emits: [] };
  const since = Date.parse(state.waitingSince);
  const at = now.toISOString();
  if (stepDef.timeout && now.getTime() >= since + durationMs(stepDef.timeout)) {
    const reason = `step ${state.id} timed out after ${stepDef.timeout}`;
    const timedOut = withStep(instance, index, { ...state, status: 'timed-out', answeredAt: at, waitingSince: null, reason });
    timedOut.timeline = [...instance.timeline, { at, what: 'timed-out', stepId: state.id, attempt: state.attempt, reason }];
    return finish(timedOut, 'withdrawn', state.id, reason, now);
  }
  const emits: Emitted[] = [];
  let sent = state.remindersSent;
  const timeline = [...instance.timeline];
  for (let due = stepDef.reminders[sent]; due !== undefined && now.getTime() >= since + durationMs(due); due = stepDef.reminders[sent]) {
    sent++;
    emits.push({ type: 'stalled', stepId: state.id, stepType: state.type, attempt: state.attempt, reminder: sent, waitingSince: state.waitingSince });
    timeline.push({ at, what: 'reminded', stepId: state.id, attempt: state.attempt });
  }
  if (emits.length === 0) return { instance, emits };
  const next = withStep(instance, index, { ...state, remindersSent: sent });
  next.timeline = timeline;
  return { instance: next, emits };
}

/** When the next reminder or timeout of the current step falls due (for the periodic check). */
export function nextDueAt(definition: ProcessDefinition, instance: Instance): Date | null {
  const state = instance.steps.find((s) => s.id === instance.currentStepId);
  const stepDef = definition.steps.find((s) => s.id === instance.currentStepId);
  if (instance.status !== 'running' || !state?.waitingSince || !stepDef) return null;
  const since = Date.parse(state.waitingSince);
  const candidates: number[] = [];
  const reminder = stepDef.reminders[state.remindersSent];
  if (reminder) candidates.push(since + durationMs(reminder));
  if (stepDef.timeout) candidates.push(since + durationMs(stepDef.timeout));
  return candidates.length ? new Date(Math.min(...candidates)) : null;
}

export function conditionHolds(condition: Condition, fields: SubjectFields): boolean {
  const value = fields[condition.field];
  if (condition.equals !== undefined) return value === condition.equals;
  if (condition.notEquals !== undefined) return value !== condition.notEquals;
  if (condition.in !== undefined) return value !== undefined && condition.in.includes(value);
  if (condition.atLeast !== undefined) return typeof value === 'number' && value >= condition.atLeast;
  if (condition.atMost !== undefined) return typeof value === 'number' && value <= condition.atMost;
  return false;
}

/** True when onboarding answers this step itself (no person involved). */
export function isAutomatic(stepDef: StepDefinition): boolean {
  return !stepDef.handledBy && AUTOMATIC_STEP_TYPES.includes(stepDef.type);
}

/** Requests the first pending step (skipping those whose `when` does not hold), or finishes approved. Steps align with the definition's by index. */
export function advance(definition: ProcessDefinition, instance: Instance, emits: Emitted[], now: Date): { instance: Instance; emits: Emitted[] } {
  const at = now.toISOString();
  let current = instance;
  for (const [i, stepDef] of definition.steps.entries()) {
    const state = current.steps[i];
    if (!state || state.status !== 'pending') continue;
    if (stepDef.when && !conditionHolds(stepDef.when, current.subjectFields)) {
      current = withStep(current, i, { ...state, status: 'skipped' });
      current.timeline = [...current.timeline, { at, what: 'skipped', stepId: state.id }];
      continue;
    }
    return request(definition, current, i, stepDef, emits, now);
  }
  return finish(current, 'approved', null, null, now, emits);
}

function request(
  _definition: ProcessDefinition,
  instance: Instance,
  index: number,
  stepDef: StepDefinition,
  emits: Emitted[],
  now: Date,
): { instance: Instance; emits: Emitted[] } {
  const at = now.toISOString();
  const state = instance.steps[index];
  if (!state) throw new Error(`no step at ${index}`);
  const attempt = state.attempt + 1;
  const next = withStep(instance, index, {
    ...state,
    status: 'waiting',
    attempt,
    firstRequestedAt: state.firstRequestedAt ?? at,
    waitingSince: at,
    answeredAt: null,
    remindersSent: 0,
    outcome: null,
  });
  next.currentStepId = state.id;
  next.timeline = [...instance.timeline, { at, what: 'requested', stepId: state.id, attempt }];
  const dueAt = stepDef.timeout ? new Date(now.getTime() + durationMs(stepDef.timeout)).toISOString() : null;
  return {
    instance: next,
    emits: [
      ...emits,
      {
        type: 'step-requested',
        stepId: state.id,
        stepType: state.type,
        attempt,
        // Data minimisation: only the fields this step declares it needs.
        subjectFields: pick(instance.subjectFields, stepDef.needs),
        parameters: stepDef.parameters,
        dueAt,
      },
    ],
  };
}

export function finish(
  instance: Instance,
  outcome: 'approved' | 'rejected' | 'withdrawn',
  decidingStepId: string | null,
  reason: string | null,
  now: Date,
  emits: Emitted[] = [],
): { instance: Instance; emits: Emitted[] } {
  const at = now.toISOString();
  return {
    instance: {
      ...instance,
      status: outcome,
      currentStepId: null,
      completedAt: at,
      timeline: [...instance.timeline, { at, what: 'completed', stepId: decidingStepId, outcome, reason }],
    },
    emits: [...emits, { type: 'completed', outcome, decidingStepId, reason }],
  };
}

export function withStep(instance: Instance, index: number, state: StepState): Instance {
  const steps = instance.steps.slice();
  steps[index] = state;
  return { ...instance, steps };
}

function refuse(refusal: Refusal, message: string): Decision {
  return { ok: false, refusal, message };
}

export function pick(fields: SubjectFields, names: readonly string[]): SubjectFields {
  const out: SubjectFields = {};
  for (const name of names) {
    const value = fields[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
