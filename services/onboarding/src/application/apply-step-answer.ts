import type { Logger } from 'pino';
import { applyAnswer, nextDueAt, type Instance, type StepAnswer } from '../domain/engine';
import { AnswerRefused } from './answer-refused';
import { type Cause, toEnvelopes } from './events';
import { loadWithDefinition } from './load-with-definition';
import { type Clock, systemClock } from '@trygg/values';
import type { DefinitionCatalogue, InstanceRepository } from './ports';
import { retryOnConflict } from '@trygg/persistence';

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
    private readonly clock: Clock = systemClock,
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
