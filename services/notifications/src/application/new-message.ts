import { type Category, type Channel, idempotencyKey, type LinkKind, messageIdFor, type OutgoingMessage } from '../domain/message';
import type { Language } from '../domain/template';

export interface NewMessage {
  eventId: string;
  eventType: string;
  correlationId: string;
  municipalityId: string;
  recipientId: string;
  channel: Channel;
  template: string;
  category: Category;
  language: Language;
  payload: Record<string, unknown> | null;
  broadcastId: string | null;
  link: LinkKind | null;
  notBefore: Date;
  /** See OutgoingMessage.addressPath. */
  addressPath?: string | null;
}

/** A queued message whose id is derived from its idempotency key (eventId + recipient + channel + template). */
export function newMessage(m: NewMessage, now: Date): OutgoingMessage {
  const key = idempotencyKey({ eventId: m.eventId, recipientId: m.recipientId, channel: m.channel, template: m.template });
  return {
    id: messageIdFor(key),
    idempotencyKey: key,
    ...m,
    status: 'queued',
    history: [{ status: 'queued', at: now, detail: null }],
    attempts: 0,
    lastError: null,
    providerMessageId: null,
    segments: null,
    encoding: null,
    unsubscribe: null,
    createdAt: now,
    updatedAt: now,
  };
}
