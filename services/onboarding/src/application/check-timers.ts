import type { Logger } from 'pino';
import { nextDueAt, tick } from '../domain/engine';
import { toEnvelopes } from './events';
import { type Clock, systemClock } from '@trygg/values';
import type { DefinitionCatalogue, InstanceRepository } from './ports';
import { retryOnConflict } from '@trygg/persistence';

/**
 * The periodic check (a reminder or timeout must emit events, which a TTL index cannot): emits onboarding.stalled.v1
 * once per reminder, and ends timed-out steps. Instances running it at once race per instance; the version decides.
 */
export class CheckTimers {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  async runOnce(limit = 100): Promise<number> {
    const now = this.clock();
    let changed = 0;
    for (const { municipalityId, id } of await this.instances.due(now, limit)) {
      await retryOnConflict(async () => {
        const stored = await this.instances.find(municipalityId, id);
        if (!stored) return;
        const definition = this.catalogue.version(municipalityId, stored.instance.kind, stored.instance.processVersion);
        if (!definition) return;
        const result = tick(definition, stored.instance, now);
        const due = nextDueAt(definition, result.instance);
        const events = toEnvelopes(result.instance, result.emits, { correlationId: `timer-${id}`, causationId: null }, now);
        await this.instances.update(result.instance, stored.version, events, due);
        if (events.length) {
          changed++;
          this.logger.info({ instanceId: id, events: events.map((e) => e.type) }, 'timer fired');
        }
      });
    }
    return changed;
  }
}
