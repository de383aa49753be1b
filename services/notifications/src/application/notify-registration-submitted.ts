import type { EventEnvelope } from '@trygg/contracts';
import type { PayloadOf } from '@trygg/contracts';
import type { RegistrationSubmittedV1 } from '@trygg/contracts';
import { idempotencyKey, messageIdFor, type OutgoingMessage } from '../domain/message';
import type { EmailQueue, MessageStore, RecipientStore } from './ports';

export const REGISTRATION_RECEIVED_TEMPLATE = 'registration-received';

/**
 * enrolment.registration-submitted.v1 → remember the recipient, record one message, queue it.
 * Safe to run twice for the same event: the message id is derived from the idempotency key.
 */
export class NotifyRegistrationSubmitted {
  constructor(
    private readonly recipients: RecipientStore,
    private readonly messages: MessageStore,
    private readonly queue: EmailQueue,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(event: EventEnvelope<string, PayloadOf<typeof RegistrationSubmittedV1>>): Promise<string> {
    const { payload } = event;
    await this.recipients.upsert({
      id: payload.personId,
      municipalityId: event.municipalityId,
      name: payload.name,
      email: payload.email,
      language: payload.language,
    });
    const key = idempotencyKey({ eventId: event.eventId, recipientId: payload.personId, channel: 'email', template: REGISTRATION_RECEIVED_TEMPLATE });
    const now = this.clock();
    const message: OutgoingMessage = {
      id: messageIdFor(key),
      idempotencyKey: key,
      municipalityId: event.municipalityId,
      recipientId: payload.personId,
      channel: 'email',
      template: REGISTRATION_RECEIVED_TEMPLATE,
      language: payload.language,
      eventId: event.eventId,
      correlationId: event.correlationId,
      status: 'queued',
      attempts: 0,
      lastError: null,
      providerMessageId: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.messages.createIfAbsent(message);
    // Enqueue even when the message existed: the previous run may have died before enqueueing. The queue dedupes.
    await this.queue.enqueue(message.id);
    return message.id;
  }
}
