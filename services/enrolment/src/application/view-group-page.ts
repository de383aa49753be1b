import { type GroupPage, loadGroupPage } from './group-views';
import type { GroupRepository, MunicipalityCatalogue, RegistrationRepository } from './ports';

/** The coordinator's page of one group: members, declined households, nominations, signs, history. */
export class ViewGroupPage {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
  ) {}

  execute(m: string, groupId: string): Promise<GroupPage> {
    return loadGroupPage({ registrations: this.registrations, groups: this.groups, municipalities: this.municipalities }, m, groupId);
  }
}
