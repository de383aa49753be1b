import { type AuditLog } from '@trygg/values';
import { type StaffMember, staffActor } from './audit-actors';
import { type GroupPage, loadGroupPage } from './group-views';
import type { AuditEntry, GroupRepository, MunicipalityCatalogue, RegistrationRepository } from './ports';

/** The coordinator's page of one group: members, declined households, nominations, signs, history. Viewing it is audited. */
export class ViewGroupPage {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog<AuditEntry>,
  ) {}

  async execute(m: string, groupId: string, staff: StaffMember): Promise<GroupPage> {
    const page = await loadGroupPage({ registrations: this.registrations, groups: this.groups, municipalities: this.municipalities }, m, groupId, staff);
    await this.audit.record({ municipalityId: m, actor: staffActor(staff, m), action: 'group-viewed', subject: { kind: 'group', id: groupId }, details: { members: page.members.length } });
    return page;
  }
}
