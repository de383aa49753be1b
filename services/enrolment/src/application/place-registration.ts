import { ContactPersonNominatedV1, createEvent, type EventEnvelope, MemberJoinedV1, RegistrationConfirmedV1 } from '@trygg/contracts';
import type { Area } from '../domain/area';
import { placeAddress } from '../domain/area';
import { addMember, chooseGroup, createGroup, foundedGroupId, type Group, type GroupStatus, isOpen, nextGroupName, nominate } from '../domain/group';
import type { Registration } from '../domain/registration';
import { ConcurrentModification } from '@trygg/persistence';
import { Conflict, FieldRejected, NotFound } from './errors';
import { type Clock, systemClock } from '@trygg/values';
import type { GroupRepository, IdGenerator, MunicipalityCatalogue, RegistrationRepository } from './ports';

export type PlacementView =
  | {
      kind: 'placed';
      area: { id: string; name: string };
      group: { id: string; name: string; status: GroupStatus; newlyCreated: boolean };
    }
  | { kind: 'triage' };

export interface EventContext {
  correlationId: string;
  causationId?: string | null;
}

/** Placements racing for the same new group name in an area: each lost race means the area changed, so choose again. */
const MAX_PLACEMENT_ATTEMPTS = 5;

export type PlacementTarget = { kind: 'auto' } | { kind: 'manual'; areaId: string; groupId: string | null; actor: string };

/**
 * Puts a confirmed household in a group of its area: the group it is already in (a retry after a crash), the
 * chosen group (staff), a new forming group (intent start-group, or no open group), or the open group of the
 * area. No area → triage. Idempotent: running it again for the same registration changes nothing.
 * Writes go group first, then the registration; a crash in between is finished by the next run
 * (`ResumePendingPlacements`), which finds the group by the registration id.
 * Racing placements (a confirmation and the resume job, in one instance or two) are kept apart by the database, not
 * a lock: two placements in one area cannot both create "the next group" (group names are unique per area: the
 * second insert fails and that placement chooses again), and two placements of the same registration cannot both
 * found a group (its id derives from the registration: the second finds it by the registration id).
 */
export class PlaceRegistration {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly newId: IdGenerator,
    private readonly clock: Clock = systemClock,
  ) {}

  async place(registration: Registration, target: PlacementTarget, context: EventContext): Promise<PlacementView> {
    const m = registration.municipalityId;
    let area: Area | undefined;
    if (target.kind === 'manual') {
      area = this.municipalities.area(m, target.areaId);
      if (!area) throw new FieldRejected('areaId', 'unknown_area');
    } else {
      const found = placeAddress(this.municipalities.areas(m), registration.address, registration.coordinates);
      area = found.kind === 'area' ? this.municipalities.area(m, found.areaId) : undefined;
    }
    if (!area) {
      await this.finish(registration, { kind: 'triage' }, context);
      return { kind: 'triage' };
    }
    const chosenArea = area;
    const { group, newlyCreated } = await this.joinGroup(registration, chosenArea, target, context);
    await this.finish(registration, { kind: 'placed', areaId: chosenArea.id, groupId: group.id }, context);
    return { kind: 'placed', area: { id: chosenArea.id, name: chosenArea.name }, group: { id: group.id, name: group.name, status: group.status, newlyCreated } };
  }

  /** What the resident sees about a registration that was placed earlier. */
  async describe(registration: Registration): Promise<PlacementView | null> {
    if (registration.placement.kind === 'triage') return { kind: 'triage' };
    if (registration.placement.kind !== 'placed') return null;
    const group = await this.groups.findById(registration.municipalityId, registration.placement.groupId);
    const area = this.municipalities.area(registration.municipalityId, registration.placement.areaId);
    if (!group || !area) return null;
    return { kind: 'placed', area: { id: area.id, name: area.name }, group: { id: group.id, name: group.name, status: group.status, newlyCreated: false } };
  }

  private async joinGroup(registration: Registration, area: Area, target: PlacementTarget, context: EventContext): Promise<{ group: Group; newlyCreated: boolean }> {
    for (let attempt = 1; attempt <= MAX_PLACEMENT_ATTEMPTS; attempt++) {
      const placed = await this.tryJoinGroup(registration, area, target, context);
      if (placed) return placed;
    }
    throw new ConcurrentModification('area', `${registration.municipalityId}/${area.id}`);
  }

  /** null when the area changed under this placement (a group of the same name created, the chosen group filled): choose again. */
  private async tryJoinGroup(registration: Registration, area: Area, target: PlacementTarget, context: EventContext): Promise<{ group: Group; newlyCreated: boolean } | null> {
    const m = registration.municipalityId;
    const actor = target.kind === 'manual' ? target.actor : 'resident';
    const already = await this.groups.findByRegistration(m, registration.id);
    if (already) return { group: already, newlyCreated: false };

    // One read of the area's groups for both choosing and naming: had they been two reads, a placement could see no
    // open group in the first and another placement's new group in the second, and name a second new group.
    const areaGroups = await this.groups.list(m, { areaId: area.id });
    const chosenByStaff = target.kind === 'manual' && target.groupId !== null;
    let existing: Group | null = null;
    if (target.kind === 'manual' && target.groupId) {
      existing = await this.groups.findById(m, target.groupId);
      if (!existing || existing.areaId !== area.id) throw new FieldRejected('groupId', 'unknown_group');
      if (existing.status === 'closed') throw new Conflict('group_closed', 'the group is closed');
    } else if (registration.intent !== 'start-group') {
      existing = chooseGroup(areaGroups, area.maxHouseholdsPerGroup);
    }

    const now = this.clock();
    if (existing) {
      let stillOpen = true;
      const updated = await this.groups.update(m, existing.id, (group) => {
        // Decided on the group as it is now: another placement may have filled it, or staff closed it, since it was chosen.
        stillOpen = chosenByStaff || Boolean(group.members[registration.memberId]) || isOpen(group, area.maxHouseholdsPerGroup);
        return stillOpen ? this.addHousehold(group, registration, area, now, actor, context) : null;
      });
      if (!updated) throw new NotFound('group');
      if (!stillOpen) return null; // choose again
      return { group: updated, newlyCreated: false };
    }
    const fresh = createGroup({ id: foundedGroupId(registration.id), municipalityId: m, areaId: area.id, name: nextGroupName(area.name, areaGroups) }, now, actor);
    const change = this.addHousehold(fresh, registration, area, now, actor, context);
    if (!(await this.groups.insert(change.next, change.events))) return null;
    return { group: change.next, newlyCreated: true };
  }

  private addHousehold(group: Group, registration: Registration, area: Area, now: Date, actor: string, context: EventContext): { next: Group; events: EventEnvelope[] } {
    const eventContext = { municipalityId: group.municipalityId, correlationId: context.correlationId, causationId: context.causationId ?? null };
    const joined = addMember(group, { memberId: registration.memberId, personId: registration.personId, registrationId: registration.id, address: registration.address }, now, actor);
    const events: EventEnvelope[] = [];
    let next = joined.group;
    if (joined.joined) {
      events.push(
        createEvent(MemberJoinedV1, eventContext, { memberId: registration.memberId, personId: registration.personId, groupId: group.id, areaId: area.id, subjectFields: {}, protectedIdentity: registration.protectedIdentity }, now),
      );
    }
    if (registration.intent === 'contact-person') {
      const nominationId = this.newId();
      const nominated = nominate(next, { nominationId, memberId: registration.memberId }, now, actor);
      if (nominated.nominated) {
        next = nominated.group;
        events.push(
          createEvent(
            ContactPersonNominatedV1,
            eventContext,
            {
              nominationId,
              personId: registration.personId,
              groupId: group.id,
              areaId: area.id,
              policeAreaId: area.policeAreaId,
              // For the police review and the coordinator check of the contact-person process.
              subjectFields: { name: registration.name, groupName: group.name, areaName: area.name },
              protectedIdentity: registration.protectedIdentity,
            },
            now,
          ),
        );
      }
    }
    return { next, events };
  }

  /** Records where the registration ended up; the first time, the registration-confirmed event goes with it. */
  private async finish(registration: Registration, placement: Registration['placement'], context: EventContext): Promise<void> {
    await this.registrations.update(registration.municipalityId, registration.id, (current) => {
      if (current.status !== 'confirmed') return null;
      const firstTime = current.placement.kind === 'pending';
      if (!firstTime && JSON.stringify(current.placement) === JSON.stringify(placement)) return null;
      const events = firstTime
        ? [
            createEvent(
              RegistrationConfirmedV1,
              { municipalityId: current.municipalityId, correlationId: context.correlationId, causationId: context.causationId ?? null },
              { registrationId: current.id, personId: current.personId, mobile: current.mobile, smsOptIn: current.smsOptIn, placement: placement.kind === 'placed' ? 'placed' : 'triage' },
              this.clock(),
            ),
          ]
        : [];
      return { next: { ...current, placement }, events };
    });
  }
}
