import type { Logger } from 'pino';
import { allowedActor, producerMayAnswer, producersFor } from '../domain/definition';
import { applyAnswer, nextDueAt, type Instance, type StepAnswer } from '../domain/engine';
import { AnswerRefused } from './answer-refused';
import { type Cause, toEnvelopes } from './events';
import { loadWithDefinition } from './load-with-definition';
import { type Clock, systemClock } from '@trygg/values';
import { type AuditLog, type DefinitionCatalogue, type InstanceRepository, systemActor } from './ports';
import { retryOnConflict } from '@trygg/persistence';

/**
 * Applies a step-completed event. Who answered is bound to who sent it: the answer counts only when its producer (the
 * `producer` header, stamped by the sending service's publisher) may answer for that actor kind and step
 * (`producersFor`); otherwise it is refused, recorded in the audit collection (`answer-refused`) and dead-lettered.
 *
 * Applies a step-completed event (from a built-in handler, police-liaison or a plug-in). Exactly one of racing
 * answers to one step wins: the write is conditional on the version read, and a loser reads again and decides again
 * (then finds the step answered), in one process or across instances.
 */
export class ApplyStepAnswer {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(municipalityId: string, instanceId: string, eventId: string, answer: StepAnswer, cause: Cause, producer: string | null): Promise<Instance> {
    return retryOnConflict(async () => {
      const { stored, definition } = await loadWithDefinition(this.catalogue, this.instances, municipalityId, instanceId);
      if (stored.appliedEventIds.includes(eventId)) {
        this.logger.info({ eventId, instanceId }, 'answer already applied (redelivered); nothing to do');
        return stored.instance;
      }
      const now = this.clock();
      const stepDef = definition.steps.find((s) => s.id === answer.stepId);
      // Checked for an actor the step accepts at all (any other is refused below as sender-not-registered).
      if (stepDef && allowedActor(definition, stepDef, answer.actor) && !producerMayAnswer(definition, stepDef, answer.actor, producer)) {
        const allowed = producersFor(definition, stepDef, answer.actor.kind);
        const message = `${answer.actor.kind} answers to ${stepDef.type} step ${stepDef.id} come only from ${allowed.length > 0 ? allowed.join(' or ') : 'nobody'}, not from ${producer ?? 'a message without a producer header'}`;
        await this.audit.record(
          { id: `refused:${eventId}`, municipalityId, instanceId, stepId: answer.stepId, stepType: answer.stepType, attempt: answer.attempt, action: 'answer-refused', outcome: answer.outcome, reason: message, actor: answer.actor, by: systemActor(producer ?? 'unknown-producer', municipalityId), evidence: null, at: now, producer, eventId },
          [],
        );
        throw new AnswerRefused('producer-not-allowed', message);
      }
      const decision = applyAnswer(definition, stored.instance, answer, now);
      if (!decision.ok) throw new AnswerRefused(decision.refusal, decision.message);
      const events = toEnvelopes(decision.instance, decision.emits, cause, now);
      await this.instances.update(decision.instance, stored.version, events, nextDueAt(definition, decision.instance), eventId);
      this.logger.info({ instanceId, stepId: answer.stepId, outcome: answer.outcome, status: decision.instance.status }, 'step answered');
      return decision.instance;
    });
  }
}
