import type { Logger } from 'pino';
import { type Clock, systemClock } from '@trygg/values';
import { awaitingCutoff } from '../domain/awaiting';
import type { AwaitingStore } from './ports';

/** Housekeeping (a timer rather than a TTL index, for the log line): records older than the bound are deleted, with a log line per municipality. */
export class PurgeAwaiting {
  constructor(
    private readonly awaiting: AwaitingStore,
    private readonly municipalityIds: () => string[],
    private readonly days: number,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  async runOnce(): Promise<number> {
    const cutoff = awaitingCutoff(this.clock(), this.days);
    let total = 0;
    for (const municipalityId of this.municipalityIds()) {
      const count = await this.awaiting.purgeOlderThan(municipalityId, cutoff);
      if (count > 0) this.logger.warn({ municipalityId, count, days: this.days }, 'events that waited too long for a person notifications never heard of: given up');
      total += count;
    }
    return total;
  }
}
