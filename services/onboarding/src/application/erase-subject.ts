import type { Logger } from 'pino';
import { retryOnConflict } from '@trygg/persistence';
import { eraseSubjectFields, withdraw, type Actor } from '../domain/engine';
import { type Cause, toEnvelopes } from './events';
import { type Clock, systemClock } from '@trygg/values';
import type { InstanceRepository } from './ports';

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
    private readonly clock: Clock = systemClock,
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
