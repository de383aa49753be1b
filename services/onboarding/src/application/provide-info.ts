import { retryOnConflict } from '@trygg/persistence';
import type { AuditActor } from '@trygg/audit';
import { nextDueAt, provideInfo, type Instance } from '../domain/engine';
import { AnswerRefused } from './answer-refused';
import { type Cause, toEnvelopes } from './events';
import { loadWithDefinition } from './load-with-definition';
import { type Clock, systemClock } from '@trygg/values';
import { type AuditLog, type DefinitionCatalogue, type InstanceRepository, staffActorOf } from './ports';

/** The subject provided what a needs-info answer asked for (told the signed-in coordinator, `by`): the step is requested again (attempt + 1). Audited. */
export class ProvideInfo {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
    private readonly audit: AuditLog,
    private readonly newId: () => string,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(municipalityId: string, instanceId: string, stepId: string, by: AuditActor, cause: Cause): Promise<Instance> {
    const actor = staffActorOf(by);
    return retryOnConflict(async () => {
      const { stored, definition } = await loadWithDefinition(this.catalogue, this.instances, municipalityId, instanceId);
      const now = this.clock();
      const decision = provideInfo(definition, stored.instance, stepId, actor, now);
      if (!decision.ok) throw new AnswerRefused(decision.refusal, decision.message);
      const state = decision.instance.steps.find((s) => s.id === stepId);
      if (!state) throw new AnswerRefused('unknown-step', `instance ${instanceId} has no step ${stepId}`);
      await this.instances.update(decision.instance, stored.version, toEnvelopes(decision.instance, decision.emits, cause, now), nextDueAt(definition, decision.instance));
      await this.audit.record(
        { id: this.newId(), municipalityId, instanceId, stepId, stepType: state.type, attempt: state.attempt - 1, action: 'info-provided', outcome: null, reason: null, actor, by, evidence: null, at: now },
        [],
      );
      return decision.instance;
    });
  }
}
