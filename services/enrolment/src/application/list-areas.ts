import { areaCoverage } from '../domain/coverage';
import type { GroupRepository, MunicipalityCatalogue } from './ports';

/** The municipality's areas with their household counts, groups and coverage. */
export class ListAreas {
  constructor(
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
  ) {}

  async execute(m: string) {
    const groups = await this.groups.list(m, {});
    return {
      areas: this.municipalities.areas(m).map((area) => {
        const own = groups.filter((g) => g.areaId === area.id);
        return { id: area.id, name: area.name, householdCount: area.householdCount, groupCount: own.filter((g) => g.status !== 'closed').length, coverage: areaCoverage(own, area.householdCount) };
      }),
    };
  }
}
