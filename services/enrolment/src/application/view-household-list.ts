import { groupCoverage } from '../domain/coverage';
import { emailNotWorkingSince } from '../domain/registration';
import { type Clock, systemClock } from '@trygg/values';
import type { GroupRepository, LinkTokenStore, RegistrationRepository } from './ports';
import { ledGroup } from './self-service-link';

/**
 * A contact person's (or deputy's) household list of their group: the members' households and the households that
 * said no (address only, never contact details), with the coverage. Protected identities are left out.
 */
export class ViewHouseholdList {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string, groupId: string) {
    const { subject, group } = await ledGroup(token, groupId, { registrations: this.registrations, groups: this.groups, tokens: this.tokens, clock: this.clock });
    const registrations = await this.registrations.findManyByIds(
      subject.municipalityId,
      Object.values(group.members).flatMap((m) => (m.registrationId ? [m.registrationId] : [])),
    );
    const byId = new Map(registrations.map((r) => [r.id, r]));
    const members = Object.values(group.members).flatMap((m) => {
      const r = m.registrationId ? byId.get(m.registrationId) : undefined;
      if (!r || r.protectedIdentity) return [];
      // Stale contacts: whether the household's email works (never the address itself: the list shows none).
      return [{ memberId: m.memberId, personId: m.personId, name: r.name, address: r.address, role: m.role, joinedAt: m.joinedAt.toISOString(), emailNotWorking: emailNotWorkingSince(r) !== null }];
    });
    return {
      group: { id: group.id, name: group.name, status: group.status, coverage: groupCoverage(group) },
      members,
      hiddenMembers: Object.keys(group.members).length - members.length,
      declinedHouseholds: Object.values(group.declinedHouseholds).map((h) => ({ id: h.id, address: h.address })),
    };
  }
}
