import { createEvent, GroupActivatedV1 } from '@trygg/contracts';
import { decideNomination } from '../domain/group';
import type { AuditLog, Clock, GroupRepository } from './ports';

export interface OnboardingCompleted {
  eventId: string;
  municipalityId: string;
  correlationId: string;
  subject: { kind: 'member' | 'contact-person' | 'volunteer'; id: string; personId: string };
  outcome: 'approved' | 'rejected' | 'withdrawn';
  reason: string | null;
}

export type OnboardingOutcomeResult = 'not-ours' | 'unknown-nomination' | 'recorded' | 'already-recorded' | 'group-activated';

/**
 * The end of a contact person's onboarding (police approval and the municipality's other steps). Approved: the
 * contact person is activated and, with the first approved one, the group (`enrolment.group-activated.v1`).
 * Rejected or withdrawn: recorded with the reason. Idempotent: a decision already recorded is not applied again.
 */
export class ApplyOnboardingOutcome {
  constructor(
    private readonly groups: GroupRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async execute(event: OnboardingCompleted): Promise<OnboardingOutcomeResult> {
    if (event.subject.kind !== 'contact-person') return 'not-ours';
    const group = await this.groups.findByNomination(event.municipalityId, event.subject.id);
    if (!group) return 'unknown-nomination';
    let result: OnboardingOutcomeResult = 'already-recorded';
    const now = this.clock();
    await this.groups.update(event.municipalityId, group.id, (current) => {
      const decided = decideNomination(current, { nominationId: event.subject.id, outcome: event.outcome, reason: event.reason }, now, 'onboarding');
      if (!decided.changed) return null;
      result = decided.activated ? 'group-activated' : 'recorded';
      const contactPersonId = decided.group.contactPersonId;
      const events = decided.activated && contactPersonId
        ? [
            createEvent(
              GroupActivatedV1,
              { municipalityId: current.municipalityId, correlationId: event.correlationId, causationId: event.eventId },
              { groupId: current.id, areaId: current.areaId, contactPersonId, groupName: current.name },
              now,
            ),
          ]
        : [];
      return { next: decided.group, events };
    });
    if (result !== 'already-recorded') {
      await this.audit.record({
        municipalityId: event.municipalityId,
        at: now,
        actor: 'onboarding',
        action: `contact-person-${event.outcome}`,
        subject: { kind: 'group', id: group.id },
        details: { nominationId: event.subject.id, personId: event.subject.personId, reason: event.reason, causationId: event.eventId },
      });
    }
    return result;
  }
}
