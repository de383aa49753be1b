import { removeDeclinedHousehold } from '../domain/group';
import { NotFound } from './errors';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { type StaffMember, staffActor } from './audit-actors';
import type { AuditEntry, GroupRepository } from './ports';

/** The coordinator removes a household that said no from a group's list, audited. */
export class RemoveDeclinedHousehold {
  constructor(
    private readonly groups: GroupRepository,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(m: string, groupId: string, householdId: string, staff: StaffMember): Promise<void> {
    const group = await this.groups.findById(m, groupId);
    if (!group || !group.declinedHouseholds[householdId]) throw new NotFound('household');
    const now = this.clock();
    await this.groups.update(m, groupId, (current) => (current.declinedHouseholds[householdId] ? { next: removeDeclinedHousehold(current, householdId, now, staff.name), events: [] } : null));
    await this.audit.record({ municipalityId: m, actor: staffActor(staff, m), action: 'household-removed', subject: { kind: 'group', id: groupId }, details: { householdId } });
  }
}
