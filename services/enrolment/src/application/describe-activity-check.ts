import { resolveActivityCheckLink } from './activity-check-link';
import { type Clock, systemClock } from '@trygg/values';
import type { GroupRepository, LinkTokenStore } from './ports';

/** What the yearly check's answer page shows before the contact person's click is confirmed. */
export class DescribeActivityCheck {
  constructor(
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(municipalityId: string, raw: string): Promise<{ group: { id: string; name: string }; answered: boolean }> {
    const { group } = await resolveActivityCheckLink(municipalityId, raw, { groups: this.groups, tokens: this.tokens, clock: this.clock });
    return { group: { id: group.id, name: group.name }, answered: group.activityCheck?.answeredAt != null };
  }
}
