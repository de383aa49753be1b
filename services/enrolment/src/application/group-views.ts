import { redactPerson } from '@trygg/values';
import type { Address } from '../domain/address';
import { type Coverage, groupCoverage } from '../domain/coverage';
import { type Group, type GroupStatus, hasPendingNomination } from '../domain/group';
import { emailNotWorkingSince, type Registration } from '../domain/registration';
import type { Sign } from '../domain/sign';
import type { StaffMember } from './audit-actors';
import { NotFound } from './errors';
import type { GroupRepository, MunicipalityCatalogue, RegistrationRepository } from './ports';

/**
 * What the coordinator's use cases show of groups, people and signs (shared by the triage list, the group list, the
 * group page, the group edit and the member export). A person with protected identity (skyddad identitet) is shown
 * only to a coordinator holding the `protected-identity` permission; to anyone else as "Skyddad person", without
 * name, address, email or mobile (`PROTECTED_PERSON` and the rule are libs/values').
 */

/** What staff see of a person. */
export interface PersonView {
  personId: string;
  name: string | null;
  email: string | null;
  mobile: string | null;
  protectedIdentity: boolean;
}

/** Does this viewer see the registration's person in full (not protected, or the viewer holds the permission)? */
export function seesInFull(r: Registration, viewer: Pick<StaffMember, 'seesProtectedIdentity'>): boolean {
  return !r.protectedIdentity || viewer.seesProtectedIdentity;
}

export function personView(r: Registration, viewer: Pick<StaffMember, 'seesProtectedIdentity'>): PersonView {
  const view: PersonView = { personId: r.personId, name: r.name, email: r.email, mobile: r.mobile, protectedIdentity: r.protectedIdentity };
  return redactPerson(view, r.protectedIdentity, viewer.seesProtectedIdentity, { name: ['name'], clear: ['email', 'mobile'] });
}

/** The registration's address, unless the viewer may not see it (protected identity). */
export function addressView(r: Registration, viewer: Pick<StaffMember, 'seesProtectedIdentity'>): Address | null {
  return seesInFull(r, viewer) ? r.address : null;
}

export interface GroupSummary {
  id: string;
  name: string;
  areaId: string;
  areaName: string;
  status: GroupStatus;
  memberCount: number;
  contactPerson: { personId: string; name: string | null } | null;
  deputies: Array<{ personId: string; name: string | null }>;
  waitingForPolice: boolean;
  /** Which nominations the group waits for (their onboarding still runs), oldest first: what `waitingForPolice` is about. */
  pendingNominations: Array<{ nominationId: string; personId: string; name: string | null; nominatedAt: string }>;
  startMeetingDate: string | null;
  signsUp: boolean;
  householdCount: number | null;
  coverage: Coverage;
  /** Why the coordinator should follow the group up (yearly check unanswered, not active, list outdated), or null. */
  followUp: { reason: string; since: string } | null;
  activityCheck: { startedAt: string; remindersSent: number; answeredAt: string | null; answer: string | null } | null;
}

export interface GroupPage extends GroupSummary {
  /** `emailNotWorkingSince`: the household's email address bounced (stale contacts), or null. */
  members: Array<PersonView & { memberId: string; address: Address | null; role: string; joinedAt: string; emailNotWorkingSince: string | null }>;
  /** Members with protected identity the viewer sees only as "Skyddad person" (without the permission). */
  hiddenMembers: number;
  households: Array<{ id: string; address: { street: string; number: string; postcode: string }; status: 'declined' }>;
  nominations: Array<{ nominationId: string; personId: string; name: string | null; status: string; reason: string | null }>;
  signs: SignView[];
  history: Array<{ at: string; action: string; actor: string; details: Record<string, string | number | boolean | null> }>;
}

export interface SignView {
  id: string;
  place: string;
  putUpAt: string | null;
  condition: Sign['condition'];
  lastReport: { at: string; kind: string; note: string | null } | null;
}

export function signView(sign: Sign): SignView {
  const last = sign.reports.at(-1);
  return {
    id: sign.id,
    place: sign.place,
    putUpAt: sign.putUpAt,
    condition: sign.condition,
    lastReport: last ? { at: last.at.toISOString(), kind: last.kind, note: last.note } : null,
  };
}

/** The registrations of the groups' members, by registration id. */
export async function peopleOf(registrations: RegistrationRepository, m: string, groups: readonly Group[]): Promise<Map<string, Registration>> {
  const ids = groups.flatMap((g) => Object.values(g.members).flatMap((x) => (x.registrationId ? [x.registrationId] : [])));
  return new Map((await registrations.findManyByIds(m, ids)).map((r) => [r.id, r]));
}

export function groupSummary(municipalities: MunicipalityCatalogue, m: string, group: Group, people: Map<string, Registration>, viewer: Pick<StaffMember, 'seesProtectedIdentity'>): GroupSummary {
  const nameOf = (personId: string) => {
    const r = [...people.values()].find((x) => x.personId === personId);
    return r ? personView(r, viewer).name : null;
  };
  const deputies = Object.values(group.members).filter((x) => x.role === 'deputy');
  return {
    id: group.id,
    name: group.name,
    areaId: group.areaId,
    areaName: municipalities.area(m, group.areaId)?.name ?? group.areaId,
    status: group.status,
    memberCount: Object.keys(group.members).length,
    contactPerson: group.contactPersonId ? { personId: group.contactPersonId, name: nameOf(group.contactPersonId) } : null,
    deputies: deputies.map((d) => ({ personId: d.personId, name: nameOf(d.personId) })),
    waitingForPolice: hasPendingNomination(group),
    pendingNominations: Object.values(group.nominations)
      .filter((n) => n.status === 'pending')
      .sort((a, b) => a.nominatedAt.getTime() - b.nominatedAt.getTime())
      .map((n) => ({ nominationId: n.nominationId, personId: n.personId, name: nameOf(n.personId), nominatedAt: n.nominatedAt.toISOString() })),
    startMeetingDate: group.startMeetingDate,
    signsUp: group.signsUp,
    householdCount: group.householdCount,
    coverage: groupCoverage(group),
    followUp: group.followUp ? { reason: group.followUp.reason, since: group.followUp.since.toISOString() } : null,
    activityCheck: group.activityCheck
      ? {
          startedAt: group.activityCheck.startedAt.toISOString(),
          remindersSent: group.activityCheck.remindersSent,
          answeredAt: group.activityCheck.answeredAt?.toISOString() ?? null,
          answer: group.activityCheck.answer,
        }
      : null,
  };
}

/** The coordinator's page of one group (404 when the municipality has no such group). */
export async function loadGroupPage(
  ports: { registrations: RegistrationRepository; groups: GroupRepository; municipalities: MunicipalityCatalogue },
  m: string,
  groupId: string,
  viewer: Pick<StaffMember, 'seesProtectedIdentity'>,
): Promise<GroupPage> {
  const group = await ports.groups.findById(m, groupId);
  if (!group) throw new NotFound('group');
  const people = await peopleOf(ports.registrations, m, [group]);
  const members = Object.values(group.members).map((member) => ({ member, registration: member.registrationId ? people.get(member.registrationId) : undefined }));
  return {
    ...groupSummary(ports.municipalities, m, group, people, viewer),
    members: members.map(({ member, registration }) => ({
      memberId: member.memberId,
      ...(registration ? personView(registration, viewer) : { personId: member.personId, name: null, email: null, mobile: null, protectedIdentity: false }),
      address: registration ? addressView(registration, viewer) : null,
      role: member.role,
      joinedAt: member.joinedAt.toISOString(),
      emailNotWorkingSince: registration ? (emailNotWorkingSince(registration)?.toISOString() ?? null) : null,
    })),
    hiddenMembers: members.filter(({ registration }) => registration && !seesInFull(registration, viewer)).length,
    households: Object.values(group.declinedHouseholds).map((h) => ({ id: h.id, address: h.address, status: 'declined' as const })),
    nominations: Object.values(group.nominations).map((n) => {
      const registration = members.find((x) => x.member.memberId === n.memberId)?.registration;
      return { nominationId: n.nominationId, personId: n.personId, name: registration ? personView(registration, viewer).name : null, status: n.status, reason: n.reason };
    }),
    signs: Object.values(group.signs).map(signView),
    history: group.history.map((h) => ({ at: h.at.toISOString(), action: h.action, actor: h.actor, details: h.details })),
  };
}
