import { ContactPersonNominatedV1, createEvent } from '@trygg/contracts';
import { handOver } from '../domain/group';
import { FieldRejected } from './errors';
import type { EventContext } from './place-registration';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { residentActor } from './audit-actors';
import type { AuditEntry, GroupRepository, IdGenerator, LinkTokenStore, MunicipalityCatalogue, RegistrationRepository } from './ports';
import { ledGroup } from './self-service-link';

/**
 * The main contact person hands over to a deputy (at once) or to another member (nominated; takes over when the
 * municipality's contact-person onboarding approves them).
 */
export class HandOverContactPerson {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly newId: IdGenerator,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string, groupId: string, toMemberId: string, context: EventContext): Promise<{ outcome: 'handed-over' | 'nominated' }> {
    const { subject, group } = await ledGroup(token, groupId, { registrations: this.registrations, groups: this.groups, tokens: this.tokens, clock: this.clock });
    const target = group.members[toMemberId];
    if (!target) throw new FieldRejected('toMemberId', 'unknown_member');
    const [registration] = target.registrationId ? await this.registrations.findManyByIds(subject.municipalityId, [target.registrationId]) : [];
    const area = this.municipalities.area(subject.municipalityId, group.areaId);
    const now = this.clock();
    const actor = `resident:${subject.personId}`;
    const nominationId = this.newId();
    let outcome: 'handed-over' | 'nominated' = 'handed-over';
    await this.groups.update(subject.municipalityId, group.id, (current) => {
      const result = handOver(current, { fromPersonId: subject.personId, toMemberId, nominationId }, now, actor);
      outcome = result.outcome;
      const events =
        result.outcome === 'nominated' && area
          ? [
              createEvent(
                ContactPersonNominatedV1,
                { municipalityId: current.municipalityId, correlationId: context.correlationId },
                {
                  nominationId,
                  personId: target.personId,
                  groupId: current.id,
                  areaId: current.areaId,
                  policeAreaId: area.policeAreaId,
                  subjectFields: { name: registration?.name || 'okänt namn', groupName: current.name, areaName: area.name },
                  protectedIdentity: registration?.protectedIdentity ?? false,
                },
                now,
              ),
            ]
          : [];
      return { next: result.group, events };
    });
    await this.audit.record({ municipalityId: subject.municipalityId, actor: residentActor(subject.personId, subject.municipalityId), action: `contact-person-hand-over-${outcome}`, correlationId: context.correlationId, subject: { kind: 'group', id: group.id }, details: { toMemberId } });
    return { outcome };
  }
}
