import type { AuditActor } from '@trygg/audit';
import { nextDueAt, withdraw, type Instance } from '../domain/engine';
import { AnswerRefused } from './answer-refused';
import { type Cause, toEnvelopes } from './events';
import { loadWithDefinition } from './load-with-definition';
import { type Clock, systemClock } from '@trygg/values';
import { type AuditLog, type DefinitionCatalogue, type InstanceRepository, staffActorOf } from './ports';
import { retryOnConflict } from '@trygg/persistence';

/** The signed-in coordinator (`by`) closes an instance on the subject's request (it ends as withdrawn). Audited. */
export class WithdrawInstance {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
    private readonly audit: AuditLog,
    private readonly newId: () => string,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(municipalityId: string, instanceId: string, by: AuditActor, reason: string, cause: Cause): Promise<Instance> {
    const actor = staffActorOf(by);
    return retryOnConflict(async () => {
      const { stored, definition } = await loadWithDefinition(this.catalogue, this.instances, municipalityId, instanceId);
      const now = this.clock();
      const decision = withdraw(stored.instance, reason, actor, now);
      if (!decision.ok) throw new AnswerRefused(decision.refusal, decision.message);
      await this.instances.update(decision.instance, stored.version, toEnvelopes(decision.instance, decision.emits, cause, now), nextDueAt(definition, decision.instance));
      const step = stored.instance.steps.find((s) => s.id === stored.instance.currentStepId);
      await this.audit.record(
        { id: this.newId(), municipalityId, instanceId, stepId: step?.id ?? '-', stepType: step?.type ?? '-', attempt: step?.attempt ?? 0, action: 'withdrawn', outcome: 'withdrawn', reason, actor, by, evidence: null, at: now },
        [],
      );
      return decision.instance;
    });
  }
}
