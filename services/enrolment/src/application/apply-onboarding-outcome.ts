import { createEvent, GroupActivatedV1, MemberLeftV1 } from '@trygg/contracts';
import { decideNomination, removeMember } from '../domain/group';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { systemActor } from './audit-actors';
import type { AuditEntry, GroupRepository, RegistrationRepository } from './ports';

export interface OnboardingCompleted {
  eventId: string;
  municipalityId: string;
  correlationId: string;
  subject: { kind: 'member' | 'contact-person' | 'volunteer'; id: string; personId: string };
  outcome: 'approved' | 'rejected' | 'withdrawn';
  reason: string | null;
}

export type OnboardingOutcomeResult =
  | 'not-ours'
  | 'unknown-nomination'
  | 'recorded'
  | 'already-recorded'
  | 'group-activated'
  /** A member's onboarding was rejected: the household left its group (`enrolment.member-left.v1`). */
  | 'member-left'
  /** A member outcome with nothing to change: approved, withdrawn, or rejected when no group holds them (any more). */
  | 'member-unchanged'
  /** A rejected member enrolment has no registration for. */
  | 'unknown-member';

/** Why a member rejected by their municipality's onboarding left (MemberLeftV1 reason; notifications sends nothing). */
export const ONBOARDING_REJECTED = 'onboarding-rejected' as const;

/**
 * The end of a contact person's onboarding (police approval and the municipality's other steps). Approved: the
 * contact person is activated and, with the first approved one, the group (`enrolment.group-activated.v1`).
 * Rejected or withdrawn: recorded with the reason. Idempotent: a decision already recorded is not applied again.
 *
 * The end of a member's onboarding: rejected (e.g. the coordinator's review, or the rules not accepted) → the
 * household leaves its group, with `enrolment.member-left.v1` (reason `onboarding-rejected`) in the group's outbox.
 * Approved → nothing to change (members are in their group from the start). Withdrawn → nothing either: since
 * enrolment answers the email-verification step, a withdrawal means the subject withdrew, was erased (handled by
 * erasure) or a later step timed out; the member stays until they or the contact person remove them.
 */
export class ApplyOnboardingOutcome {
  constructor(
    private readonly groups: GroupRepository,
    private readonly registrations: RegistrationRepository,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(event: OnboardingCompleted): Promise<OnboardingOutcomeResult> {
    if (event.subject.kind === 'member') return this.memberOutcome(event);
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
        actor: systemActor('onboarding', event.municipalityId),
        action: `contact-person-${event.outcome}`,
        correlationId: event.correlationId,
        subject: { kind: 'group', id: group.id },
        details: { nominationId: event.subject.id, personId: event.subject.personId, reason: event.reason, causationId: event.eventId },
      });
    }
    return result;
  }

  private async memberOutcome(event: OnboardingCompleted): Promise<OnboardingOutcomeResult> {
    if (event.outcome !== 'rejected') return 'member-unchanged';
    const m = event.municipalityId;
    const memberId = event.subject.id;
    const registration = await this.registrations.findByMemberId(m, memberId);
    const group = registration ? await this.groups.findByRegistration(m, registration.id) : null;
    if (!registration) return 'unknown-member';
    // Not in any group (any more): left already, e.g. a redelivered rejection.
    if (!group) return 'member-unchanged';
    const now = this.clock();
    let left = false;
    await this.groups.update(m, group.id, (current) => {
      const removed = removeMember(current, memberId, now, 'onboarding', ONBOARDING_REJECTED);
      left = removed.removed !== null;
      if (!removed.removed) return null;
      const leftEvent = createEvent(
        MemberLeftV1,
        { municipalityId: m, correlationId: event.correlationId, causationId: event.eventId },
        { memberId, personId: removed.removed.personId, groupId: current.id, reason: ONBOARDING_REJECTED },
        now,
      );
      return { next: removed.group, events: [leftEvent] };
    });
    if (!left) return 'member-unchanged';
    await this.registrations.update(m, registration.id, (current) =>
      current.placement.kind === 'placed' && current.placement.groupId === group.id ? { next: { ...current, placement: { kind: 'unplaced' } }, events: [] } : null,
    );
    await this.audit.record({
      municipalityId: m,
      actor: systemActor('onboarding', m),
      action: 'member-rejected',
      correlationId: event.correlationId,
      subject: { kind: 'group', id: group.id },
      details: { memberId, personId: event.subject.personId, registrationId: registration.id, reason: event.reason, causationId: event.eventId },
    });
    return 'member-left';
  }
}
