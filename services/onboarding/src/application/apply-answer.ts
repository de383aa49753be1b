import type { Logger } from 'pino';
import { applyAnswer, nextDueAt, provideInfo, type Actor, type Instance, type Refusal, type StepAnswer } from '../domain/engine';
import { type Cause, toEnvelopes } from './events';
import type { AuditLog, Clock, DefinitionCatalogue, InstanceRepository } from './ports';
import { retryOnConflict } from '@trygg/persistence';

/** Why an answer cannot be applied. The messaging edge turns it into a dead letter; HTTP into 404/409. */
export class AnswerRefused extends Error {
  constructor(
    readonly refusal: Refusal | 'unknown-instance' | 'unknown-version',
    message: string,
  ) {
    super(`${refusal}: ${message}`);
    this.name = 'AnswerRefused';
  }
}

/** Loads an instance and its own version of the definition. */
export async function loadWithDefinition(catalogue: DefinitionCatalogue, instances: InstanceRepository, municipalityId: string, instanceId: string) {
  const stored = await instances.find(municipalityId, instanceId);
  if (!stored) throw new AnswerRefused('unknown-instance', `no instance ${instanceId} in ${municipalityId}`);
  const { instance } = stored;
  const definition = catalogue.version(instance.municipalityId, instance.kind, instance.processVersion);
  if (!definition) throw new AnswerRefused('unknown-version', `version ${instance.processVersion} of ${instance.kind} is not published`);
  return { stored, definition };
}

/**
 * Applies a step-completed event (from a built-in handler, police-liaison or a plug-in). Exactly one of racing
 * answers to one step wins: the write is conditional on the version read, and a loser reads again and decides again
 * (then finds the step answered), in one process or across instances.
 */
export class ApplyStepAnswer {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
    private readonly logger: Logger,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(municipalityId: string, instanceId: string, eventId: string, answer: StepAnswer, cause: Cause): Promise<Instance> {
    return retryOnConflict(async () => {
      const { stored, definition } = await loadWithDefinition(this.catalogue, this.instances, municipalityId, instanceId);
      if (stored.appliedEventIds.includes(eventId)) {
        this.logger.info({ eventId, instanceId }, 'answer already applied (redelivered); nothing to do');
        return stored.instance;
      }
      const now = this.clock();
      const decision = applyAnswer(definition, stored.instance, answer, now);
      if (!decision.ok) throw new AnswerRefused(decision.refusal, decision.message);
      const events = toEnvelopes(decision.instance, decision.emits, cause, now);
      await this.instances.update(decision.instance, stored.version, events, nextDueAt(definition, decision.instance), eventId);
      this.logger.info({ instanceId, stepId: answer.stepId, outcome: answer.outcome, status: decision.instance.status }, 'step answered');
      return decision.instance;
    });
  }
}

/** The subject provided what a needs-info answer asked for: the step is requested again (attempt + 1). Audited. */
export class ProvideInfo {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
    private readonly audit: AuditLog,
    private readonly newId: () => string,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(municipalityId: string, instanceId: string, stepId: string, actor: Actor, cause: Cause): Promise<Instance> {
    return retryOnConflict(async () => {
      const { stored, definition } = await loadWithDefinition(this.catalogue, this.instances, municipalityId, instanceId);
      const now = this.clock();
      const decision = provideInfo(definition, stored.instance, stepId, actor, now);
      if (!decision.ok) throw new AnswerRefused(decision.refusal, decision.message);
      const state = decision.instance.steps.find((s) => s.id === stepId);
      if (!state) throw new AnswerRefused('unknown-step', `instance ${instanceId} has no step ${stepId}`);
      await this.instances.update(decision.instance, stored.version, toEnvelopes(decision.instance, decision.emits, cause, now), nextDueAt(definition, decision.instance));
      await this.audit.record(
        { id: this.newId(), municipalityId, instanceId, stepId, stepType: state.type, attempt: state.attempt - 1, action: 'info-provided', outcome: null, reason: null, actor, evidence: null, at: now },
        [],
      );
      return decision.instance;
    });
  }
}

