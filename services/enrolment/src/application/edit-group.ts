import { editGroup, type GroupEdit } from '../domain/group';
import { NotFound } from './errors';
import { type GroupPage, loadGroupPage } from './group-views';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { type StaffMember, staffActor } from './audit-actors';
import type { AuditEntry, GroupRepository, MunicipalityCatalogue, RegistrationRepository } from './ports';

/** The coordinator edits a group (name, status, start meeting, signs up, household count), audited; answers the group page. */
export class EditGroup {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(m: string, groupId: string, edit: GroupEdit, staff: StaffMember): Promise<GroupPage> {
    const now = this.clock();
    const updated = await this.groups.update(m, groupId, (current) => ({ next: editGroup(current, edit, now, staff.name), events: [] }));
    if (!updated) throw new NotFound('group');
    await this.audit.record({ municipalityId: m, actor: staffActor(staff, m), action: 'group-edited', subject: { kind: 'group', id: groupId }, details: { ...edit } as Record<string, string | number | boolean | null> });
    return loadGroupPage({ registrations: this.registrations, groups: this.groups, municipalities: this.municipalities }, m, groupId, staff);
  }
}
