import { createEvent, VolunteerErasedV1 } from '@trygg/contracts';
import { type Clock, systemClock } from '@trygg/values';
import { eraseVolunteer, type ErasureReason } from '../domain/volunteer';
import { forgetWalker } from '../domain/walk';
import type { ErasureAudit, StaffActor, VolunteerStore, WalkStore } from './ports';

/**
 * Staff erase a walker of their municipality: the personal data goes, the audit (who, when, why) stays — in the
 * walker document and as a record of the service's hash-chained audit trail — and `volunteers.volunteer-erased.v1`
 * tells the services that hold data under the person id (notifications, onboarding) to forget it. The walker leaves
 * every walk they booked (the bookings recorded their birth year and person id); the walks' logs keep ids and times.
 * Erasing again changes nothing, emits nothing and audits nothing (but looks at the walks again, in case an earlier
 * erasure stopped half-way); another municipality's walker is `not-found`.
 */
export class EraseVolunteer {
  constructor(
    private readonly store: VolunteerStore,
    private readonly audit: ErasureAudit,
    private readonly walks: WalkStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(actor: StaffActor, volunteerId: string, reason: ErasureReason, correlationId: string) {
    const municipalityId = actor.scope;
    const result = await this.store.change(municipalityId, volunteerId, (current) => {
      const now = this.clock();
      const next = eraseVolunteer(current, actor.subject, reason, now);
      if (next === 'already-erased') return 'unchanged';
      const erased = createEvent(VolunteerErasedV1, { municipalityId, correlationId }, { volunteerId: current.id, personId: current.personId, erasedAt: now.toISOString() }, now);
      return { next, events: [erased] };
    });
    if (result !== 'not-found') {
      for (const walkId of await this.walks.bookedBy(municipalityId, volunteerId)) {
        await this.walks.change(municipalityId, walkId, (walk) => {
          const next = forgetWalker(walk, volunteerId);
          return next ? { next, events: [], result: true } : { result: false };
        });
      }
    }
    if (result === 'changed') {
      await this.audit.record({ actor, action: 'volunteer-erased', subject: { kind: 'volunteer', id: volunteerId }, municipalityId, correlationId, details: { reason } });
    }
    return result;
  }
}
