import { createEvent, type EventEnvelope, MemberLeftV1, ResidentDetailsChangedV1, ResidentErasedV1 } from '@trygg/contracts';
import { removeMember } from '../domain/group';
import { checkToken, hashToken, looksLikeToken } from '../domain/link-token';
import { dedupeKeyOf, normaliseEmail, normaliseName, type Registration, requestErasure } from '../domain/registration';
import { FieldRejected, LinkRejected, NotFound } from './errors';
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
  memberships: Array<{ groupId: string; groupName: string; areaId: string; areaName: string; groupStatus: string; role: string; joinedAt: string }>;
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
    const now = this.clock();
    let detailsEvent = false;
    for (const registration of subject.registrations) {
      await this.registrations.update(subject.municipalityId, registration.id, (current) => {
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
          detailsEvent = true;
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
    let erasedEvent = false;
    let anonymiseAt = now;
    for (const registration of subject.registrations) {
      await this.registrations.update(subject.municipalityId, registration.id, (current) => {
        if (current.status === 'erased') return null;
        const next = requestErasure(current, retention, now);
        anonymiseAt = next.erasure?.anonymiseAt ?? now;
        const events = erasedEvent
          ? []
          : [createEvent(ResidentErasedV1, { municipalityId: current.municipalityId, correlationId: context.correlationId }, { personId: current.personId, erasedAt: now.toISOString() }, now)];
        erasedEvent = true;
        return { next, events };
      });
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
          })),
      ),
      retention: { mode: retention.mode, keepDays: retention.keepDays, text: retention.text },
    };
  }
}
