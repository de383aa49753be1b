import { nameBasedUuidSha256, redactSubjectFields, seesProtectedIdentity } from '@trygg/values';

export interface StepSubject {
  kind: 'member' | 'contact-person' | 'volunteer';
  id: string;
  personId: string;
}

/**
 * What every step worker reads from a step request (onboarding.step-requested.v1's payload and its municipality);
 * a worker adds what else it uses (`parameters`, `policeAreaId`).
 */
export interface StepRequestBase {
  municipalityId: string;
  instanceId: string;
  stepId: string;
  stepType: string;
  attempt: number;
  subject: StepSubject;
  /** Only the subject fields the municipality's process declared this step needs (e.g. name). */
  subjectFields: Record<string, string | number | boolean>;
  /**
   * The subject has protected identity (skyddad identitet): shown as "Skyddad person" to whoever lacks the
   * `protected-identity` permission (`workAsSeenBy`). Absent in work stored before it existed: not protected.
   */
  protectedIdentity?: boolean;
  dueAt: string | null;
}

/**
 * One piece of work a step worker keeps for one onboarding step request (instance, step, attempt) until a person
 * decides it: a police-approval case, a local BRÅ review, a home visit. It keeps what the request carried.
 * `TDecision` is what the deciding person states (e.g. outcome, reason, who); the time of the decision is added.
 * Pure domain: no framework, no database.
 */
export interface StepWork<TDecision extends object = object> extends StepRequestBase {
  id: string;
  status: 'pending' | 'decided';
  decision: (TDecision & { decidedAt: string }) | null;
}

/**
 * One piece of work per step request: the id is a name-based UUID of (namespace, instance, step, attempt), so a
 * redelivered request finds the same work and a new attempt (after needs-info) is new work.
 */
export function stepWorkIdFor(namespace: string, instanceId: string, stepId: string, attempt: number): string {
  return nameBasedUuidSha256(namespace, instanceId, stepId, attempt);
}

/** The work is not in the deciding person's scope (or does not exist): the same answer for both. */
export class StepWorkNotFound extends Error {}

/** A decided piece of work never changes (a new attempt is new work). */
export class StepWorkAlreadyDecided extends Error {}

/** The person decides pending work; `alreadyDecided` names the error in the plug-in's own words. */
export function decideStepWork<TWork extends StepWork<TDecision>, TDecision extends object>(
  work: TWork,
  decision: TDecision,
  now: Date,
  alreadyDecided: (id: string) => StepWorkAlreadyDecided,
): TWork {
  if (work.status !== 'pending') throw alreadyDecided(work.id);
  return { ...work, status: 'decided', decision: { ...decision, decidedAt: now.toISOString() } };
}

/**
 * The work as this viewer (the verified principal) may see it: a protected subject's text fields (name, group…) say
 * "Skyddad person" unless the viewer holds the `protected-identity` permission; the rest of the work (ids, step,
 * status, decision) stays so the work can still be done. Every list or page of a step worker answers through this.
 */
export function workAsSeenBy<TWork extends StepWork>(work: TWork, viewer: { readonly permissions: readonly string[] }): TWork & { protectedIdentity: boolean } {
  const isProtected = work.protectedIdentity === true;
  return { ...work, protectedIdentity: isProtected, subjectFields: redactSubjectFields(work.subjectFields, isProtected, seesProtectedIdentity(viewer)) };
}
