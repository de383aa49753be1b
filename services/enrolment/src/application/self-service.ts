import { ContactPersonNominatedV1, createEvent, type EventEnvelope, MemberLeftV1, ResidentDetailsChangedV1, ResidentErasedV1 } from '@trygg/contracts';
import type { Address } from '../domain/address';
import { groupCoverage } from '../domain/coverage';
import { type Group, handOver, recordDeclinedHousehold, removeDeclinedHousehold, removeMember } from '../domain/group';
import { reportSign, type SignCondition } from '../domain/sign';
import { checkToken, hashToken, looksLikeToken } from '../domain/link-token';
import { dedupeKeyOf, emailNotWorkingSince, normaliseEmail, normaliseName, type Registration, requestErasure } from '../domain/registration';
import { Conflict, FieldRejected, LinkRejected, NotFound } from './errors';
import type { EventContext } from './place-registration';
import type { AuditLog, Clock, GroupRepository, LinkTokenStore, MunicipalityCatalogue, RegistrationRepository } from './ports';
import type { CorrectionInput } from './registration-input';

export interface SelfServiceView {
  personId: string;
  municipalityId: string;
  name: string;
  email: string;
  mobile: string | null;
  smsOptIn: boolean;
  emailUpdates: boolean;
  language: 'sv' | 'en';
  protectedIdentity: boolean;
  registrations: Array<{
    registrationId: string;
    address: Registration['address'];
    intent: Registration['intent'];
    status: 'submitted' | 'confirmed' | 'triage';
    submittedAt: string;
    confirmedAt: string | null;
  }>;
  memberships: Array<{
    groupId: string;
    groupName: string;
    areaId: string;
    areaName: string;
    groupStatus: string;
    role: string;
    joinedAt: string;
    /** The group's signs, so the resident can report one that is damaged or missing. */
    signs: Array<{ id: string; place: string; condition: SignCondition }>;
  }>;
  retention: { mode: 'anonymise-now' | 'keep-days'; keepDays: number; text: { sv: string; en: string } };
}

interface Subject {
  municipalityId: string;
  personId: string;
  registrations: Registration[];
}

/**
 * "Mina uppgifter" from the link in every email: see everything stored, correct it, choose notifications, leave
 * the group, or be erased following the municipality's retention rules. The link is valid 30 days and may be used
 * again until then; erasure revokes every link of the person.
 */
export class SelfService {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async view(token: string): Promise<SelfServiceView> {
    return this.render(await this.resolve(token));
  }

  async correct(token: string, input: CorrectionInput & { registrationId?: string | undefined }, context: EventContext): Promise<SelfServiceView> {
    const subject = await this.resolve(token);
    let addressTarget: Registration | undefined;
    if (input.address) {
      addressTarget = input.registrationId
        ? subject.registrations.find((r) => r.id === input.registrationId)
        : subject.registrations.length === 1
          ? subject.registrations[0]
          : undefined;
      if (!addressTarget) throw new FieldRejected('registrationId', input.registrationId ? 'unknown_registration' : 'required');
    }
    // A corrected email or address must not turn this registration into a copy of another live one.
    for (const registration of subject.registrations) {
      const email = input.email ?? registration.email;
      const address = input.address && registration.id === addressTarget?.id ? input.address : registration.address;
      const other = await this.registrations.findByDedupeKey(subject.municipalityId, dedupeKeyOf(subject.municipalityId, email, address));
      if (other && other.id !== registration.id) throw new Conflict('duplicate_registration', 'a registration with this email at this address already exists');
    }
    const now = this.clock();
    // One resident-details-changed for the person, carried by the first registration's write that happens.
    let detailsEvent = false;
    for (const registration of subject.registrations) {
      let carries = false;
      await this.registrations.update(subject.municipalityId, registration.id, (current) => {
        carries = false; // decided anew on each run: a lost race runs this again on the latest state
        if (current.status === 'erased') return null;
        const next: Registration = { ...current };
        if (input.name !== undefined) next.name = normaliseName(input.name);
        if (input.email !== undefined) next.email = normaliseEmail(input.email);
        if (input.mobile !== undefined) next.mobile = input.mobile;
        if (input.smsOptIn !== undefined) next.smsOptIn = input.smsOptIn;
        if (input.emailUpdates !== undefined) next.emailUpdates = input.emailUpdates;
        if (input.language !== undefined) next.language = input.language;
        if (input.protectedIdentity !== undefined) next.protectedIdentity = input.protectedIdentity;
        if (input.address && current.id === addressTarget?.id) next.address = input.address;
        next.smsOptIn = next.smsOptIn && next.mobile !== null;
        next.dedupeKey = dedupeKeyOf(next.municipalityId, next.email, next.address);
        const events: EventEnvelope[] = [];
        if (!detailsEvent) {
          carries = true;
          events.push(
            createEvent(
              ResidentDetailsChangedV1,
              { municipalityId: next.municipalityId, correlationId: context.correlationId },
              { personId: next.personId, name: next.name, email: next.email, mobile: next.mobile, smsOptIn: next.smsOptIn, emailUpdates: next.emailUpdates, language: next.language },
              now,
            ),
          );
        }
        return { next, events };
      });
      if (carries) detailsEvent = true;
    }
    await this.audit.record({
      municipalityId: subject.municipalityId,
      at: now,
      actor: `resident:${subject.personId}`,
      action: 'details-corrected',
      subject: { kind: 'person', id: subject.personId },
      details: { fields: Object.keys(input).join(',') },
    });
    return this.view(token);
  }

  async leave(token: string, groupId: string | null, context: EventContext): Promise<{ left: string[] }> {
    const subject = await this.resolve(token);
    return { left: await this.leaveGroups(subject, groupId, 'self', context) };
  }

  async erase(token: string, context: EventContext): Promise<{ status: 'erased'; mode: 'anonymise-now' | 'keep-days'; anonymiseAt: string }> {
    const subject = await this.resolve(token);
    const retention = this.municipalities.retention(subject.municipalityId);
    const now = this.clock();
    await this.leaveGroups(subject, null, 'erased', context);
    // One resident-erased for the person, carried by the first registration's write that happens.
    let erasedEvent = false;
    let anonymiseAt = now;
    for (const registration of subject.registrations) {
      let carries = false;
      await this.registrations.update(subject.municipalityId, registration.id, (current) => {
        carries = false; // decided anew on each run: a lost race runs this again on the latest state
        if (current.status === 'erased') return null;
        const next = requestErasure(current, retention, now);
        anonymiseAt = next.erasure?.anonymiseAt ?? now;
        const events = erasedEvent
          ? []
          : [createEvent(ResidentErasedV1, { municipalityId: current.municipalityId, correlationId: context.correlationId }, { personId: current.personId, erasedAt: now.toISOString() }, now)];
        carries = events.length > 0;
        return { next, events };
      });
      if (carries) erasedEvent = true;
    }
    await this.tokens.revokeForPerson(subject.municipalityId, subject.personId);
    await this.audit.record({
      municipalityId: subject.municipalityId,
      at: now,
      actor: `resident:${subject.personId}`,
      action: 'erasure-requested',
      subject: { kind: 'person', id: subject.personId },
      details: { mode: retention.mode, anonymiseAt: anonymiseAt.toISOString() },
    });
    return { status: 'erased', mode: retention.mode, anonymiseAt: anonymiseAt.toISOString() };
  }

  /** A member reports one of their group's signs as damaged or missing; the coordinator's replacement list shows it. */
  async reportSign(token: string, signId: string, report: { kind: 'damaged' | 'missing'; note: string | null }): Promise<{ condition: SignCondition }> {
    const subject = await this.resolve(token);
    const group = (await this.groups.findByPerson(subject.municipalityId, subject.personId)).find((g) => g.signs[signId]);
    if (!group) throw new FieldRejected('signId', 'unknown_sign');
    const now = this.clock();
    await this.groups.update(subject.municipalityId, group.id, (current) => ({ next: reportSign(current, signId, report, now, `resident:${subject.personId}`), events: [] }));
    await this.audit.record({
      municipalityId: subject.municipalityId,
      at: now,
      actor: `resident:${subject.personId}`,
      action: `sign-reported-${report.kind}`,
      subject: { kind: 'group', id: group.id },
      details: { signId },
    });
    return { condition: report.kind };
  }

  /**
   * A contact person's (or deputy's) household list of their group: the members' households and the households that
   * said no (address only, never contact details), with the coverage. Protected identities are left out.
   */
  async householdList(token: string, groupId: string) {
    const { subject, group } = await this.ledGroup(token, groupId);
    const registrations = await this.registrations.findManyByIds(
      subject.municipalityId,
      Object.values(group.members).flatMap((m) => (m.registrationId ? [m.registrationId] : [])),
    );
    const byId = new Map(registrations.map((r) => [r.id, r]));
    const members = Object.values(group.members).flatMap((m) => {
      const r = m.registrationId ? byId.get(m.registrationId) : undefined;
      if (!r || r.protectedIdentity) return [];
      // Stale contacts: whether the household's email works (never the address itself: the list shows none).
      return [{ memberId: m.memberId, name: r.name, address: r.address, role: m.role, joinedAt: m.joinedAt.toISOString(), emailNotWorking: emailNotWorkingSince(r) !== null }];
    });
    return {
      group: { id: group.id, name: group.name, status: group.status, coverage: groupCoverage(group) },
      members,
      hiddenMembers: Object.keys(group.members).length - members.length,
      declinedHouseholds: Object.values(group.declinedHouseholds).map((h) => ({ id: h.id, address: h.address })),
    };
  }

  async recordDeclined(token: string, groupId: string, address: Pick<Address, 'street' | 'number' | 'postcode'>, newId: () => string): Promise<{ id: string }> {
    const { subject, group } = await this.ledGroup(token, groupId);
    const now = this.clock();
    const actor = `resident:${subject.personId}`;
    const updated = await this.groups.update(subject.municipalityId, group.id, (current) => ({ next: recordDeclinedHousehold(current, { id: newId(), address }, now, actor), events: [] }));
    const stored = Object.values(updated?.declinedHouseholds ?? {}).find((h) => h.address.street === address.street && h.address.number === address.number && h.address.postcode === address.postcode);
    if (!stored) throw new NotFound('group');
    await this.audit.record({ municipalityId: subject.municipalityId, at: now, actor, action: 'household-declined', subject: { kind: 'group', id: group.id }, details: { householdId: stored.id } });
    return { id: stored.id };
  }

  async removeDeclined(token: string, groupId: string, householdId: string): Promise<void> {
    const { subject, group } = await this.ledGroup(token, groupId);
    if (!group.declinedHouseholds[householdId]) throw new NotFound('household');
    const now = this.clock();
    const actor = `resident:${subject.personId}`;
    await this.groups.update(subject.municipalityId, group.id, (current) => ({ next: removeDeclinedHousehold(current, householdId, now, actor), events: [] }));
    await this.audit.record({ municipalityId: subject.municipalityId, at: now, actor, action: 'household-removed', subject: { kind: 'group', id: group.id }, details: { householdId } });
  }

  /**
   * The main contact person hands over to a deputy (at once) or to another member (nominated; takes over when the
   * municipality's contact-person onboarding approves them).
   */
  async handOver(token: string, groupId: string, toMemberId: string, newId: () => string, context: EventContext): Promise<{ outcome: 'handed-over' | 'nominated' }> {
    const { subject, group } = await this.ledGroup(token, groupId);
    const target = group.members[toMemberId];
    if (!target) throw new FieldRejected('toMemberId', 'unknown_member');
    const [registration] = target.registrationId ? await this.registrations.findManyByIds(subject.municipalityId, [target.registrationId]) : [];
    const area = this.municipalities.area(subject.municipalityId, group.areaId);
    const now = this.clock();
    const actor = `resident:${subject.personId}`;
    const nominationId = newId();
    let outcome: 'handed-over' | 'nominated' = 'handed-over';
    await this.groups.update(subject.municipalityId, group.id, (current) => {
      const result = handOver(current, { fromPersonId: subject.personId, toMemberId, nominationId }, now, actor);
      outcome = result.outcome;
      const events =
        result.outcome === 'nominated' && area
          ? [
              createEvent(
                ContactPersonNominatedV1,
                { municipalityId: current.municipalityId, correlationId: context.correlationId },
                {
                  nominationId,
                  personId: target.personId,
                  groupId: current.id,
                  areaId: current.areaId,
                  policeAreaId: area.policeAreaId,
                  subjectFields: { name: registration?.name || 'okänt namn', groupName: current.name, areaName: area.name },
                },
                now,
              ),
            ]
          : [];
      return { next: result.group, events };
    });
    await this.audit.record({ municipalityId: subject.municipalityId, at: now, actor, action: `contact-person-hand-over-${outcome}`, subject: { kind: 'group', id: group.id }, details: { toMemberId } });
    return { outcome };
  }

  /** The group, when the link's person is its contact person or a deputy (409 not_contact_person otherwise). */
  private async ledGroup(token: string, groupId: string): Promise<{ subject: Subject; group: Group }> {
    const subject = await this.resolve(token);
    const group = (await this.groups.findByPerson(subject.municipalityId, subject.personId)).find((g) => g.id === groupId);
    if (!group) throw new FieldRejected('groupId', 'unknown_group');
    const leads = Object.values(group.members).some((m) => m.personId === subject.personId && m.role !== 'member');
    if (!leads) throw new Conflict('not_contact_person', 'only the group’s contact person or a deputy keeps its household list');
    return { subject, group };
  }

  private async leaveGroups(subject: Subject, onlyGroupId: string | null, reason: 'self' | 'erased', context: EventContext): Promise<string[]> {
    const left: string[] = [];
    for (const group of await this.groups.findByPerson(subject.municipalityId, subject.personId)) {
      if (onlyGroupId !== null && group.id !== onlyGroupId) continue;
      await this.groups.update(subject.municipalityId, group.id, (current) => {
        const now = this.clock();
        let next = current;
        const events: EventEnvelope[] = [];
        for (const member of Object.values(current.members).filter((m) => m.personId === subject.personId)) {
          const result = removeMember(next, member.memberId, now, `resident:${subject.personId}`, reason);
          next = result.group;
          events.push(
            createEvent(
              MemberLeftV1,
              { municipalityId: current.municipalityId, correlationId: context.correlationId },
              { memberId: member.memberId, personId: member.personId, groupId: current.id, reason },
              now,
            ),
          );
        }
        return events.length ? { next, events } : null;
      });
      left.push(group.id);
    }
    for (const registration of subject.registrations) {
      if (registration.placement.kind !== 'placed' || !left.includes(registration.placement.groupId)) continue;
      await this.registrations.update(subject.municipalityId, registration.id, (current) => ({ next: { ...current, placement: { kind: 'unplaced' } }, events: [] }));
    }
    if (onlyGroupId !== null && !left.includes(onlyGroupId)) throw new FieldRejected('groupId', 'unknown_group');
    return left;
  }

  private async resolve(raw: string): Promise<Subject> {
    if (!looksLikeToken(raw)) throw new LinkRejected('token_invalid');
    const token = await this.tokens.findByHash(hashToken(raw));
    if (!token || token.kind !== 'self-service') throw new LinkRejected('token_invalid');
    const check = checkToken(token, this.clock());
    if (check === 'token_expired') throw new LinkRejected('token_expired');
    if (check === 'token_used') throw new LinkRejected('token_invalid');
    const registrations = (await this.registrations.findByPerson(token.municipalityId, token.personId)).filter((r) => r.status !== 'erased');
    if (registrations.length === 0) throw new NotFound('person');
    return { municipalityId: token.municipalityId, personId: token.personId, registrations };
  }

  private async render(subject: Subject): Promise<SelfServiceView> {
    const latest = subject.registrations.reduce((a, b) => (b.submittedAt.getTime() > a.submittedAt.getTime() ? b : a));
    const groups = await this.groups.findByPerson(subject.municipalityId, subject.personId);
    const retention = this.municipalities.retention(subject.municipalityId);
    return {
      personId: subject.personId,
      municipalityId: subject.municipalityId,
      name: latest.name,
      email: latest.email,
      mobile: latest.mobile,
      smsOptIn: latest.smsOptIn,
      emailUpdates: latest.emailUpdates,
      language: latest.language,
      protectedIdentity: latest.protectedIdentity,
      registrations: subject.registrations.map((r) => ({
        registrationId: r.id,
        address: r.address,
        intent: r.intent,
        status: r.placement.kind === 'triage' ? 'triage' : r.status === 'confirmed' ? 'confirmed' : 'submitted',
        submittedAt: r.submittedAt.toISOString(),
        confirmedAt: r.confirmedAt?.toISOString() ?? null,
      })),
      memberships: groups.flatMap((g) =>
        Object.values(g.members)
          .filter((m) => m.personId === subject.personId)
          .map((m) => ({
            groupId: g.id,
            groupName: g.name,
            areaId: g.areaId,
            areaName: this.municipalities.area(subject.municipalityId, g.areaId)?.name ?? g.areaId,
            groupStatus: g.status,
            role: m.role,
            joinedAt: m.joinedAt.toISOString(),
            signs: Object.values(g.signs).map((s) => ({ id: s.id, place: s.place, condition: s.condition })),
          })),
      ),
      retention: { mode: retention.mode, keepDays: retention.keepDays, text: retention.text },
    };
  }
}
