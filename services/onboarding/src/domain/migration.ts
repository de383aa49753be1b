import type { ProcessDefinition, StepDefinition } from './definition';
import { type Actor, advance, type Emitted, type Instance, pick, type Refusal, type StepState, type TimelineEntry } from './engine';

/**
 * Migration: moving a running instance from the version it started on to another published version of the same
 * municipality and kind. Instances normally finish on their own version; a migration is an explicit staff decision
 * with an actor and a reason, recorded in the timeline (and, by the application, in the audit log). Pure.
 *
 * Rules (steps are matched by id):
 * - A step in both versions with the same type keeps its state (answer, attempt, evidence).
 * - A step whose type changed keeps its answer if it was already answered; with `restartChangedSteps` it is run
 *   again (pending). If the instance is *waiting* on a step whose type changed, the migration is refused unless
 *   `restartChangedSteps` is set.
 * - A step that is not in the target version is dropped: it leaves the instance, its history stays in the timeline
 *   with a `dropped` entry. If the instance was waiting on it, the process moves on to the next step.
 * - A new step is *earlier* when a step after it in the target version was already reached (answered, skipped or
 *   waiting). Earlier new steps become pending and run next, before the instance continues — or, with
 *   `skipNewEarlierSteps`, are marked skipped (the coordinator decided they do not apply to instances already past
 *   them). New steps after the current position are pending and run in due course.
 * - The step the instance waits on keeps waiting (the same request, the same attempt; an answer on its way still
 *   counts) when it is still the first open step and its definition (type, parameters, needs, handledBy) is
 *   unchanged. Otherwise the first open step is requested through the normal step-requested event, with the next
 *   attempt number, so an answer to the old request is refused as stale.
 * - Subject fields the target version does not declare are removed (data minimisation).
 * Refused: a finished instance, an unknown target version, the version the instance is already on.
 */

export interface MigrationRequest {
  toVersion: number;
  actor: Actor;
  reason: string;
  /** Run again the steps whose type changed (required when the instance waits on such a step). */
  restartChangedSteps?: boolean;
  /** Mark new steps earlier than the current position as skipped instead of running them next. */
  skipNewEarlierSteps?: boolean;
}

/** What a migration changes (the dry run returns this without writing anything). */
export interface MigrationChanges {
  fromVersion: number;
  toVersion: number;
  /** Steps in both versions whose state is carried over as it is. */
  kept: string[];
  /** Steps new in the target version, with what happens to them now. */
  added: Array<{ stepId: string; earlier: boolean; becomes: 'pending' | 'skipped' }>;
  /** Steps of the instance's version that are not in the target version. */
  dropped: string[];
  /** Steps whose type changed and that run again. */
  restarted: string[];
  /** Steps whose type changed and keep their earlier answer. */
  changedTypeKept: string[];
  currentStepBefore: string | null;
  currentStepAfter: string | null;
  /** Steps requested by the migration (step-requested events). */
  requested: string[];
  statusAfter: Instance['status'];
}

export type MigrationDecision =
  | { ok: true; instance: Instance; emits: Emitted[]; changes: MigrationChanges }
  | { ok: false; refusal: Refusal; message: string };

const OPEN: ReadonlyArray<StepState['status']> = ['waiting', 'needs-info'];

export function migrateInstance(
  from: ProcessDefinition,
  target: ProcessDefinition | undefined,
  instance: Instance,
  request: MigrationRequest,
  now: Date,
): MigrationDecision {
  if (instance.status !== 'running') return refuse('instance-finished', `instance ${instance.id} is ${instance.status}`);
  if (request.toVersion === instance.processVersion) {
    return refuse('same-version', `instance ${instance.id} already runs on version ${instance.processVersion}`);
  }
  if (!target || target.version !== request.toVersion || target.kind !== instance.kind) {
    return refuse('unknown-target-version', `version ${request.toVersion} of ${instance.municipalityId}/${instance.kind} is not published`);
  }
  const restart = request.restartChangedSteps === true;
  const oldById = new Map(instance.steps.map((s) => [s.id, s]));
  const targetIds = new Set(target.steps.map((s) => s.id));
  const current = instance.steps.find((s) => s.id === instance.currentStepId && OPEN.includes(s.status));
  const currentTarget = current ? target.steps.find((s) => s.id === current.id) : undefined;
  if (current && currentTarget && currentTarget.type !== current.type && !restart) {
    return refuse(
      'step-type-changed',
      `the instance waits on step ${current.id} (${current.type}), which is a ${currentTarget.type} step in version ${target.version}; migrate with restartChangedSteps to run it again`,
    );
  }

  const at = now.toISOString();
  const changes: MigrationChanges = {
    fromVersion: instance.processVersion,
    toVersion: target.version,
    kept: [],
    added: [],
    dropped: instance.steps.filter((s) => !targetIds.has(s.id)).map((s) => s.id),
    restarted: [],
    changedTypeKept: [],
    currentStepBefore: instance.currentStepId,
    currentStepAfter: null,
    requested: [],
    statusAfter: 'running',
  };
  // A new step is earlier when some step after it (in the target's order) was already reached.
  const lastReached = target.steps.reduce((last, s, i) => {
    const old = oldById.get(s.id);
    return old && old.status !== 'pending' ? i : last;
  }, -1);
  const timeline: TimelineEntry[] = [
    ...instance.timeline,
    { at, what: 'migrated', stepId: null, fromVersion: instance.processVersion, toVersion: target.version, actor: request.actor, reason: request.reason },
    ...changes.dropped.map((stepId): TimelineEntry => ({ at, what: 'dropped', stepId, reason: `not in version ${target.version}` })),
  ];

  const steps = target.steps.map((stepDef, index): StepState => {
    const old = oldById.get(stepDef.id);
    if (!old) {
      const earlier = index < lastReached;
      const skip = earlier && request.skipNewEarlierSteps === true;
      changes.added.push({ stepId: stepDef.id, earlier, becomes: skip ? 'skipped' : 'pending' });
      if (skip) timeline.push({ at, what: 'skipped', stepId: stepDef.id, actor: request.actor, reason: 'new in this version; skipped at migration' });
      return { ...fresh(stepDef), status: skip ? 'skipped' : 'pending' };
    }
    if (old.type === stepDef.type) {
      changes.kept.push(old.id);
      return old;
    }
    if (restart) {
      changes.restarted.push(old.id);
      // The attempt keeps counting, so an answer to the old request is refused as stale.
      return { ...fresh(stepDef), attempt: old.attempt };
    }
    changes.changedTypeKept.push(old.id);
    return old;
  });

  let next: Instance = {
    ...instance,
    processVersion: target.version,
    subjectFields: pick(instance.subjectFields, Object.keys(target.subjectFields)),
    steps,
    timeline,
    currentStepId: null,
  };
  const firstOpen = steps.findIndex((s) => s.status === 'pending' || OPEN.includes(s.status));
  const keptCurrent = current && firstOpen >= 0 && steps[firstOpen] === current && currentTarget !== undefined && sameRequest(from, currentTarget, current.id);
  let result: { instance: Instance; emits: Emitted[] };
  if (keptCurrent) {
    result = { instance: { ...next, currentStepId: current.id }, emits: [] };
  } else {
    // Any open step goes back to pending (attempt kept); the first pending step is requested anew.
    next = { ...next, steps: steps.map((s) => (OPEN.includes(s.status) ? { ...s, status: 'pending', waitingSince: null } : s)) };
    result = advance(target, next, [], now);
  }
  const migrated: Emitted = {
    type: 'migrated',
    fromVersion: changes.fromVersion,
    toVersion: changes.toVersion,
    actor: request.actor,
    reason: request.reason,
    droppedSteps: changes.dropped,
    addedSteps: changes.added.map((a) => a.stepId),
    restartedSteps: changes.restarted,
    currentStepId: result.instance.currentStepId,
  };
  changes.currentStepAfter = result.instance.currentStepId;
  changes.requested = result.emits.flatMap((e) => (e.type === 'step-requested' ? [e.stepId] : []));
  changes.statusAfter = result.instance.status;
  return { ok: true, instance: result.instance, emits: [migrated, ...result.emits], changes };
}

/** The same request would be sent for this step under the target version (type, parameters, needs, handler). */
function sameRequest(from: ProcessDefinition, targetStep: StepDefinition, stepId: string): boolean {
  const old = from.steps.find((s) => s.id === stepId);
  if (!old) return false;
  const shape = (s: StepDefinition) => stable({ type: s.type, parameters: s.parameters, needs: [...s.needs].sort(), handledBy: s.handledBy ?? null });
  return shape(old) === shape(targetStep);
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function fresh(stepDef: StepDefinition): StepState {
  return {
    id: stepDef.id,
    type: stepDef.type,
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
  };
}

function refuse(refusal: Refusal, message: string): MigrationDecision {
  return { ok: false, refusal, message };
}
