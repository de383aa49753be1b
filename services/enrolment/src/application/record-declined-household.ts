import type { Address } from '../domain/address';
import { recordDeclinedHousehold } from '../domain/group';
import { NotFound } from './errors';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { type StaffMember, staffActor } from './audit-actors';
import type { AuditEntry, GroupRepository, IdGenerator } from './ports';

/** The coordinator records a household that said no to a group (address only, no contact details), audited. */
export class RecordDeclinedHousehold {
  constructor(
    private readonly groups: GroupRepository,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly newId: IdGenerator,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(m: string, groupId: string, address: Pick<Address, 'street' | 'number' | 'postcode'>, staff: StaffMember): Promise<{ id: string }> {
    const now = this.clock();
    const id = this.newId();
    const updated = await this.groups.update(m, groupId, (current) => ({ next: recordDeclinedHousehold(current, { id, address }, now, staff.name), events: [] }));
    if (!updated) throw new NotFound('group');
    const stored = Object.values(updated.declinedHouseholds).find((h) => h.address.street === address.street && h.address.number === address.number && h.address.postcode === address.postcode);
    await this.audit.record({ municipalityId: m, actor: staffActor(staff, m), action: 'household-declined', subject: { kind: 'group', id: groupId }, details: { householdId: stored?.id ?? id } });
    return { id: stored?.id ?? id };
  }
}
