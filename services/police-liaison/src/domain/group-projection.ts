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
  /** null: heard of only by a fact without a status (e.g. a member left a group not otherwise known yet). */
  status: GroupStatus | null;
  /** When the status was set; null for a status assumed (a group seen only through a member joining: forming). */
  statusAt: string | null;
  /** personId → whether they are an active contact person (main or deputy), and when that was said. */
  contactPersons: Record<string, { active: boolean; at: string }>;
  /** The newest snapshot's time: a fact about a contact person older than it changes nothing. */
  contactPersonsAt: string | null;
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
  return { groupId, municipalityId, areaId: null, policeAreaId: null, status: null, statusAt: null, contactPersons: {}, contactPersonsAt: null, nominations: [] };
}

const newer = (at: string, than: string | null) => than === null || at > than;

function setStatus(group: ProjectedGroup, status: GroupStatus, at: string): ProjectedGroup {
  return newer(at, group.statusAt) ? { ...group, status, statusAt: at } : group;
}

function setContactPerson(group: ProjectedGroup, personId: string | null, active: boolean, at: string): ProjectedGroup {
  if (personId === null) return group;
  const known = group.contactPersons[personId];
  if (!newer(at, group.contactPersonsAt) || (known && !newer(at, known.at))) return group;
  return { ...group, contactPersons: { ...group.contactPersons, [personId]: { active, at } } };
}

/** A group waiting for approval with no nomination pending any more is forming again (enrolment's rule). */
function settleAwaiting(group: ProjectedGroup, at: string): ProjectedGroup {
  if (group.status !== 'awaiting-approval' || group.nominations.some((n) => n.status === 'pending')) return group;
  return setStatus(group, 'forming', at);
}

/** The group after one fact; the same fact twice gives the same group (idempotent). */
export function applyGroupFact(group: ProjectedGroup, fact: GroupFact): ProjectedGroup {
  let next: ProjectedGroup = 'areaId' in fact && group.areaId === null ? { ...group, areaId: fact.areaId } : group;
  switch (fact.kind) {
    case 'member-joined':
      return next.status === null ? { ...next, status: 'forming', statusAt: null } : next;
    case 'nominated': {
      next = { ...next, policeAreaId: fact.policeAreaId };
      if (!next.nominations.some((n) => n.nominationId === fact.nominationId)) {
        next = { ...next, nominations: [...next.nominations, { nominationId: fact.nominationId, personId: fact.personId, status: 'pending', at: fact.at }] };
      }
      return next.status === null || next.status === 'forming' ? setStatus(next, 'awaiting-approval', fact.at) : next;
    }
    case 'activated':
      return setContactPerson(setStatus(next, 'active', fact.at), fact.contactPersonId, true, fact.at);
    case 'nomination-decided': {
      const nomination = next.nominations.find((n) => n.nominationId === fact.nominationId);
      if (!nomination) return next;
      const status = fact.outcome === 'approved' ? 'approved' : 'ended';
      if (nomination.status === 'pending' || newer(fact.at, nomination.at)) {
        next = { ...next, nominations: next.nominations.map((n) => (n === nomination ? { ...n, status, at: fact.at } : n)) };
      }
      next = setContactPerson(next, nomination.personId, fact.outcome === 'approved', fact.at);
      if (fact.outcome === 'approved' && (next.status === null || next.status === 'forming' || next.status === 'awaiting-approval')) return setStatus(next, 'active', fact.at);
      return settleAwaiting(next, fact.at);
    }
    case 'revoked': {
      next = { ...next, nominations: next.nominations.map((n) => (n.nominationId === fact.nominationId ? { ...n, status: 'ended' as const, at: fact.at } : n)) };
      const personId = next.nominations.find((n) => n.nominationId === fact.nominationId)?.personId ?? fact.personId;
      return settleAwaiting(setContactPerson(next, personId, false, fact.at), fact.at);
    }
    case 'member-left':
      next = { ...next, nominations: next.nominations.map((n) => (n.personId === fact.personId && n.status === 'pending' ? { ...n, status: 'ended' as const, at: fact.at } : n)) };
      return settleAwaiting(setContactPerson(next, fact.personId, false, fact.at), fact.at);
    case 'snapshot': {
      next = { ...next, areaId: fact.areaId };
      next = setStatus(next, fact.status, fact.at);
      if (!newer(fact.at, next.contactPersonsAt)) return next;
      const persons: ProjectedGroup['contactPersons'] = {};
      // A person's own fact newer than the snapshot stands; everyone else takes the snapshot's word.
      for (const [personId, state] of Object.entries(next.contactPersons)) persons[personId] = state.at > fact.at ? state : { active: fact.contactPersonIds.includes(personId), at: fact.at };
      for (const personId of fact.contactPersonIds) persons[personId] ??= { active: true, at: fact.at };
      return { ...next, contactPersons: persons, contactPersonsAt: fact.at };
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
