import { createEvent, VolunteerErasedV1 } from '@trygg/contracts';
import { type Clock, systemClock } from '@trygg/values';
import { eraseVolunteer, type ErasureReason } from '../domain/volunteer';
import type { VolunteerStore } from './ports';

/**
 * Staff erase a walker of their municipality: the personal data goes, the audit (who, when, why) stays, and
 * `volunteers.volunteer-erased.v1` tells the services that hold data under the person id (notifications) to forget
 * it. Erasing again changes nothing and emits nothing.
 */
export class EraseVolunteer {
  constructor(
    private readonly store: VolunteerStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(municipalityId: string, volunteerId: string, erasedBy: string, reason: ErasureReason, correlationId: string) {
    return this.store.change(municipalityId, volunteerId, (current) => {
      const now = this.clock();
      const next = eraseVolunteer(current, erasedBy, reason, now);
      if (next === 'already-erased') return 'unchanged';
      const erased = createEvent(VolunteerErasedV1, { municipalityId, correlationId }, { volunteerId: current.id, personId: current.personId, erasedAt: now.toISOString() }, now);
      return { next, events: [erased] };
    });
  }
}
