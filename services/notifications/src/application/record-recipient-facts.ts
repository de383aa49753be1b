import {
  ContactPersonNominatedV1,
  GroupActivatedV1,
  isEvent,
  OnboardingCompletedV1,
  PoliceDecisionRecordedV1,
  MemberJoinedV1,
  MemberLeftV1,
  RegistrationConfirmedV1,
  RegistrationSubmittedV1,
  ResidentDetailsChangedV1,
  ResidentErasedV1,
  VolunteerContactDetailsRecordedV1,
  VolunteerErasedV1,
  VolunteerSignUpReceivedV1,
  type EventEnvelope,
} from '@trygg/contracts';
import type { AwaitingRecipients } from './awaiting-recipients';
import type { AcknowledgementStore, MessageStore, RecipientStore } from './ports';
import { announceReachability } from './reachability-events';

/**
 * What events tell notifications about people: contact details, SMS and email choices, group membership, erasure.
 * Runs before the rules of the same event, so a registration's confirmation email finds its recipient. After a
 * recipient's contact details are written, the events that waited for that person run (`AwaitingRecipients`).
 * Any other event records nothing (and costs nothing: a comparison of its type).
 */
export class RecordRecipientFacts {
  constructor(
    private readonly recipients: RecipientStore,
    private readonly messages: MessageStore,
    private readonly awaiting: Pick<AwaitingRecipients, 'release' | 'erase'>,
    /** The person's "Jag har läst" of area messages go with them (absent: none kept). */
    private readonly acknowledgements?: Pick<AcknowledgementStore, 'eraseRecipient'>,
  ) {}

  /** Returns the ids of the messages queued for events that waited for the person. */
  async execute(event: EventEnvelope): Promise<string[]> {
    const m = event.municipalityId;
    const stored = await this.record(event);
    // The recipient write first, then what waited for them.
    return stored ? this.awaiting.release(m, stored) : [];
  }

  /** Records the event's fact; returns the id of the person whose contact details it wrote, if any. */
  private async record(event: EventEnvelope): Promise<string | null> {
    const m = event.municipalityId;
    // A changed address that clears a bounce mark is told to enrolment, in the same write (recipient's outbox).
    const announce = announceReachability({ correlationId: event.correlationId, causationId: event.eventId });
    if (isEvent(event, RegistrationSubmittedV1)) {
      const p = event.payload;
      await this.recipients.upsertContact({ id: p.personId, municipalityId: m, name: p.name, email: p.email, language: p.language, protectedIdentity: p.protectedIdentity }, announce);
      return p.personId;
    } else if (isEvent(event, RegistrationConfirmedV1)) {
      const p = event.payload;
      await this.recipients.upsertContact({ id: p.personId, municipalityId: m, mobile: p.mobile, smsOptIn: p.smsOptIn && p.mobile !== null });
      return p.personId;
    } else if (isEvent(event, ResidentDetailsChangedV1)) {
      // Self-service correction: the whole contact as enrolment now holds it. A new email address clears the bounce
      // mark of the old one (upsertContact); an SMS choice without a mobile cannot reach anyone.
      const p = event.payload;
      await this.recipients.upsertContact({
        id: p.personId,
        municipalityId: m,
        name: p.name,
        email: p.email,
        mobile: p.mobile,
        smsOptIn: p.smsOptIn && p.mobile !== null,
        emailUpdates: p.emailUpdates,
        language: p.language,
        protectedIdentity: p.protectedIdentity,
      }, announce);
      return p.personId;
    } else if (isEvent(event, MemberJoinedV1)) {
      await this.recipients.joinGroup(event.payload.personId, m, event.payload.groupId, event.payload.areaId);
    } else if (isEvent(event, MemberLeftV1)) {
      await this.recipients.leaveGroup(m, event.payload.personId, event.payload.groupId);
    } else if (isEvent(event, ContactPersonNominatedV1)) {
      // Who is a contact person of which group (an area message to contact persons only, a relay's link).
      const p = event.payload;
      await this.recipients.recordContactPersonFact(p.personId, m, { kind: 'nominated', nominationId: p.nominationId, groupId: p.groupId, areaId: p.areaId });
    } else if (isEvent(event, OnboardingCompletedV1)) {
      const p = event.payload;
      if (p.subject.kind === 'contact-person') await this.recipients.recordContactPersonFact(p.subject.personId, m, { kind: 'decided', nominationId: p.subject.id, outcome: p.outcome });
    } else if (isEvent(event, PoliceDecisionRecordedV1)) {
      const p = event.payload;
      if (p.outcome === 'revoked' && p.subject.kind === 'contact-person') await this.recipients.recordContactPersonFact(p.subject.personId, m, { kind: 'decided', nominationId: p.subject.id, outcome: 'revoked' });
    } else if (isEvent(event, GroupActivatedV1)) {
      const p = event.payload;
      await this.recipients.recordContactPersonFact(p.contactPersonId, m, { kind: 'group-activated', groupId: p.groupId, areaId: p.areaId });
    } else if (isEvent(event, VolunteerContactDetailsRecordedV1)) {
      // A walker (trygghetsvandrare): the whole contact as volunteers holds it.
      const p = event.payload;
      await this.recipients.upsertContact({ id: p.personId, municipalityId: m, name: p.name, email: p.email, mobile: p.mobile, smsOptIn: p.smsOptIn && p.mobile !== null, language: p.language, protectedIdentity: p.protectedIdentity });
      return p.personId;
    } else if (isEvent(event, VolunteerSignUpReceivedV1)) {
      // A walker's sign-up before the address is confirmed: name, email and language for the confirmation email; no
      // mobile (it arrives with the contact details once the sign-up is confirmed).
      const p = event.payload;
      await this.recipients.upsertContact({ id: p.personId, municipalityId: m, name: p.name, email: p.email, language: p.language });
      return p.personId;
    } else if (isEvent(event, ResidentErasedV1) || isEvent(event, VolunteerErasedV1)) {
      await this.erase(m, event.payload.personId);
    }
    return null;
  }

  /**
   * The person leaves the store; their messages keep ids and statuses, not payloads; queued ones are skipped; events
   * waiting for them and their acknowledgements of area messages are deleted.
   */
  private async erase(municipalityId: string, personId: string): Promise<void> {
    await this.awaiting.erase(municipalityId, personId);
    await this.recipients.erase(municipalityId, personId);
    await this.messages.eraseRecipientTexts(municipalityId, personId);
    await this.acknowledgements?.eraseRecipient(municipalityId, personId);
  }
}
