import { type Clock, systemClock } from '@trygg/values';
import type { GroupRepository, LinkTokenStore, MunicipalityCatalogue, RegistrationRepository } from './ports';
import { renderSelfServiceView, resolveSelfServiceLink, type SelfServiceView } from './self-service-link';

/** "Mina uppgifter": everything stored about the link's person, their groups and the retention rule. */
export class ViewOwnDetails {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string): Promise<SelfServiceView> {
    const subject = await resolveSelfServiceLink(token, { registrations: this.registrations, tokens: this.tokens, clock: this.clock });
    return renderSelfServiceView(subject, { groups: this.groups, municipalities: this.municipalities });
  }
}
