import { createEvent, type EventEnvelope, ResidentDetailsChangedV1 } from '@trygg/contracts';
import { dedupeKeyOf, normaliseEmail, normaliseName, type Registration } from '../domain/registration';
import { Conflict, FieldRejected } from './errors';
import type { EventContext } from './place-registration';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { residentActor } from './audit-actors';
import type { AuditEntry, GroupRepository, LinkTokenStore, MunicipalityCatalogue, RegistrationRepository } from './ports';
import type { CorrectionInput } from './registration-input';
import { renderSelfServiceView, resolveSelfServiceLink, type SelfServiceView } from './self-service-link';

/**
 * The resident corrects their details or choices from the self-service link: on every live registration of the
 * person (the address on the one named), one resident-details-changed for the person, audited.
 */
export class CorrectOwnDetails {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string, input: CorrectionInput & { registrationId?: string | undefined }, context: EventContext): Promise<SelfServiceView> {
    const subject = await resolveSelfServiceLink(token, { registrations: this.registrations, tokens: this.tokens, clock: this.clock });
    if (input.mobile && !this.municipalities.mobileAllowed(subject.municipalityId, input.mobile)) throw new FieldRejected('mobile', 'mobile_country');
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
      actor: residentActor(subject.personId, subject.municipalityId),
      action: 'details-corrected',
      correlationId: context.correlationId,
      subject: { kind: 'person', id: subject.personId },
      details: { fields: Object.keys(input).join(',') },
    });
    const corrected = await resolveSelfServiceLink(token, { registrations: this.registrations, tokens: this.tokens, clock: this.clock });
    return renderSelfServiceView(corrected, { groups: this.groups, municipalities: this.municipalities });
  }
}
