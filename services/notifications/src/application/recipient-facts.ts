import {
  isEvent,
  MemberJoinedV1,
  MemberLeftV1,
  RegistrationConfirmedV1,
  RegistrationSubmittedV1,
  ResidentDetailsChangedV1,
  ResidentErasedV1,
  VolunteerContactDetailsRecordedV1,
  VolunteerErasedV1,
  type EventEnvelope,
} from '@trygg/contracts';
import type { MessageStore, RecipientStore } from './ports';
import { announceReachability } from './reachability-events';

/**
 * What events tell notifications about people: contact details, SMS and email choices, group membership, erasure.
 * Runs before the rules of the same event, so a registration's confirmation email finds its recipient.
 */
export class RecordRecipientFacts {
  constructor(
    private readonly recipients: RecipientStore,
    private readonly messages: MessageStore,
  ) {}

  static readonly eventTypes = [
    RegistrationSubmittedV1.type,
    RegistrationConfirmedV1.type,
    ResidentDetailsChangedV1.type,
    MemberJoinedV1.type,
    MemberLeftV1.type,
    ResidentErasedV1.type,
    VolunteerContactDetailsRecordedV1.type,
    VolunteerErasedV1.type,
  ];

  async execute(event: EventEnvelope): Promise<void> {
    const m = event.municipalityId;
    // A changed address that clears a bounce mark is told to enrolment, in the same write (recipient's outbox).
    const announce = announceReachability({ correlationId: event.correlationId, causationId: event.eventId });
    if (isEvent(event, RegistrationSubmittedV1)) {
      const p = event.payload;
      await this.recipients.upsertContact({ id: p.personId, municipalityId: m, name: p.name, email: p.email, language: p.language }, announce);
    } else if (isEvent(event, RegistrationConfirmedV1)) {
      const p = event.payload;
      await this.recipients.upsertContact({ id: p.personId, municipalityId: m, mobile: p.mobile, smsOptIn: p.smsOptIn && p.mobile !== null });
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
      }, announce);
    } else if (isEvent(event, MemberJoinedV1)) {
      await this.recipients.joinGroup(event.payload.personId, m, event.payload.groupId, event.payload.areaId);
    } else if (isEvent(event, MemberLeftV1)) {
      await this.recipients.leaveGroup(event.payload.personId, event.payload.groupId);
    } else if (isEvent(event, VolunteerContactDetailsRecordedV1)) {
      // A walker (trygghetsvandrare): the whole contact as volunteers holds it.
      const p = event.payload;
      await this.recipients.upsertContact({ id: p.personId, municipalityId: m, name: p.name, email: p.email, mobile: p.mobile, smsOptIn: p.smsOptIn && p.mobile !== null, language: p.language });
    } else if (isEvent(event, ResidentErasedV1) || isEvent(event, VolunteerErasedV1)) {
      await this.erase(event.payload.personId);
    }
  }

  /** The person leaves the store; their messages keep ids and statuses, not payloads; queued ones are skipped. */
  private async erase(personId: string): Promise<void> {
    await this.recipients.erase(personId);
    await this.messages.erasePayloads(personId);
  }
}
