import type { OutgoingMessage } from '../domain/message';

export interface Recipient {
  id: string;
  municipalityId: string;
  name: string;
  email: string | null;
  language: 'sv' | 'en';
}

/** Notifications' own store of whom to reach, built from events: jobs and logs carry ids, not addresses. */
export interface RecipientStore {
  upsert(recipient: Recipient): Promise<void>;
  get(id: string): Promise<Recipient | null>;
}

export interface MessageStore {
  /** Inserts the message unless one with the same id exists; returns false for a duplicate. */
  createIfAbsent(message: OutgoingMessage): Promise<boolean>;
  get(id: string): Promise<OutgoingMessage | null>;
  /** queued → sending, atomically; false when the message was not queued. */
  claimForSending(id: string, now: Date): Promise<boolean>;
  markSent(id: string, providerMessageId: string, now: Date): Promise<void>;
  /** sending → queued after a failed attempt that surely did not send. */
  release(id: string, error: string, now: Date): Promise<void>;
  markFailed(id: string, error: string, now: Date): Promise<void>;
  markUncertain(id: string, now: Date): Promise<void>;
}

export interface EmailQueue {
  /** Enqueues by message id; a message id already queued is not queued again. */
  enqueue(messageId: string): Promise<void>;
}

export interface Mailer {
  send(mail: { to: string; subject: string; text: string; html: string; messageId: string }): Promise<{ providerMessageId: string }>;
}

/** The SMTP server refused the address for good (5xx): retrying cannot help. */
export class PermanentDeliveryError extends Error {}
