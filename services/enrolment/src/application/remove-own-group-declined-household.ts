import { removeDeclinedHousehold } from '../domain/group';
import { NotFound } from './errors';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { residentActor } from './audit-actors';
import type { AuditEntry, GroupRepository, LinkTokenStore, RegistrationRepository } from './ports';
import { ledGroup } from './self-service-link';

/** The contact person (or a deputy) removes a household that said no from their group's list, audited. */
export class RemoveOwnGroupDeclinedHousehold {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string, groupId: string, householdId: string): Promise<void> {
    const { subject, group } = await ledGroup(token, groupId, { registrations: this.registrations, groups: this.groups, tokens: this.tokens, clock: this.clock });
    if (!group.declinedHouseholds[householdId]) throw new NotFound('household');
    const now = this.clock();
    const actor = `resident:${subject.personId}`;
    await this.groups.update(subject.municipalityId, group.id, (current) => ({ next: removeDeclinedHousehold(current, householdId, now, actor), events: [] }));
    await this.audit.record({ municipalityId: subject.municipalityId, actor: residentActor(subject.personId, subject.municipalityId), action: 'household-removed', subject: { kind: 'group', id: group.id }, details: { householdId } });
  }
}
