import type { Logger } from 'pino';
import { retryOnConflict } from '@trygg/persistence';
import type { InstanceRepository } from './ports';

/**
 * The person turned protected identity on or off (enrolment.protected-identity-changed.v1): every instance of the
 * person in the municipality, running or ended, takes the new flag, so staff views and the step requests still to
 * come follow it. One single-document write per instance, nothing else changed; the event id is recorded with it, so
 * a redelivered event changes nothing (and cannot undo a later change).
 */
export class ChangeProtectedIdentity {
  constructor(
    private readonly instances: InstanceRepository,
    private readonly logger: Logger,
  ) {}

  async execute(municipalityId: string, personId: string, protectedIdentity: boolean, eventId: string): Promise<number> {
    let changed = 0;
    for (const id of await this.instances.idsOfPerson(municipalityId, personId)) {
      await retryOnConflict(async () => {
        const stored = await this.instances.find(municipalityId, id);
        if (!stored || stored.appliedEventIds.includes(eventId)) return;
        if ((stored.instance.protectedIdentity ?? false) === protectedIdentity) return;
        await this.instances.setProtectedIdentity(municipalityId, id, stored.version, protectedIdentity, eventId);
        changed++;
      });
    }
    this.logger.info({ instances: changed }, 'protected-identity flag updated');
    return changed;
  }
}
