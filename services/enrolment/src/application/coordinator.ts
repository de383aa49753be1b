import { randomUUID } from 'node:crypto';
import { type Coverage, areaCoverage, groupCoverage } from '../domain/coverage';
import { toCsv } from '../domain/csv';
import { editGroup, type Group, type GroupEdit, type GroupStatus, hasPendingNomination, recordDeclinedHousehold, removeDeclinedHousehold } from '../domain/group';
import type { Address } from '../domain/address';
import { emailNotWorkingSince, type Registration } from '../domain/registration';
import { addSign, needsReplacement, type Sign, updateSign } from '../domain/sign';
import { Conflict, NotFound } from './errors';
import type { EventContext, PlaceRegistration, PlacementView } from './place-registration';
import type { AuditLog, Clock, GroupFilter, GroupRepository, MunicipalityCatalogue, RegistrationRepository } from './ports';

/** What staff see of a person: nothing identifying when the person has protected identity (skyddad identitet). */
interface PersonView {
  personId: string;
  name: string | null;
  email: string | null;
  mobile: string | null;
  protectedIdentity: boolean;
}

function personView(r: Registration): PersonView {
  return r.protectedIdentity
    ? { personId: r.personId, name: null, email: null, mobile: null, protectedIdentity: true }
    : { personId: r.personId, name: r.name, email: r.email, mobile: r.mobile, protectedIdentity: false };
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

/**
 * The coordinator's views and decisions (triage, groups, coverage, export). Every decision is audited with the
 * acting staff member. Every call is scoped to one municipality.
 */
export class Coordinator {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly placer: PlaceRegistration,
    private readonly audit: AuditLog,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async triage(m: string) {
    const items = await this.registrations.listTriage(m);
    return {
      items: items.map((r) => ({
        registrationId: r.id,
        ...personView(r),
        address: r.address,
        intent: r.intent,
        submittedAt: r.submittedAt.toISOString(),
        confirmedAt: r.confirmedAt?.toISOString() ?? null,
      })),
    };
  }

  async placeFromTriage(m: string, registrationId: string, target: { areaId: string; groupId: string | null }, actor: string, context: EventContext): Promise<PlacementView> {
    const registration = await this.registrations.findById(m, registrationId);
    if (!registration) throw new NotFound('registration');
    if (registration.status !== 'confirmed' || registration.placement.kind !== 'triage') throw new Conflict('not_in_triage', 'the registration is not in triage');
    const placement = await this.placer.place(registration, { kind: 'manual', areaId: target.areaId, groupId: target.groupId, actor }, context);
    await this.audit.record({
      municipalityId: m,
      at: this.clock(),
      actor,
      action: 'triage-placed',
      subject: { kind: 'registration', id: registrationId },
      details: { areaId: target.areaId, groupId: placement.kind === 'placed' ? placement.group.id : null },
    });
    return placement;
  }

  async areas(m: string) {
    const groups = await this.groups.list(m, {});
    return {
      areas: this.municipalities.areas(m).map((area) => {
        const own = groups.filter((g) => g.areaId === area.id);
        return { id: area.id, name: area.name, householdCount: area.householdCount, groupCount: own.filter((g) => g.status !== 'closed').length, coverage: areaCoverage(own, area.householdCount) };
      }),
    };
  }

  async listGroups(m: string, filter: GroupFilter & { waitingForPolice?: boolean | undefined; needsFollowUp?: boolean | undefined }) {
    const groups = await this.groups.list(m, { areaId: filter.areaId, status: filter.status });
    const selected = groups.filter(
      (g) =>
        (filter.waitingForPolice === undefined || hasPendingNomination(g) === filter.waitingForPolice) &&
        (filter.needsFollowUp === undefined || (g.followUp !== null) === filter.needsFollowUp),
    );
    const people = await this.peopleOf(m, selected);
    return { groups: selected.map((g) => this.summary(m, g, people)) };
  }

  async groupPage(m: string, groupId: string): Promise<GroupPage> {
    const group = await this.groups.findById(m, groupId);
    if (!group) throw new NotFound('group');
    const people = await this.peopleOf(m, [group]);
    const members = Object.values(group.members).map((member) => ({ member, registration: member.registrationId ? people.get(member.registrationId) : undefined }));
    const visible = members.filter(({ registration }) => !registration?.protectedIdentity);
    return {
      ...this.summary(m, group, people),
      members: visible.map(({ member, registration }) => ({
        memberId: member.memberId,
        ...(registration ? personView(registration) : { personId: member.personId, name: null, email: null, mobile: null, protectedIdentity: false }),
        address: registration?.address ?? null,
        role: member.role,
        joinedAt: member.joinedAt.toISOString(),
        emailNotWorkingSince: registration ? (emailNotWorkingSince(registration)?.toISOString() ?? null) : null,
      })),
      hiddenMembers: members.length - visible.length,
      households: Object.values(group.declinedHouseholds).map((h) => ({ id: h.id, address: h.address, status: 'declined' as const })),
      nominations: Object.values(group.nominations).map((n) => {
        const registration = members.find((x) => x.member.memberId === n.memberId)?.registration;
        return { nominationId: n.nominationId, personId: n.personId, name: registration && !registration.protectedIdentity ? registration.name : null, status: n.status, reason: n.reason };
      }),
      signs: Object.values(group.signs).map(signView),
      history: group.history.map((h) => ({ at: h.at.toISOString(), action: h.action, actor: h.actor, details: h.details })),
    };
  }

  /** Signs are only put up for active groups (409 signs_need_active_group otherwise). */
  async addSign(m: string, groupId: string, sign: { place: string; putUpAt: string | null }, actor: string): Promise<SignView> {
    const id = randomUUID();
    const now = this.clock();
    const updated = await this.groups.update(m, groupId, (current) => ({ next: addSign(current, { id, ...sign }, now, actor), events: [] }));
    const added = updated?.signs[id];
    if (!added) throw new NotFound('group');
    await this.audit.record({ municipalityId: m, at: now, actor, action: 'sign-added', subject: { kind: 'group', id: groupId }, details: { signId: id, place: sign.place } });
    return signView(added);
  }

  async updateSign(m: string, groupId: string, signId: string, change: { place?: string | undefined; putUpAt?: string | null | undefined; condition?: 'ok' | undefined }, actor: string): Promise<SignView> {
    const now = this.clock();
    const updated = await this.groups.update(m, groupId, (current) => ({ next: updateSign(current, signId, change, now, actor), events: [] }));
    const sign = updated?.signs[signId];
    if (!sign) throw new NotFound('group');
    await this.audit.record({ municipalityId: m, at: now, actor, action: change.condition === 'ok' ? 'sign-replaced' : 'sign-edited', subject: { kind: 'group', id: groupId }, details: { signId } });
    return signView(sign);
  }

  /** Every damaged or missing sign of the municipality: what to order and put up again. */
  async signReplacements(m: string) {
    const groups = await this.groups.list(m, {});
    return {
      items: groups.flatMap((g) =>
        Object.values(g.signs)
          .filter(needsReplacement)
          .map((s) => ({ groupId: g.id, groupName: g.name, areaId: g.areaId, areaName: this.municipalities.area(m, g.areaId)?.name ?? g.areaId, ...signView(s) })),
      ),
    };
  }

  async editGroup(m: string, groupId: string, edit: GroupEdit, actor: string): Promise<GroupPage> {
    const now = this.clock();
    const updated = await this.groups.update(m, groupId, (current) => ({ next: editGroup(current, edit, now, actor), events: [] }));
    if (!updated) throw new NotFound('group');
    await this.audit.record({ municipalityId: m, at: now, actor, action: 'group-edited', subject: { kind: 'group', id: groupId }, details: { ...edit } as Record<string, string | number | boolean | null> });
    return this.groupPage(m, groupId);
  }

  async recordDeclined(m: string, groupId: string, address: Pick<Address, 'street' | 'number' | 'postcode'>, actor: string): Promise<{ id: string }> {
    const now = this.clock();
    const id = randomUUID();
    const updated = await this.groups.update(m, groupId, (current) => ({ next: recordDeclinedHousehold(current, { id, address }, now, actor), events: [] }));
    if (!updated) throw new NotFound('group');
    const stored = Object.values(updated.declinedHouseholds).find((h) => h.address.street === address.street && h.address.number === address.number && h.address.postcode === address.postcode);
    await this.audit.record({ municipalityId: m, at: now, actor, action: 'household-declined', subject: { kind: 'group', id: groupId }, details: { householdId: stored?.id ?? id } });
    return { id: stored?.id ?? id };
  }

  async removeDeclined(m: string, groupId: string, householdId: string, actor: string): Promise<void> {
    const group = await this.groups.findById(m, groupId);
    if (!group || !group.declinedHouseholds[householdId]) throw new NotFound('household');
    const now = this.clock();
    await this.groups.update(m, groupId, (current) => (current.declinedHouseholds[householdId] ? { next: removeDeclinedHousehold(current, householdId, now, actor), events: [] } : null));
    await this.audit.record({ municipalityId: m, at: now, actor, action: 'household-removed', subject: { kind: 'group', id: groupId }, details: { householdId } });
  }

  /** The member list as Swedish Excel opens it (see domain/csv.ts). Protected-identity members are never exported. */
  async exportMembers(m: string, groupId: string, actor: string): Promise<{ filename: string; csv: string }> {
    const page = await this.groupPage(m, groupId);
    const roles: Record<string, string> = { member: 'Medlem', 'contact-person': 'Kontaktombud', deputy: 'Ersättare' };
    const csv = toCsv(
      ['Namn', 'E-post', 'Mobil', 'Gatuadress', 'Postnummer', 'Ort', 'Roll', 'Gick med', 'E-post fungerar inte'],
      page.members.map((x) => [
        x.name,
        x.email,
        x.mobile,
        x.address ? `${x.address.street} ${x.address.number}`.trim() : null,
        x.address?.postcode ?? null,
        x.address?.city ?? null,
        roles[x.role] ?? x.role,
        x.joinedAt.slice(0, 10),
        x.emailNotWorkingSince ? 'ja' : null,
      ]),
    );
    await this.audit.record({ municipalityId: m, at: this.clock(), actor, action: 'members-exported', subject: { kind: 'group', id: groupId }, details: { rows: page.members.length } });
    const slug = page.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return { filename: `grupp-${slug || groupId}.csv`, csv };
  }

  private async peopleOf(m: string, groups: readonly Group[]): Promise<Map<string, Registration>> {
    const ids = groups.flatMap((g) => Object.values(g.members).flatMap((x) => (x.registrationId ? [x.registrationId] : [])));
    return new Map((await this.registrations.findManyByIds(m, ids)).map((r) => [r.id, r]));
  }

  private summary(m: string, group: Group, people: Map<string, Registration>): GroupSummary {
    const nameOf = (personId: string) => {
      const r = [...people.values()].find((x) => x.personId === personId);
      return r && !r.protectedIdentity ? r.name : null;
    };
    const deputies = Object.values(group.members).filter((x) => x.role === 'deputy');
    return {
      id: group.id,
      name: group.name,
      areaId: group.areaId,
      areaName: this.municipalities.area(m, group.areaId)?.name ?? group.areaId,
      status: group.status,
      memberCount: Object.keys(group.members).length,
      contactPerson: group.contactPersonId ? { personId: group.contactPersonId, name: nameOf(group.contactPersonId) } : null,
      deputies: deputies.map((d) => ({ personId: d.personId, name: nameOf(d.personId) })),
      waitingForPolice: hasPendingNomination(group),
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
}
