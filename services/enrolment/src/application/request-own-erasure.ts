import { createEvent, ResidentErasedV1 } from '@trygg/contracts';
import { requestErasure } from '../domain/registration';
import type { EventContext } from './place-registration';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { residentActor } from './audit-actors';
import type { AuditEntry, GroupRepository, LinkTokenStore, MunicipalityCatalogue, RegistrationRepository } from './ports';
import { leaveGroups, resolveSelfServiceLink } from './self-service-link';

/**
 * The resident asks to be erased from the self-service link: out of every group, erased following the
 * municipality's retention rule (anonymised now, or hidden and anonymised later), one resident-erased for the
 * person, every link of the person revoked, audited.
 */
export class RequestOwnErasure {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string, context: EventContext): Promise<{ status: 'erased'; mode: 'anonymise-now' | 'keep-days'; anonymiseAt: string }> {
    const subject = await resolveSelfServiceLink(token, { registrations: this.registrations, tokens: this.tokens, clock: this.clock });
    const retention = this.municipalities.retention(subject.municipalityId);
    const now = this.clock();
    await leaveGroups(subject, null, 'erased', context, { registrations: this.registrations, groups: this.groups, clock: this.clock });
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
      actor: residentActor(subject.personId, subject.municipalityId),
      action: 'erasure-requested',
      subject: { kind: 'person', id: subject.personId },
      correlationId: context.correlationId,
      details: { mode: retention.mode, anonymiseAt: anonymiseAt.toISOString() },
    });
    return { status: 'erased', mode: retention.mode, anonymiseAt: anonymiseAt.toISOString() };
  }
}
