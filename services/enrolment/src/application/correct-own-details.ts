import { createEvent, EmailChangeRequestedV1, type EventEnvelope, ProtectedIdentityChangedV1 } from '@trygg/contracts';
import { expiryOf } from '../domain/link-token';
import { dedupeKeyOf, normaliseEmail, normaliseName, type PendingEmailChange, type Registration } from '../domain/registration';
import { Conflict, FieldRejected } from './errors';
import type { EventContext } from './place-registration';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { residentActor } from './audit-actors';
import { residentDetailsChanged } from './resident-details-event';
import type { AuditEntry, GroupRepository, IdGenerator, LinkTokenStore, MunicipalityCatalogue, RegistrationRepository } from './ports';
import type { CorrectionInput } from './registration-input';
import { renderSelfServiceView, resolveSelfServiceLink, type SelfServiceView } from './self-service-link';

/**
 * The resident corrects their details or choices from the self-service link: on every live registration of the
 * person (the address on the one named), one resident-details-changed for the person, audited.
 *
 * A new email address does not take effect here: whoever holds a self-service link could otherwise move the
 * person's mail to any address. It is kept as a pending change on the registrations and
 * `enrolment.email-change-requested.v1` goes out in the same write: notifications sends a link to the new address
 * (ConfirmEmailChange makes it the address when it is opened) and tells the old one that the address is being changed.
 *
 * When the protected-identity flag changes (on any of the person's registrations), `enrolment.protected-identity-changed.v1`
 * (id and flag only) goes out in the same write too: onboarding and the step workers keep the flag from earlier
 * events and update it from this one.
 */
export class CorrectOwnDetails {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly newId: IdGenerator,
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
    const latest = subject.registrations.reduce((a, b) => (b.submittedAt.getTime() > a.submittedAt.getTime() ? b : a));
    const newEmail = input.email !== undefined ? normaliseEmail(input.email) : undefined;
    const emailChange: PendingEmailChange | null =
      newEmail !== undefined && newEmail !== latest.email ? { changeId: this.newId(), email: newEmail, requestedAt: now, expiresAt: expiryOf('email-change', now) } : null;
    // One resident-details-changed for the person (and the email-change request), carried by the first registration's write that happens.
    const flagChangedOnRead = input.protectedIdentity !== undefined && subject.registrations.some((r) => r.protectedIdentity !== input.protectedIdentity);
    let detailsEvent = false;
    for (const registration of subject.registrations) {
      let carries = false;
      await this.registrations.update(subject.municipalityId, registration.id, (current) => {
        carries = false; // decided anew on each run: a lost race runs this again on the latest state
        if (current.status === 'erased') return null;
        const next: Registration = { ...current };
        if (input.name !== undefined) next.name = normaliseName(input.name);
        if (emailChange) next.emailChange = emailChange;
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
          events.push(residentDetailsChanged(next, context.correlationId, now));
          if (flagChangedOnRead || current.protectedIdentity !== next.protectedIdentity) {
            events.push(createEvent(ProtectedIdentityChangedV1, { municipalityId: next.municipalityId, correlationId: context.correlationId }, { personId: next.personId, protectedIdentity: next.protectedIdentity }, now));
          }
          if (emailChange) {
            events.push(
              createEvent(
                EmailChangeRequestedV1,
                { municipalityId: next.municipalityId, correlationId: context.correlationId },
                { changeId: emailChange.changeId, personId: next.personId, name: next.name, newEmail: emailChange.email, language: next.language, protectedIdentity: next.protectedIdentity },
                now,
              ),
            );
          }
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
      details: { fields: Object.keys(input).join(','), ...(emailChange ? { emailChange: 'requested' } : {}) },
    });
    const corrected = await resolveSelfServiceLink(token, { registrations: this.registrations, tokens: this.tokens, clock: this.clock });
    return renderSelfServiceView(corrected, { groups: this.groups, municipalities: this.municipalities });
  }
}
