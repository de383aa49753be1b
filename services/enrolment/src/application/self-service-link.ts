import { createEvent, type EventEnvelope, MemberLeftV1 } from '@trygg/contracts';
import { type Group, removeMember } from '../domain/group';
import { checkToken, hashToken, looksLikeToken } from '../domain/link-token';
import type { SignCondition } from '../domain/sign';
import type { Registration } from '../domain/registration';
import { Conflict, FieldRejected, LinkRejected, NotFound } from './errors';
import type { EventContext } from './place-registration';
import type { Clock } from '@trygg/values';
import type { GroupRepository, LinkTokenStore, MunicipalityCatalogue, RegistrationRepository } from './ports';

/**
 * What the self-service use cases share ("Mina uppgifter" from the link in every email): resolving the link to its
 * person, the resident's view, the group a contact person leads, and leaving groups. The link is valid 30 days and
 * may be used again until then; erasure revokes every link of the person.
 */

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
  /** A new email address waiting for the link sent to it (not the address yet); null when none. */
  pendingEmail: string | null;
}

/** The person a self-service link belongs to, with their live registrations. */
export interface LinkSubject {
  municipalityId: string;
  personId: string;
  registrations: Registration[];
}

/** The link's person (404 token_invalid / 410 token_expired; a revoked link counts as invalid). */
export async function resolveSelfServiceLink(
  raw: string,
  ports: { registrations: RegistrationRepository; tokens: LinkTokenStore; clock: Clock },
): Promise<LinkSubject> {
  if (!looksLikeToken(raw)) throw new LinkRejected('token_invalid');
  const token = await ports.tokens.findByHash(hashToken(raw));
  if (!token || token.kind !== 'self-service') throw new LinkRejected('token_invalid');
  const check = checkToken(token, ports.clock());
  if (check === 'token_expired') throw new LinkRejected('token_expired');
  if (check === 'token_used') throw new LinkRejected('token_invalid');
  const registrations = (await ports.registrations.findByPerson(token.municipalityId, token.personId)).filter((r) => r.status !== 'erased');
  if (registrations.length === 0) throw new NotFound('person');
  return { municipalityId: token.municipalityId, personId: token.personId, registrations };
}

/** The group, when the link's person is its contact person or a deputy (409 not_contact_person otherwise). */
export async function ledGroup(
  raw: string,
  groupId: string,
  ports: { registrations: RegistrationRepository; groups: GroupRepository; tokens: LinkTokenStore; clock: Clock },
): Promise<{ subject: LinkSubject; group: Group }> {
  const subject = await resolveSelfServiceLink(raw, ports);
  const group = (await ports.groups.findByPerson(subject.municipalityId, subject.personId)).find((g) => g.id === groupId);
  if (!group) throw new FieldRejected('groupId', 'unknown_group');
  const leads = Object.values(group.members).some((m) => m.personId === subject.personId && m.role !== 'member');
  if (!leads) throw new Conflict('not_contact_person', 'only the group’s contact person or a deputy keeps its household list');
  return { subject, group };
}

/** Takes the person out of their groups (or the one named), with member-left, and unplaces their registrations. */
export async function leaveGroups(
  subject: LinkSubject,
  onlyGroupId: string | null,
  reason: 'self' | 'erased',
  context: EventContext,
  ports: { registrations: RegistrationRepository; groups: GroupRepository; clock: Clock },
): Promise<string[]> {
  const left: string[] = [];
  for (const group of await ports.groups.findByPerson(subject.municipalityId, subject.personId)) {
    if (onlyGroupId !== null && group.id !== onlyGroupId) continue;
    await ports.groups.update(subject.municipalityId, group.id, (current) => {
      const now = ports.clock();
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
    await ports.registrations.update(subject.municipalityId, registration.id, (current) => ({ next: { ...current, placement: { kind: 'unplaced' } }, events: [] }));
  }
  if (onlyGroupId !== null && !left.includes(onlyGroupId)) throw new FieldRejected('groupId', 'unknown_group');
  return left;
}

/** Everything stored about the person, their groups and the municipality's retention rule. */
export async function renderSelfServiceView(
  subject: LinkSubject,
  ports: { groups: GroupRepository; municipalities: MunicipalityCatalogue },
): Promise<SelfServiceView> {
  const latest = subject.registrations.reduce((a, b) => (b.submittedAt.getTime() > a.submittedAt.getTime() ? b : a));
  const groups = await ports.groups.findByPerson(subject.municipalityId, subject.personId);
  const retention = ports.municipalities.retention(subject.municipalityId);
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
          areaName: ports.municipalities.area(subject.municipalityId, g.areaId)?.name ?? g.areaId,
          groupStatus: g.status,
          role: m.role,
          joinedAt: m.joinedAt.toISOString(),
          signs: Object.values(g.signs).map((s) => ({ id: s.id, place: s.place, condition: s.condition })),
        })),
    ),
    retention: { mode: retention.mode, keepDays: retention.keepDays, text: retention.text },
    pendingEmail: latest.emailChange?.email ?? null,
  };
}
