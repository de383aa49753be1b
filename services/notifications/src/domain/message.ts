import { createHash } from 'node:crypto';

export type Channel = 'email' | 'sms';

/**
 * queued → sending → sent. A message found in `sending` by a later attempt may or may not have left
 * (the process died between the send and the record): it becomes `uncertain` and is not sent again —
 * at most one send per idempotency key (see the service README).
 */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain';

export interface OutgoingMessage {
  id: string;
  idempotencyKey: string;
  municipalityId: string;
  recipientId: string;
  channel: Channel;
  template: string;
  language: 'sv' | 'en';
  /** The event that caused the message; the worker renders from the recipient and these ids, not from addresses. */
  eventId: string;
  correlationId: string;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One send per (event, recipient, channel, template), whatever is redelivered or retried. */
export function idempotencyKey(parts: { eventId: string; recipientId: string; channel: Channel; template: string }): string {
  return [parts.eventId, parts.recipientId, parts.channel, parts.template].join('|');
}

/** A stable id derived from the key: the message document's _id and the queue's job id (no ':' allowed there). */
export function messageIdFor(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
