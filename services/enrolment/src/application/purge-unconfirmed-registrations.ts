import { createEvent, ResidentErasedV1 } from '@trygg/contracts';
import { LINK_VALIDITY_DAYS } from '../domain/link-token';
import { eraseUnconfirmed, isUnconfirmedErasureDue, type Registration, type UnconfirmedRetention } from '../domain/registration';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { systemActor } from './audit-actors';
import type { AuditEntry, LinkTokenStore, MunicipalityCatalogue, RegistrationRepository } from './ports';

export interface PurgeUnconfirmedOptions {
  /** Days after the confirmation link expired (UNCONFIRMED_RETENTION_DAYS). */
  graceDays: number;
  /** At most this many registrations per municipality per run, so a big backlog never blocks the other tasks. */
  batchSize: number;
}

/**
 * Housekeeping task `purge-unconfirmed`: registrations never confirmed are erased once their confirmation link has
 * expired and the grace period has passed. Anonymised at once; `enrolment.resident-erased.v1` is written in the same
 * document update (outbox) so notifications and onboarding forget the person too — unless the same person still has
 * another live registration (same email at another address), which keeps them a resident.
 *
 * Idempotent and safe with several enrolment instances: the candidate is checked again on its latest state in the
 * version-checked write, so one confirmed a moment ago, or already purged by another instance, is left alone, and the
 * event and the audit entry are written once.
 */
export class PurgeUnconfirmedRegistrations {
  private readonly rules: UnconfirmedRetention;

  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly tokens: LinkTokenStore,
    private readonly municipalities: Pick<MunicipalityCatalogue, 'municipalityIds'>,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly options: PurgeUnconfirmedOptions,
    private readonly clock: Clock = systemClock,
  ) {
    this.rules = { linkValidityDays: LINK_VALIDITY_DAYS.confirmation, graceDays: options.graceDays };
  }

  async runOnce(): Promise<number> {
    const now = this.clock();
    // The earliest a confirmation request can be and still be due; the rule below decides each one.
    const requestedBefore = new Date(now.getTime() - (this.rules.linkValidityDays + this.rules.graceDays) * 86_400_000);
    let count = 0;
    for (const m of this.municipalities.municipalityIds()) {
      for (const candidate of await this.registrations.listUnconfirmedRequestedBefore(m, requestedBefore, this.options.batchSize)) {
        if (await this.purge(candidate, now)) count++;
      }
    }
    return count;
  }

  private async purge(candidate: Registration, now: Date): Promise<boolean> {
    const m = candidate.municipalityId;
    const latestLink = await this.tokens.latestConfirmationExpiry(m, candidate.id);
    if (!isUnconfirmedErasureDue(candidate, this.rules, now, latestLink)) return false;
    const stillResident = (await this.registrations.findByPerson(m, candidate.personId)).some((r) => r.id !== candidate.id && r.status !== 'erased');
    let purged = false;
    await this.registrations.update(m, candidate.id, (current) => {
      // Runs again on the latest state when another write won (then it may find nothing to do): decide anew each time.
      purged = false;
      // Re-checked on the latest state: confirmed meanwhile, re-sent, or purged by another instance.
      if (!isUnconfirmedErasureDue(current, this.rules, now, latestLink)) return null;
      purged = true;
      const events = stillResident
        ? []
        : [createEvent(ResidentErasedV1, { municipalityId: m, correlationId: `purge-unconfirmed-${current.id}` }, { personId: current.personId, erasedAt: now.toISOString() }, now)];
      return { next: eraseUnconfirmed(current, now), events };
    });
    if (!purged) return false;
    // Links of a person who is no longer a resident are useless; a remaining resident keeps theirs.
    if (!stillResident) await this.tokens.revokeForPerson(m, candidate.personId);
    await this.audit.record({
      municipalityId: m,
      actor: systemActor('enrolment', m, 'housekeeping'),
      correlationId: `purge-unconfirmed-${candidate.id}`,
      action: 'unconfirmed-registration-erased',
      subject: { kind: 'registration', id: candidate.id },
      details: {
        submittedAt: candidate.submittedAt.toISOString(),
        confirmationRequestedAt: (candidate.confirmationRequestedAt ?? candidate.submittedAt).toISOString(),
        residentErased: !stillResident,
      },
    });
    return true;
  }
}
