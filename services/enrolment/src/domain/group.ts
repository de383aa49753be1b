import { nameBasedUuid } from '@trygg/values';
import type { Address } from './address';
import { householdKey } from './address';
import type { ActivityCheck, FollowUpReason } from './activity-check';
import type { Sign } from './sign';

/**
 * A neighbourhood-watch group (grannsamverkansgrupp) of one area. An area can hold several groups.
 * Status: forming → awaiting-approval (a contact person is nominated) → active (the first contact person is
 * approved) → paused ⇄ active → closed. Members are households; one main contact person, optional deputies.
 * Pure domain: every change returns the new group and what happened (the use case turns that into events).
 */
export type GroupStatus = 'forming' | 'awaiting-approval' | 'active' | 'paused' | 'closed';
export type MemberRole = 'member' | 'contact-person' | 'deputy';

export interface Member {
  memberId: string;
  personId: string;
  registrationId: string | null;
  role: MemberRole;
  householdKey: string;
  joinedAt: Date;
}

export interface Nomination {
  nominationId: string;
  personId: string;
  memberId: string;
  /** `revoked`: the police revoked their approval (police.decision-recorded.v1, outcome revoked); final. */
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'revoked';
  nominatedAt: Date;
  decidedAt: Date | null;
  reason: string | null;
  /** Set when the main contact person handed over to this member: on approval they take over the role. */
  handOverFrom?: string | null;
}

/** A household of the group's part of the area that said no: the address only, never contact details. */
export interface DeclinedHousehold {
  id: string;
  address: Pick<Address, 'street' | 'number' | 'postcode'>;
  householdKey: string;
  recordedAt: Date;
}

export interface HistoryEntry {
  at: Date;
  action: string;
  actor: string;
  details: Record<string, string | number | boolean | null>;
}

export interface Group {
  id: string;
  municipalityId: string;
  areaId: string;
  name: string;
  status: GroupStatus;
  members: Record<string, Member>;
  /** For lookups (FerretDB has no positional queries on maps): registration ids and nomination ids of the group. */
  registrationIds: string[];
  nominationIds: string[];
  nominations: Record<string, Nomination>;
  /** personId of the main contact person (kontaktombud). */
  contactPersonId: string | null;
  declinedHouseholds: Record<string, DeclinedHousehold>;
  /** How many households the group's part of the area has, when known (for coverage). */
  householdCount: number | null;
  startMeetingDate: string | null;
  signsUp: boolean;
  /** The group's street signs (skyltar), by id. */
  signs: Record<string, Sign>;
  history: HistoryEntry[];
  createdAt: Date;
  activatedAt: Date | null;
  /** The yearly "still active?" check: the current or last one. */
  activityCheck: ActivityCheck | null;
  lastActiveConfirmedAt: Date | null;
  /** Set when the coordinator should follow the group up (no answer, not active, list outdated). */
  followUp: { reason: FollowUpReason; since: Date } | null;
}

const HISTORY_LIMIT = 500;

function withHistory(group: Group, entry: HistoryEntry): Group {
  return { ...group, history: [...group.history, entry].slice(-HISTORY_LIMIT) };
}

export function createGroup(input: { id: string; municipalityId: string; areaId: string; name: string }, now: Date, actor: string): Group {
  return withHistory(
    {
      ...input,
      status: 'forming',
      members: {},
      registrationIds: [],
      nominationIds: [],
      nominations: {},
      contactPersonId: null,
      declinedHouseholds: {},
      householdCount: null,
      startMeetingDate: null,
      signsUp: false,
      signs: {},
      history: [],
      createdAt: now,
      activatedAt: null,
      activityCheck: null,
      lastActiveConfirmedAt: null,
      followUp: null,
    },
    { at: now, action: 'group-created', actor, details: { name: input.name } },
  );
}

/** Whether a new household may join (not closed, not full). */
export function isOpen(group: Group, maxHouseholds: number | null): boolean {
  if (group.status === 'closed' || group.status === 'paused') return false;
  return maxHouseholds === null || householdsJoined(group) < maxHouseholds;
}

const STATUS_PREFERENCE: Record<GroupStatus, number> = { active: 0, 'awaiting-approval': 1, forming: 2, paused: 9, closed: 9 };

/**
 * The group a confirmed household joins: an open group of the area, active ones first, then the oldest.
 * `null` means "start a new forming group".
 */
export function chooseGroup(groups: readonly Group[], maxHouseholds: number | null): Group | null {
  const open = groups.filter((g) => isOpen(g, maxHouseholds));
  open.sort((a, b) => STATUS_PREFERENCE[a.status] - STATUS_PREFERENCE[b.status] || a.createdAt.getTime() - b.createdAt.getTime());
  return open[0] ?? null;
}

/** The namespace of the name-based UUIDs (RFC 9562 version 5) of the groups a registration founds. */
const FOUNDED_GROUP_NAMESPACE = '4f1c2a9e-8b3d-4c5f-a6e7-d8c9b0a1f2e3';

/**
 * The id of the group a registration founds (intent start-group, or an area without an open group): derived from the
 * registration, so two placements of the same registration at once (a confirmation and the resume job, in one
 * instance or two) cannot both create one — the second insert finds the id taken and that placement finds the group.
 */
export function foundedGroupId(registrationId: string): string {
  return nameBasedUuid(FOUNDED_GROUP_NAMESPACE, registrationId);
}

/** "Nödinge centrum 2" for the second group of the area. */
export function nextGroupName(areaName: string, existing: readonly Group[]): string {
  const names = new Set(existing.map((g) => g.name));
  for (let n = existing.length + 1; ; n++) {
    const name = `${areaName} ${n}`;
    if (!names.has(name)) return name;
  }
}

export interface NewMember {
  memberId: string;
  personId: string;
  registrationId: string | null;
  address: Pick<Address, 'street' | 'number' | 'postcode'>;
}

/** Adds a household. Adding the same member again changes nothing (`joined: false`). */
export function addMember(group: Group, member: NewMember, now: Date, actor: string): { group: Group; joined: boolean } {
  if (group.members[member.memberId]) return { group, joined: false };
  const added: Member = {
    memberId: member.memberId,
    personId: member.personId,
    registrationId: member.registrationId,
    role: 'member',
    householdKey: householdKey(member.address),
    joinedAt: now,
  };
  const next: Group = {
    ...group,
    members: { ...group.members, [member.memberId]: added },
    registrationIds: member.registrationId ? [...group.registrationIds, member.registrationId] : group.registrationIds,
  };
  return { group: withHistory(next, { at: now, action: 'member-joined', actor, details: { memberId: member.memberId } }), joined: true };
}

/** Nominates a member as contact person; the group waits for approval unless it already is active. */
export function nominate(group: Group, input: { nominationId: string; memberId: string; handOverFrom?: string | null }, now: Date, actor: string): { group: Group; nominated: boolean } {
  const member = group.members[input.memberId];
  if (!member) throw new Error(`member ${input.memberId} is not in group ${group.id}`);
  const already = Object.values(group.nominations).some((n) => n.memberId === input.memberId && (n.status === 'pending' || n.status === 'approved'));
  if (already || group.nominations[input.nominationId]) return { group, nominated: false };
  const nomination: Nomination = {
    nominationId: input.nominationId,
    personId: member.personId,
    memberId: member.memberId,
    status: 'pending',
    nominatedAt: now,
    decidedAt: null,
    reason: null,
    handOverFrom: input.handOverFrom ?? null,
  };
  const next: Group = {
    ...group,
    status: group.status === 'forming' ? 'awaiting-approval' : group.status,
    nominations: { ...group.nominations, [input.nominationId]: nomination },
    nominationIds: [...group.nominationIds, input.nominationId],
  };
  return { group: withHistory(next, { at: now, action: 'contact-person-nominated', actor, details: { nominationId: input.nominationId, memberId: member.memberId } }), nominated: true };
}

export type OnboardingOutcome = 'approved' | 'rejected' | 'withdrawn';

/**
 * The contact-person onboarding ended. Approved: the first approved person becomes the main contact person and
 * the group becomes active (`activated: true`); later ones become deputies. Rejected or withdrawn: recorded; a
 * group with nobody left to wait for goes back to forming. A decision already recorded changes nothing.
 */
export function decideNomination(
  group: Group,
  input: { nominationId: string; outcome: OnboardingOutcome; reason: string | null },
  now: Date,
  actor: string,
): { group: Group; activated: boolean; changed: boolean } {
  const nomination = group.nominations[input.nominationId];
  if (!nomination) throw new Error(`nomination ${input.nominationId} is not in group ${group.id}`);
  if (nomination.status !== 'pending') return { group, activated: false, changed: false };
  const decided: Nomination = { ...nomination, status: input.outcome, decidedAt: now, reason: input.reason };
  let next: Group = { ...group, nominations: { ...group.nominations, [nomination.nominationId]: decided } };
  let activated = false;
  const member = next.members[nomination.memberId];
  if (input.outcome === 'approved' && member) {
    const takesOver = nomination.handOverFrom != null && nomination.handOverFrom === next.contactPersonId;
    const main = next.contactPersonId === null || takesOver;
    const members = { ...next.members, [member.memberId]: { ...member, role: main ? ('contact-person' as const) : ('deputy' as const) } };
    if (takesOver) {
      // The one who handed over stays in the group as a member.
      for (const other of Object.values(members)) if (other.personId === nomination.handOverFrom && other.memberId !== member.memberId) members[other.memberId] = { ...other, role: 'member' };
    }
    next = {
      ...next,
      contactPersonId: main ? member.personId : next.contactPersonId,
      members,
      // A group that lost its contact person (a revocation) has one again.
      followUp: main && next.followUp?.reason === 'no-contact-person' ? null : next.followUp,
    };
    if (next.status === 'forming' || next.status === 'awaiting-approval') {
      next = { ...next, status: 'active', activatedAt: now };
      activated = true;
    }
  } else if (next.status === 'awaiting-approval' && !Object.values(next.nominations).some((n) => n.status === 'pending')) {
    next = { ...next, status: 'forming' };
  }
  next = withHistory(next, {
    at: now,
    action: `contact-person-${input.outcome}`,
    actor,
    details: { nominationId: nomination.nominationId, reason: input.reason, groupActivated: activated },
  });
  return { group: next, activated, changed: true };
}

/** A member leaves (by choice, or erased). A contact person who leaves leaves the role too. */
export function removeMember(group: Group, memberId: string, now: Date, actor: string, reason: string): { group: Group; removed: Member | null } {
  const member = group.members[memberId];
  if (!member) return { group, removed: null };
  const members = { ...group.members };
  delete members[memberId];
  const nominations = Object.fromEntries(
    Object.entries(group.nominations).map(([id, n]) => [id, n.memberId === memberId && n.status === 'pending' ? { ...n, status: 'withdrawn' as const, decidedAt: now } : n]),
  );
  let next: Group = {
    ...group,
    members,
    nominations,
    registrationIds: group.registrationIds.filter((id) => id !== member.registrationId),
    contactPersonId: group.contactPersonId === member.personId ? null : group.contactPersonId,
  };
  if (next.status === 'awaiting-approval' && !Object.values(next.nominations).some((n) => n.status === 'pending')) next = { ...next, status: 'forming' };
  return { group: withHistory(next, { at: now, action: 'member-left', actor, details: { memberId, reason } }), removed: member };
}

export class InvalidGroupChange extends Error {
  constructor(readonly code: 'invalid_status_change' | 'not_contact_person' | 'invalid_hand_over', message: string) {
    super(message);
  }
}

const STAFF_TRANSITIONS: Record<GroupStatus, GroupStatus[]> = {
  forming: ['closed'],
  'awaiting-approval': ['closed'],
  active: ['paused', 'closed'],
  paused: ['active', 'closed'],
  closed: [],
};

export interface GroupEdit {
  name?: string | undefined;
  status?: GroupStatus | undefined;
  startMeetingDate?: string | null | undefined;
  signsUp?: boolean | undefined;
  householdCount?: number | null | undefined;
}

/** What the coordinator may change by hand; activation comes only from an approved contact person. */
export function editGroup(group: Group, edit: GroupEdit, now: Date, actor: string): Group {
  let next = { ...group };
  const details: Record<string, string | number | boolean | null> = {};
  if (edit.status !== undefined && edit.status !== group.status) {
    if (!STAFF_TRANSITIONS[group.status].includes(edit.status)) {
      throw new InvalidGroupChange('invalid_status_change', `a ${group.status} group cannot become ${edit.status}`);
    }
    if (edit.status === 'active' && group.contactPersonId === null) {
      throw new InvalidGroupChange('invalid_status_change', 'a group without an approved contact person cannot be active');
    }
    next.status = edit.status;
    details['status'] = edit.status;
  }
  if (edit.name !== undefined) next.name = details['name'] = edit.name;
  if (edit.startMeetingDate !== undefined) next.startMeetingDate = details['startMeetingDate'] = edit.startMeetingDate;
  if (edit.signsUp !== undefined) next.signsUp = details['signsUp'] = edit.signsUp;
  if (edit.householdCount !== undefined) next.householdCount = details['householdCount'] = edit.householdCount;
  next = withHistory(next, { at: now, action: 'group-edited', actor, details });
  return next;
}

export function recordDeclinedHousehold(group: Group, household: { id: string; address: Pick<Address, 'street' | 'number' | 'postcode'> }, now: Date, actor: string): Group {
  const key = householdKey(household.address);
  if (Object.values(group.declinedHouseholds).some((h) => h.householdKey === key)) return group;
  const next = {
    ...group,
    declinedHouseholds: { ...group.declinedHouseholds, [household.id]: { id: household.id, address: household.address, householdKey: key, recordedAt: now } },
  };
  return withHistory(next, { at: now, action: 'household-declined', actor, details: { householdId: household.id } });
}

export function removeDeclinedHousehold(group: Group, id: string, now: Date, actor: string): Group {
  if (!group.declinedHouseholds[id]) return group;
  const declinedHouseholds = { ...group.declinedHouseholds };
  delete declinedHouseholds[id];
  return withHistory({ ...group, declinedHouseholds }, { at: now, action: 'household-removed', actor, details: { householdId: id } });
}

/** Households that joined: distinct addresses among the members (two people at one address are one household). */
export function householdsJoined(group: Group): number {
  return new Set(Object.values(group.members).map((m) => m.householdKey)).size;
}

export function householdsDeclined(group: Group): number {
  return Object.keys(group.declinedHouseholds).length;
}

export function hasPendingNomination(group: Group): boolean {
  return Object.values(group.nominations).some((n) => n.status === 'pending');
}

/**
 * Brings in a contact person or deputy from an existing group's list (CSV import): they were approved before the
 * system existed, so the role is given directly and a group with a contact person is active.
 */
export function appointImported(group: Group, memberId: string, role: 'contact-person' | 'deputy', now: Date, actor: string): Group {
  const member = group.members[memberId];
  if (!member) throw new Error(`member ${memberId} is not in group ${group.id}`);
  const main = role === 'contact-person' && (group.contactPersonId === null || group.contactPersonId === member.personId);
  const next: Group = {
    ...group,
    members: { ...group.members, [memberId]: { ...member, role: main ? 'contact-person' : 'deputy' } },
    contactPersonId: main ? member.personId : group.contactPersonId,
  };
  if (main && (next.status === 'forming' || next.status === 'awaiting-approval')) {
    next.status = 'active';
    next.activatedAt = now;
  }
  return withHistory(next, { at: now, action: 'contact-person-imported', actor, details: { memberId, role: main ? 'contact-person' : 'deputy' } });
}

/**
 * The main contact person hands the role over. To an approved deputy: at once (the former contact person stays as a
 * member). To another member: that member is nominated (the municipality's contact-person onboarding runs) and takes
 * over when approved. A new person first registers with "I can be kontaktombud" and becomes a deputy when approved.
 */
export function handOver(
  group: Group,
  input: { fromPersonId: string; toMemberId: string; nominationId: string },
  now: Date,
  actor: string,
): { group: Group; outcome: 'handed-over' | 'nominated' } {
  if (group.contactPersonId !== input.fromPersonId) throw new InvalidGroupChange('not_contact_person', 'only the main contact person can hand over');
  const to = group.members[input.toMemberId];
  if (!to || to.personId === input.fromPersonId) throw new InvalidGroupChange('invalid_hand_over', 'hand over to another member of the group');
  if (to.role === 'deputy') {
    const members = { ...group.members };
    for (const m of Object.values(members)) if (m.personId === input.fromPersonId) members[m.memberId] = { ...m, role: 'member' };
    members[to.memberId] = { ...to, role: 'contact-person' };
    const next = { ...group, members, contactPersonId: to.personId };
    return { group: withHistory(next, { at: now, action: 'contact-person-handed-over', actor, details: { toMemberId: to.memberId } }), outcome: 'handed-over' };
  }
  const nominated = nominate(group, { nominationId: input.nominationId, memberId: to.memberId, handOverFrom: input.fromPersonId }, now, actor);
  if (!nominated.nominated) throw new InvalidGroupChange('invalid_hand_over', 'that member is already nominated');
  return { group: nominated.group, outcome: 'nominated' };
}

/**
 * The police revoked their approval of a contact person (police.decision-recorded.v1, outcome `revoked`): the
 * nomination becomes `revoked` (final, with the police's reason), the person stays in the group as a member, and a
 * group whose main contact person it was has none: `contactPersonId` null and the coordinator's follow-up
 * `no-contact-person`, until another contact person is approved (the status stays: the group and its households
 * are still there; the coordinator decides, e.g. hands the role to a deputy). A nomination still pending (the
 * approval has not reached enrolment yet) is revoked too, so the late approval changes nothing. A nomination
 * revoked, rejected or withdrawn already: no change.
 */
export function revokeNomination(
  group: Group,
  input: { nominationId: string; reason: string },
  now: Date,
  actor: string,
): { group: Group; changed: boolean; lostContactPerson: boolean } {
  const nomination = group.nominations[input.nominationId];
  if (!nomination) throw new Error(`nomination ${input.nominationId} is not in group ${group.id}`);
  if (nomination.status !== 'approved' && nomination.status !== 'pending') return { group, changed: false, lostContactPerson: false };
  const revoked: Nomination = { ...nomination, status: 'revoked', decidedAt: nomination.decidedAt ?? now, reason: input.reason };
  const members = { ...group.members };
  const member = members[nomination.memberId];
  if (member && member.role !== 'member') members[member.memberId] = { ...member, role: 'member' };
  const lostContactPerson = group.contactPersonId !== null && group.contactPersonId === nomination.personId;
  let next: Group = {
    ...group,
    members,
    nominations: { ...group.nominations, [nomination.nominationId]: revoked },
    contactPersonId: lostContactPerson ? null : group.contactPersonId,
    followUp: lostContactPerson ? { reason: 'no-contact-person', since: now } : group.followUp,
  };
  if (next.status === 'awaiting-approval' && !hasPendingNomination(next)) next = { ...next, status: 'forming' };
  next = withHistory(next, { at: now, action: 'contact-person-revoked', actor, details: { nominationId: nomination.nominationId, memberId: nomination.memberId, lostContactPerson } });
  return { group: next, changed: true, lostContactPerson };
}

