/**
 * Police-liaison's own picture of the groups (issue 14: the officer's overview), built from enrolment's and
 * onboarding's events only — never from enrolment's database. Pure rules, no framework, no database.
 *
 * Order-tolerant: events of different topics arrive in any order, so every field keeps the time of the fact that set
 * it and a fact changes it only when it is newer (by the event's `occurredAt`; newest wins). The group's status and
 * each contact person are separate fields. `enrolment.group-status-changed.v1` is a snapshot (the status and every
 * active contact person after a change); the older events (member-joined, contact-person-nominated, group-activated,
 * onboarding.completed, a revocation, member-left) give the same picture for groups whose changes predate it.
 */
export const GROUP_STATUSES = ['forming', 'awaiting-approval', 'active', 'paused', 'closed'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

export interface ProjectedNomination {
  nominationId: string;
  /** null once the person is erased. */
  personId: string | null;
  status: 'pending' | 'approved' | 'ended';
  at: string;
}

export interface ProjectedGroup {
  groupId: string;
  municipalityId: string;
  areaId: string | null;
  /** From the nomination, else the area's police area (areas.yaml), else the municipality's first; null: not placeable yet. */
  policeAreaId: string | null;
  /**
   * The status the overview counts (derived by `statusOf` after every fact): the newest snapshot's, else the one the
   * older events imply; null when only a fact without a status is known (e.g. a member left a group not known yet).
   */
  status: GroupStatus | null;
  /** The newest snapshot's status and time (enrolment.group-status-changed.v1). */
  snapshotStatus: GroupStatus | null;
  snapshotAt: string | null;
  /** From the older events: the group was seen (a member joined, a nomination), and when it first became active. */
  seen: boolean;
  activatedAt: string | null;
  /** personId → whether they are an active contact person (main or deputy), and when that was said. */
  contactPersons: Record<string, { active: boolean; at: string }>;
  nominations: ProjectedNomination[];
}

export type GroupFact =
  /** enrolment.member-joined.v1: the group exists (forming, unless something newer is known). */
  | { kind: 'member-joined'; at: string; areaId: string }
  /** enrolment.contact-person-nominated.v1 */
  | { kind: 'nominated'; at: string; areaId: string; policeAreaId: string; nominationId: string; personId: string }
  /** enrolment.group-activated.v1 */
  | { kind: 'activated'; at: string; areaId: string; contactPersonId: string }
  /** onboarding.completed.v1 of a contact-person nomination. */
  | { kind: 'nomination-decided'; at: string; nominationId: string; outcome: 'approved' | 'rejected' | 'withdrawn' }
  /** police.decision-recorded.v1 with outcome revoked: the contact person is deactivated. */
  | { kind: 'revoked'; at: string; nominationId: string; personId: string }
  /** enrolment.member-left.v1: a contact person who leaves leaves the role. */
  | { kind: 'member-left'; at: string; personId: string }
  /** enrolment.group-status-changed.v1: the state after the change. */
  | { kind: 'snapshot'; at: string; areaId: string; status: GroupStatus; contactPersonIds: readonly string[] };

export function newGroup(groupId: string, municipalityId: string): ProjectedGroup {
  return { groupId, municipalityId, areaId: null, policeAreaId: null, status: null, snapshotStatus: null, snapshotAt: null, seen: false, activatedAt: null, contactPersons: {}, nominations: [] };
}

const newer = (at: string, than: string | null) => than === null || at > than;
const earliest = (a: string | null, b: string) => (a === null || b < a ? b : a);

/**
 * The status, the same whatever order the facts came in: the newest snapshot's when there is one (enrolment writes a
 * snapshot with every change of the status, so once one is known the older events only tell about contact persons);
 * else what the older events imply — active once a contact person was approved (enrolment never leaves active but by
 * a coordinator's edit, which only a snapshot tells), awaiting approval while a nomination is pending, else forming.
 */
export function statusOf(group: Omit<ProjectedGroup, 'status'>): GroupStatus | null {
  if (group.snapshotStatus !== null) return group.snapshotStatus;
  if (group.activatedAt !== null) return 'active';
  if (group.nominations.some((n) => n.status === 'pending')) return 'awaiting-approval';
  return group.seen ? 'forming' : null;
}

/** Newest wins per person (the time of the fact that said it); a fact older than the newest snapshot changes nothing. */
function setContactPerson(group: ProjectedGroup, personId: string | null, active: boolean, at: string): ProjectedGroup {
  if (personId === null || !newer(at, group.snapshotAt)) return group;
  const known = group.contactPersons[personId];
  if (known && !newer(at, known.at)) return group;
  return { ...group, contactPersons: { ...group.contactPersons, [personId]: { active, at } } };
}

/** A nomination's state: pending until decided; between decisions the newest wins. */
function setNomination(group: ProjectedGroup, nominationId: string, status: 'approved' | 'ended', at: string): ProjectedGroup {
  return { ...group, nominations: group.nominations.map((n) => (n.nominationId === nominationId && (n.status === 'pending' || newer(at, n.at)) ? { ...n, status, at } : n)) };
}

/** The group after one fact; the same fact twice gives the same group (idempotent). */
export function applyGroupFact(group: ProjectedGroup, fact: GroupFact): ProjectedGroup {
  const next = applyFact('areaId' in fact && group.areaId === null ? { ...group, areaId: fact.areaId } : group, fact);
  return { ...next, status: statusOf(next) };
}

function applyFact(group: ProjectedGroup, fact: GroupFact): ProjectedGroup {
  switch (fact.kind) {
    case 'member-joined':
      return { ...group, seen: true };
    case 'nominated': {
      const next = { ...group, seen: true, policeAreaId: fact.policeAreaId };
      if (next.nominations.some((n) => n.nominationId === fact.nominationId)) return next;
      return { ...next, nominations: [...next.nominations, { nominationId: fact.nominationId, personId: fact.personId, status: 'pending', at: fact.at }] };
    }
    case 'activated':
      return setContactPerson({ ...group, seen: true, activatedAt: earliest(group.activatedAt, fact.at) }, fact.contactPersonId, true, fact.at);
    case 'nomination-decided': {
      const nomination = group.nominations.find((n) => n.nominationId === fact.nominationId);
      if (!nomination) return group;
      const approved = fact.outcome === 'approved';
      const next = setNomination(group, fact.nominationId, approved ? 'approved' : 'ended', fact.at);
      return setContactPerson(approved ? { ...next, activatedAt: earliest(next.activatedAt, fact.at) } : next, nomination.personId, approved, fact.at);
    }
    case 'revoked': {
      const next = setNomination(group, fact.nominationId, 'ended', fact.at);
      const nomination = next.nominations.find((n) => n.nominationId === fact.nominationId);
      const personId = nomination ? nomination.personId : fact.personId;
      return setContactPerson(next, personId, false, fact.at);
    }
    case 'member-left': {
      // A pending nomination of the one who left is withdrawn (enrolment's rule).
      const next = { ...group, nominations: group.nominations.map((n) => (n.personId === fact.personId && n.status === 'pending' ? { ...n, status: 'ended' as const, at: fact.at } : n)) };
      return setContactPerson(next, fact.personId, false, fact.at);
    }
    case 'snapshot': {
      if (!newer(fact.at, group.snapshotAt)) return group;
      const persons: ProjectedGroup['contactPersons'] = {};
      // A person's own fact newer than the snapshot stands; everyone else takes the snapshot's word.
      for (const [personId, state] of Object.entries(group.contactPersons)) persons[personId] = state.at > fact.at ? state : { active: fact.contactPersonIds.includes(personId), at: fact.at };
      for (const personId of fact.contactPersonIds) persons[personId] ??= { active: true, at: fact.at };
      return { ...group, areaId: fact.areaId, snapshotStatus: fact.status, snapshotAt: fact.at, contactPersons: persons };
    }
  }
}

/** The group's active contact persons' personIds. */
export function activeContactPersons(group: ProjectedGroup): string[] {
  return Object.entries(group.contactPersons)
    .filter(([, state]) => state.active)
    .map(([personId]) => personId);
}

/** Forgets a person (erasure): their contact-person state and their nominations' link to them. */
export function forgetPerson(group: ProjectedGroup, personId: string): { group: ProjectedGroup; changed: boolean } {
  const inNominations = group.nominations.some((n) => n.personId === personId);
  if (!(personId in group.contactPersons) && !inNominations) return { group, changed: false };
  const contactPersons = { ...group.contactPersons };
  delete contactPersons[personId];
  return { group: { ...group, contactPersons, nominations: group.nominations.map((n) => (n.personId === personId ? { ...n, personId: null } : n)) }, changed: true };
}

export interface GroupFigures {
  /** Groups per status (every status named, 0 included). */
  byStatus: Record<GroupStatus, number>;
  /** Distinct active contact persons (main and deputies) of the groups that are not closed. */
  activeContactPersons: number;
  /** Groups that are not closed and have no active contact person. */
  groupsWithoutContactPerson: number;
}

/** The overview's group figures of some groups (only those with a known status count). */
export function groupFigures(groups: readonly ProjectedGroup[]): GroupFigures {
  const counts = Object.fromEntries(GROUP_STATUSES.map((s) => [s, 0])) as Record<GroupStatus, number>;
  const persons = new Set<string>();
  let without = 0;
  for (const group of groups) {
    if (group.status === null) continue;
    counts[group.status]++;
    if (group.status === 'closed') continue;
    const active = activeContactPersons(group);
    active.forEach((p) => persons.add(p));
    if (active.length === 0) without++;
  }
  return { byStatus: counts, activeContactPersons: persons.size, groupsWithoutContactPerson: without };
}
