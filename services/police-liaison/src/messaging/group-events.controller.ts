import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ContactPersonNominatedV1, type EventOf } from '@trygg/contracts';
import { GROUP_DIRECTORY, type GroupDirectory } from '../application/start-meeting-ports';

/**
 * The groups a start meeting can be proposed for: a nominated contact person names their group, its area and police
 * area (enrolment.contact-person-nominated.v1), and the nomination (its id and the person's), whose start-meeting step
 * the group's meeting answers. Only ids are kept — no name, no subject fields.
 */
@Controller()
export class GroupEventsController {
  constructor(@Inject(GROUP_DIRECTORY) private readonly groups: GroupDirectory) {}

  @EventPattern(ContactPersonNominatedV1.type)
  async contactPersonNominated(@Payload() event: EventOf<typeof ContactPersonNominatedV1>): Promise<void> {
    const { groupId, areaId, policeAreaId, nominationId, personId } = event.payload;
    await this.groups.record({ groupId, municipalityId: event.municipalityId, areaId, policeAreaId }, { nominationId, personId });
  }
}
