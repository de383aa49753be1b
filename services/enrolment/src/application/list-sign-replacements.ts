import { needsReplacement } from '../domain/sign';
import { signView } from './group-views';
import type { GroupRepository, MunicipalityCatalogue } from './ports';

/** Every damaged or missing sign of the municipality: what to order and put up again. */
export class ListSignReplacements {
  constructor(
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
  ) {}

  async execute(m: string) {
    const groups = await this.groups.list(m, {});
    return {
      items: groups.flatMap((g) =>
        Object.values(g.signs)
          .filter(needsReplacement)
          .map((s) => ({ groupId: g.id, groupName: g.name, areaId: g.areaId, areaName: this.municipalities.area(m, g.areaId)?.name ?? g.areaId, ...signView(s) })),
      ),
    };
  }
}
