import { applyGroupFact, type GroupFact, type ProjectedGroup } from '../domain/group-projection';

/** Police-liaison's projection of the groups (collection `groups`), one document per group. */
export interface GroupProjectionStore {
  /**
   * Reads the group (a new one when unknown), applies `apply` and writes the result if nobody wrote since it was read
   * (else reads and applies again). Nothing is written when `apply` changes nothing.
   */
  change(groupId: string, municipalityId: string, apply: (group: ProjectedGroup) => ProjectedGroup): Promise<ProjectedGroup>;
  groupOfNomination(nominationId: string): Promise<ProjectedGroup | undefined>;
  /** The groups placed in a police area. */
  ofPoliceArea(policeAreaId: string): Promise<ProjectedGroup[]>;
  /** The groups that know the person (a contact person's state or a nomination). */
  ofPerson(municipalityId: string, personId: string): Promise<ProjectedGroup[]>;
  /** Keeps a fact about a nomination not heard of yet (onboarding.completed or a revocation before the nomination). */
  park(nominationId: string, fact: GroupFact): Promise<void>;
  /** The facts kept for a nomination, removed from the store. */
  takeParked(nominationId: string): Promise<GroupFact[]>;
}
export const GROUP_PROJECTION_STORE = Symbol('GroupProjectionStore');

/** The police area of a grannsamverkan area (areas.yaml's `policeAreaId`, else the municipality's first police area). */
export interface GroupPoliceAreas {
  policeAreaOf(municipalityId: string, areaId: string): string | undefined;
}

type NominationFact = Extract<GroupFact, { kind: 'nomination-decided' | 'revoked' }>;

/**
 * Keeps the projection current from the consumed events (`messaging/group-events.controller.ts`). A fact about a
 * nomination whose `contact-person-nominated` has not arrived yet is parked and applied when it does. Each fact is
 * applied by the domain's newest-wins rules, so a redelivered or late event changes nothing it should not.
 */
export class ProjectGroups {
  constructor(
    private readonly store: GroupProjectionStore,
    private readonly areas: GroupPoliceAreas,
  ) {}

  /** A fact about a known group (every event that names the group). */
  async groupFact(municipalityId: string, groupId: string, fact: GroupFact): Promise<ProjectedGroup> {
    const changed = await this.store.change(groupId, municipalityId, (group) => this.placed(applyGroupFact(group, fact)));
    if (fact.kind === 'nominated') await this.applyParked(fact.nominationId);
    return changed;
  }

  /** A fact that names only the nomination (onboarding.completed.v1, police.decision-recorded.v1). */
  async nominationFact(fact: NominationFact): Promise<void> {
    const group = await this.store.groupOfNomination(fact.nominationId);
    if (group) {
      await this.store.change(group.groupId, group.municipalityId, (g) => applyGroupFact(g, fact));
      return;
    }
    await this.store.park(fact.nominationId, fact);
    // The nomination may have arrived meanwhile (another consumer instance): it took the parked facts before this
    // one was parked, so look again.
    await this.applyParked(fact.nominationId);
  }

  private async applyParked(nominationId: string): Promise<void> {
    const group = await this.store.groupOfNomination(nominationId);
    if (!group) return;
    const facts = await this.store.takeParked(nominationId);
    if (facts.length === 0) return;
    await this.store.change(group.groupId, group.municipalityId, (g) => facts.reduce(applyGroupFact, g));
  }

  /** A group learns its police area from its area once the area is known (a nomination's own police area wins). */
  private placed(group: ProjectedGroup): ProjectedGroup {
    if (group.policeAreaId !== null || group.areaId === null) return group;
    const policeAreaId = this.areas.policeAreaOf(group.municipalityId, group.areaId);
    return policeAreaId ? { ...group, policeAreaId } : group;
  }
}
