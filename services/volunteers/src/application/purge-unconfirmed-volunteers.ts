import { createEvent, VolunteerErasedV1 } from '@trygg/contracts';
import { type Clock, systemClock } from '@trygg/values';
import { CONFIRMATION_LINK_VALIDITY_DAYS, eraseVolunteer, isUnconfirmedPurgeDue } from '../domain/volunteer';
import type { ConfirmationLinks, ErasureAudit, VolunteerStore } from './ports';

export interface PurgeUnconfirmedOptions {
  /** Days after the confirmation link expired (UNCONFIRMED_RETENTION_DAYS, as enrolment's). */
  graceDays: number;
  /** At most this many sign-ups per run, so a big backlog never blocks the other tasks. */
  batchSize: number;
}

/** The audit's actor of a purge: the service's own housekeeping, in the walker's municipality. */
const housekeeping = (municipalityId: string) => ({ subject: 'system:volunteers', name: 'volunteers housekeeping', role: 'system', scope: municipalityId });

/**
 * Housekeeping task `purge-unconfirmed`: walker sign-ups never confirmed are erased once their confirmation link has
 * expired and the grace period has passed — as enrolment does for residents. `volunteers.volunteer-erased.v1` is
 * written in the same document write (outbox), so notifications (which holds the name and email as the recipient of
 * the confirmation email) forgets them too; the links go, and the erasure is audited (ids and dates only).
 *
 * Idempotent and safe with several instances: each candidate is checked again on its latest state in the
 * version-checked write, so one confirmed a moment ago, or already purged by another instance, is left alone.
 */
export class PurgeUnconfirmedVolunteers {
  constructor(
    private readonly store: VolunteerStore,
    private readonly links: ConfirmationLinks,
    private readonly audit: ErasureAudit,
    private readonly options: PurgeUnconfirmedOptions,
    private readonly clock: Clock = systemClock,
  ) {}

  async runOnce(): Promise<number> {
    const now = this.clock();
    // The latest a request can be and still be due; the domain rule decides each one (a later link counts too).
    const requestedBefore = new Date(now.getTime() - (CONFIRMATION_LINK_VALIDITY_DAYS + this.options.graceDays) * 86_400_000);
    let count = 0;
    for (const candidate of await this.store.listUnconfirmedRequestedBefore(requestedBefore, this.options.batchSize)) {
      const correlationId = `purge-unconfirmed-${candidate.id}`;
      const result = await this.store.change(candidate.municipalityId, candidate.id, (current) => {
        if (!isUnconfirmedPurgeDue(current, this.options.graceDays, now)) return 'unchanged';
        const next = eraseVolunteer(current, 'system:volunteers', 'unconfirmed', now);
        if (next === 'already-erased') return 'unchanged';
        const erased = createEvent(VolunteerErasedV1, { municipalityId: current.municipalityId, correlationId }, { volunteerId: current.id, personId: current.personId, erasedAt: now.toISOString() }, now);
        return { next, events: [erased] };
      });
      if (result !== 'changed') continue;
      await this.links.deleteForVolunteer(candidate.id);
      await this.audit.record({
        actor: housekeeping(candidate.municipalityId),
        action: 'unconfirmed-volunteer-erased',
        subject: { kind: 'volunteer', id: candidate.id },
        municipalityId: candidate.municipalityId,
        correlationId,
        details: { signedUpAt: candidate.signedUpAt, confirmationRequestedAt: candidate.confirmation?.requestedAt ?? candidate.signedUpAt },
      });
      count++;
    }
    return count;
  }
}
