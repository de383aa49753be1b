import type { Address } from '../domain/address';
import { recordDeclinedHousehold } from '../domain/group';
import { NotFound } from './errors';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { residentActor } from './audit-actors';
import type { AuditEntry, GroupRepository, IdGenerator, LinkTokenStore, RegistrationRepository } from './ports';
import { ledGroup } from './self-service-link';

/** The contact person (or a deputy) records a household of their group's area that said no (address only), audited. */
export class RecordOwnGroupDeclinedHousehold {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly newId: IdGenerator,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string, groupId: string, address: Pick<Address, 'street' | 'number' | 'postcode'>): Promise<{ id: string }> {
    const { subject, group } = await ledGroup(token, groupId, { registrations: this.registrations, groups: this.groups, tokens: this.tokens, clock: this.clock });
    const now = this.clock();
    const actor = `resident:${subject.personId}`;
    const updated = await this.groups.update(subject.municipalityId, group.id, (current) => ({ next: recordDeclinedHousehold(current, { id: this.newId(), address }, now, actor), events: [] }));
    const stored = Object.values(updated?.declinedHouseholds ?? {}).find((h) => h.address.street === address.street && h.address.number === address.number && h.address.postcode === address.postcode);
    if (!stored) throw new NotFound('group');
    await this.audit.record({ municipalityId: subject.municipalityId, actor: residentActor(subject.personId, subject.municipalityId), action: 'household-declined', subject: { kind: 'group', id: group.id }, details: { householdId: stored.id } });
    return { id: stored.id };
  }
}
