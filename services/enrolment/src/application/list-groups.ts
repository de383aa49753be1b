import { hasPendingNomination } from '../domain/group';
import { groupSummary, peopleOf } from './group-views';
import type { GroupFilter, GroupRepository, MunicipalityCatalogue, RegistrationRepository } from './ports';

/** The coordinator's group list: by area and status, waiting for the police, needing a follow-up. */
export class ListGroups {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
  ) {}

  async execute(m: string, filter: GroupFilter & { waitingForPolice?: boolean | undefined; needsFollowUp?: boolean | undefined }) {
    const groups = await this.groups.list(m, { areaId: filter.areaId, status: filter.status });
    const selected = groups.filter(
      (g) =>
        (filter.waitingForPolice === undefined || hasPendingNomination(g) === filter.waitingForPolice) &&
        (filter.needsFollowUp === undefined || (g.followUp !== null) === filter.needsFollowUp),
    );
    const people = await peopleOf(this.registrations, m, selected);
    return { groups: selected.map((g) => groupSummary(this.municipalities, m, g, people)) };
  }
}
