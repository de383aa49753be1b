import { hasPendingNomination } from '../domain/group';
import { type AuditLog } from '@trygg/values';
import { type StaffMember, staffActor } from './audit-actors';
import { groupSummary, peopleOf } from './group-views';
import type { AuditEntry, GroupFilter, GroupRepository, MunicipalityCatalogue, RegistrationRepository } from './ports';

/**
 * The coordinator's group list: by area and status, waiting for the police, needing a follow-up. It names contact
 * persons and deputies, so viewing it is audited.
 */
export class ListGroups {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog<AuditEntry>,
  ) {}

  async execute(m: string, filter: GroupFilter & { waitingForPolice?: boolean | undefined; needsFollowUp?: boolean | undefined }, staff: StaffMember) {
    const groups = await this.groups.list(m, { areaId: filter.areaId, status: filter.status });
    const selected = groups.filter(
      (g) =>
        (filter.waitingForPolice === undefined || hasPendingNomination(g) === filter.waitingForPolice) &&
        (filter.needsFollowUp === undefined || (g.followUp !== null) === filter.needsFollowUp),
    );
    const people = await peopleOf(this.registrations, m, selected);
    await this.audit.record({ municipalityId: m, actor: staffActor(staff, m), action: 'groups-viewed', subject: { kind: 'municipality', id: m }, details: { rows: selected.length } });
    return { groups: selected.map((g) => groupSummary(this.municipalities, m, g, people, staff)) };
  }
}
