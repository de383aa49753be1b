import type { EventContext } from './place-registration';
import { type Clock, systemClock } from '@trygg/values';
import type { GroupRepository, LinkTokenStore, RegistrationRepository } from './ports';
import { leaveGroups, resolveSelfServiceLink } from './self-service-link';

/** The resident leaves their group (or all their groups) from the self-service link, with member-left (reason self). */
export class LeaveGroup {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string, groupId: string | null, context: EventContext): Promise<{ left: string[] }> {
    const subject = await resolveSelfServiceLink(token, { registrations: this.registrations, tokens: this.tokens, clock: this.clock });
    return { left: await leaveGroups(subject, groupId, 'self', context, { registrations: this.registrations, groups: this.groups, clock: this.clock }) };
  }
}
