import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ContactPersonNominatedV1,
  type EventOf,
  GroupActivatedV1,
  GroupStatusChangedV1,
  MemberJoinedV1,
  MemberLeftV1,
  OnboardingCompletedV1,
  PoliceDecisionRecordedV1,
} from '@trygg/contracts';
import { ProjectGroups } from '../application/project-groups';

/**
 * Police-liaison's own projection of the groups (`application/project-groups.ts`, rules in
 * `domain/group-projection.ts`), from the events it consumes — never from enrolment's database: where each group is
 * (municipality, area, police area), its status, its nominations and active contact persons. The start meetings find
 * their group and its nominations in it; the officer's overview counts it. Each fact carries its event's
 * `occurredAt`, and the newest wins per field, so the topics may arrive in any order; the inbox (by eventId) and the
 * rules make a redelivery change nothing. Only ids are kept — no name, no subject fields.
 */
@Controller()
export class GroupEventsController {
  constructor(@Inject(ProjectGroups) private readonly project: ProjectGroups) {}

  @EventPattern(ContactPersonNominatedV1.type)
  async contactPersonNominated(@Payload() event: EventOf<typeof ContactPersonNominatedV1>): Promise<void> {
    const { groupId, areaId, policeAreaId, nominationId, personId } = event.payload;
    await this.project.groupFact(event.municipalityId, groupId, { kind: 'nominated', at: event.occurredAt, areaId, policeAreaId, nominationId, personId });
  }

  @EventPattern(MemberJoinedV1.type)
  async memberJoined(@Payload() event: EventOf<typeof MemberJoinedV1>): Promise<void> {
    await this.project.groupFact(event.municipalityId, event.payload.groupId, { kind: 'member-joined', at: event.occurredAt, areaId: event.payload.areaId });
  }

  @EventPattern(MemberLeftV1.type)
  async memberLeft(@Payload() event: EventOf<typeof MemberLeftV1>): Promise<void> {
    await this.project.groupFact(event.municipalityId, event.payload.groupId, { kind: 'member-left', at: event.occurredAt, personId: event.payload.personId });
  }

  @EventPattern(GroupActivatedV1.type)
  async groupActivated(@Payload() event: EventOf<typeof GroupActivatedV1>): Promise<void> {
    const { groupId, areaId, contactPersonId } = event.payload;
    await this.project.groupFact(event.municipalityId, groupId, { kind: 'activated', at: event.occurredAt, areaId, contactPersonId });
  }

  @EventPattern(GroupStatusChangedV1.type)
  async groupStatusChanged(@Payload() event: EventOf<typeof GroupStatusChangedV1>): Promise<void> {
    const { groupId, areaId, status, contactPersonIds } = event.payload;
    await this.project.groupFact(event.municipalityId, groupId, { kind: 'snapshot', at: event.occurredAt, areaId, status, contactPersonIds });
  }

  /** A contact person's onboarding ended (approved: an active contact person; rejected or withdrawn: not). Other subjects are not groups' business here. */
  @EventPattern(OnboardingCompletedV1.type)
  async onboardingCompleted(@Payload() event: EventOf<typeof OnboardingCompletedV1>): Promise<void> {
    const { subject, outcome } = event.payload;
    if (subject.kind !== 'contact-person') return;
    await this.project.nominationFact({ kind: 'nomination-decided', at: event.occurredAt, nominationId: subject.id, outcome });
  }

  /** Only revocations (an approved contact person deactivated); the other outcomes arrive as onboarding.completed.v1. */
  @EventPattern(PoliceDecisionRecordedV1.type)
  async decisionRecorded(@Payload() event: EventOf<typeof PoliceDecisionRecordedV1>): Promise<void> {
    const { subject, outcome } = event.payload;
    if (outcome !== 'revoked' || subject.kind !== 'contact-person') return;
    await this.project.nominationFact({ kind: 'revoked', at: event.occurredAt, nominationId: subject.id, personId: subject.personId });
  }
}
