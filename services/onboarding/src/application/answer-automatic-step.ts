import { createEvent, OnboardingStepCompletedV1 } from '@trygg/contracts';
import { ageCheck } from '../domain/age';
import { AUTOMATIC_STEP_TYPES, builtInParameters } from '../domain/definition';
import { isAutomatic, type Actor, type StepOutcome } from '../domain/engine';
import type { Cause } from './events';
import { type Clock, systemClock } from '@trygg/values';
import { type AuditLog, type DefinitionCatalogue, type InstanceRepository, systemActor } from './ports';

/**
 * Onboarding's own handler of automatic built-in steps (age-check): it listens to step-requested like any plug-in
 * and answers with step-completed, audited. Idempotent: the audit entry's id is the request's event id.
 */
export class AnswerAutomaticStep {
  static readonly ACTOR: Actor = { kind: 'system', id: 'onboarding' };

  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Returns false when the request is not for an automatic step of a waiting instance (nothing to do). */
  async execute(
    municipalityId: string,
    requestEventId: string,
    request: { instanceId: string; stepId: string; stepType: string; attempt: number; subjectFields: Record<string, string | number | boolean> },
    cause: Cause,
  ): Promise<boolean> {
    if (!AUTOMATIC_STEP_TYPES.includes(request.stepType)) return false;
    if (await this.audit.has(municipalityId, requestEventId)) return false;
    const stored = await this.instances.find(municipalityId, request.instanceId);
    if (!stored) return false;
    const definition = this.catalogue.version(municipalityId, stored.instance.kind, stored.instance.processVersion);
    const stepDef = definition?.steps.find((s) => s.id === request.stepId);
    if (!stepDef || !isAutomatic(stepDef)) return false;
    const now = this.clock();
    const params = builtInParameters['age-check'].parse(stepDef.parameters);
    const decided: { outcome: StepOutcome; reason: string } = ageCheck(request.subjectFields[params.field], params.minimumAge, now);
    const answer = { stepId: request.stepId, stepType: request.stepType, attempt: request.attempt, outcome: decided.outcome, reason: decided.reason, actor: AnswerAutomaticStep.ACTOR, evidence: null };
    await this.audit.record(
      { id: requestEventId, municipalityId, instanceId: request.instanceId, stepId: request.stepId, stepType: request.stepType, attempt: request.attempt, action: 'answer', outcome: decided.outcome, reason: decided.reason, actor: AnswerAutomaticStep.ACTOR, by: systemActor('onboarding', municipalityId), evidence: null, at: now },
      [createEvent(OnboardingStepCompletedV1, { municipalityId, ...cause }, { instanceId: request.instanceId, ...answer }, now)],
    );
    return true;
  }
}
