import type { Logger } from 'pino';
import { eraseSubjectFields, nextDueAt, withdraw, type Actor, type Instance } from '../domain/engine';
import { AnswerRefused, loadWithDefinition } from './apply-answer';
import { type Cause, toEnvelopes } from './events';
import type { AuditLog, Clock, DefinitionCatalogue, InstanceRepository } from './ports';
import { retryOnConflict } from '@trygg/persistence';

/** Staff close an instance on the subject's request (it ends as withdrawn). Audited. */
export class WithdrawInstance {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
    private readonly audit: AuditLog,
    private readonly newId: () => string,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(municipalityId: string, instanceId: string, actor: Actor, reason: string, cause: Cause): Promise<Instance> {
    return retryOnConflict(async () => {
      const { stored, definition } = await loadWithDefinition(this.catalogue, this.instances, municipalityId, instanceId);
      const now = this.clock();
      const decision = withdraw(stored.instance, reason, actor, now);
      if (!decision.ok) throw new AnswerRefused(decision.refusal, decision.message);
      await this.instances.update(decision.instance, stored.version, toEnvelopes(decision.instance, decision.emits, cause, now), nextDueAt(definition, decision.instance));
      const step = stored.instance.steps.find((s) => s.id === stored.instance.currentStepId);
      await this.audit.record(
        { id: this.newId(), municipalityId, instanceId, stepId: step?.id ?? '-', stepType: step?.type ?? '-', attempt: step?.attempt ?? 0, action: 'withdrawn', outcome: 'withdrawn', reason, actor, evidence: null, at: now },
        [],
      );
      return decision.instance;
    });
  }
}

/**
 * A person was erased (enrolment.resident-erased.v1 for a resident, volunteers.volunteer-erased.v1 for a walker): their running instances end as withdrawn and the subject
 * fields they gave are removed from every instance. Ids, step history and staff decisions stay as the record,
 * as the municipality's retention rules allow. Idempotent: a second delivery finds nothing left to change.
 */
export class EraseSubject {
  static readonly ACTOR: Actor = { kind: 'system', id: 'erasure' };

  constructor(
    private readonly instances: InstanceRepository,
    private readonly logger: Logger,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(municipalityId: string, personId: string, cause: Cause): Promise<number> {
    const ids = await this.instances.idsOfPerson(municipalityId, personId);
    let changed = 0;
    for (const id of ids) {
      await retryOnConflict(async () => {
        const stored = await this.instances.find(municipalityId, id);
        if (!stored) return;
        const now = this.clock();
        const withdrawn = withdraw(stored.instance, 'the person was erased', EraseSubject.ACTOR, now);
        const instance = eraseSubjectFields(withdrawn.ok ? withdrawn.instance : stored.instance);
        if (!withdrawn.ok && Object.keys(stored.instance.subjectFields).length === 0) return;
        const events = withdrawn.ok ? toEnvelopes(instance, withdrawn.emits, cause, now) : [];
        await this.instances.update(instance, stored.version, events, null);
        changed++;
      });
    }
    this.logger.info({ personId, instances: changed }, 'subject erased from onboarding');
    return changed;
  }
}
