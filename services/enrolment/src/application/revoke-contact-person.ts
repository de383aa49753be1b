import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { revokeNomination } from '../domain/group';
import { systemActor } from './audit-actors';
import type { AuditEntry, GroupRepository } from './ports';

/** A police revocation as enrolment reads it (police.decision-recorded.v1 with outcome `revoked`). */
export interface PoliceRevocation {
  eventId: string;
  municipalityId: string;
  correlationId: string;
  caseId: string;
  /** The onboarding subject of the police case: a contact person's id is the nominationId. */
  subject: { kind: 'member' | 'contact-person' | 'volunteer'; id: string; personId: string };
  reason: string;
  decidedBy: string;
}

export type RevocationResult = 'not-ours' | 'unknown-nomination' | 'revoked' | 'contact-person-lost' | 'already-revoked';

/**
 * The police revoked an approved contact person: the nomination becomes `revoked` and the person a member of the
 * group again; a group that loses its main contact person shows it (no contact person, the coordinator's follow-up
 * `no-contact-person`). Audited (`contact-person-revoked`, actor police-liaison, the officer's subject and case in the
 * details). Idempotent: a redelivered event (the inbox skips its eventId) or a second revocation finds the nomination
 * revoked already and changes nothing. Notifications tells the person and the coordinator from the same event.
 */
export class RevokeContactPerson {
  constructor(
    private readonly groups: GroupRepository,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(event: PoliceRevocation): Promise<RevocationResult> {
    if (event.subject.kind !== 'contact-person') return 'not-ours';
    const m = event.municipalityId;
    const group = await this.groups.findByNomination(m, event.subject.id);
    if (!group) return 'unknown-nomination';
    const now = this.clock();
    let result: RevocationResult = 'already-revoked';
    await this.groups.update(m, group.id, (current) => {
      const revoked = revokeNomination(current, { nominationId: event.subject.id, reason: event.reason }, now, 'police');
      if (!revoked.changed) return null;
      result = revoked.lostContactPerson ? 'contact-person-lost' : 'revoked';
      return { next: revoked.group, events: [] };
    });
    if (result === 'already-revoked') return result;
    await this.audit.record({
      municipalityId: m,
      actor: systemActor('police-liaison', m),
      action: 'contact-person-revoked',
      correlationId: event.correlationId,
      subject: { kind: 'group', id: group.id },
      details: { nominationId: event.subject.id, personId: event.subject.personId, caseId: event.caseId, decidedBy: event.decidedBy, lostContactPerson: result === 'contact-person-lost', causationId: event.eventId },
    });
    return result;
  }
}
