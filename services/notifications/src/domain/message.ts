import { sha256Hex } from '@trygg/values';
import type { Language } from './template';

export type Channel = 'email' | 'sms';
export const CHANNELS: readonly Channel[] = ['email', 'sms'];

/** Why a person gets a message; preferences are per category. Transactional mail (a confirmation link) has no opt-out. */
export type Category = 'urgent' | 'information' | 'reminders' | 'transactional';
export const CATEGORIES: readonly Category[] = ['urgent', 'information', 'reminders', 'transactional'];

/**
 * The links enrolment issues at send time (POST /internal/links), and volunteers the walker's confirmation link
 * (`walker-confirmation`, volunteers' POST /internal/links). `confirmation`, `activity-check`, `email-change` and
 * `walker-confirmation` name the payload field the request carries (`walker-walks`: the walker's own walk page,
 * for the onboarding outcome's volunteer subject) (police-liaison issues `start-meeting-rsvp`, the
 * member's yes/no link to a start meeting, for the payload's `meetingId` and the recipient), so a rule may only ask for them on an event that
 * has it; `self-service` is issued for the recipient.
 */
export type LinkKind = 'confirmation' | 'self-service' | 'activity-check' | 'email-change' | 'walker-confirmation' | 'walker-walks' | 'start-meeting-rsvp' | 'round-participant' | 'finding-owner';
export const LINK_KINDS: readonly LinkKind[] = ['confirmation', 'self-service', 'activity-check', 'email-change', 'walker-confirmation', 'walker-walks', 'start-meeting-rsvp', 'round-participant', 'finding-owner'];
/** The payload field(s) a link kind's request carries: the first one the event has (checked at load). */
export const LINK_PAYLOAD_FIELD: Record<LinkKind, readonly string[] | null> = {
  confirmation: ['payload.registrationId'],
  'self-service': null,
  'activity-check': ['payload.checkId'],
  'walker-confirmation': ['payload.volunteerId'],
  // An active walker's link to their walk page (volunteers' POST /internal/links): the walk events' `volunteerId`
  // (reminder, invitation), or the subject of the walker's onboarding outcome.
  'walker-walks': ['payload.volunteerId', 'payload.subject.id'],
  'email-change': ['payload.changeId'],
  'start-meeting-rsvp': ['payload.meetingId'],
  // A safety round's participant's answer link and a finding owner's update link (volunteers' POST /internal/round-links).
  'round-participant': ['payload.participantId'],
  'finding-owner': ['payload.findingId'],
};

/**
 * queued → sending → sent → delivered | bounced, or failed. A message found in `sending` by a later attempt may or
 * may not have left (the process died between the send and the record): it becomes `uncertain` and is not sent
 * again — at most one send per idempotency key (see the service README). `skipped`: the recipient opted out or
 * has no working address for the channel.
 */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'bounced' | 'uncertain' | 'skipped';

export interface StatusChange {
  status: MessageStatus;
  at: Date;
  detail: string | null;
}

export interface OutgoingMessage {
  id: string;
  idempotencyKey: string;
  municipalityId: string;
  recipientId: string;
  channel: Channel;
  template: string;
  category: Category;
  language: Language;
  /** The event that caused the message (or the broadcast id for a broadcast). */
  eventId: string;
  eventType: string;
  correlationId: string;
  /** The event payload the template renders from (erased with the recipient); null for broadcasts. */
  payload: Record<string, unknown> | null;
  broadcastId: string | null;
  /** A link the template needs, fetched at send time (secrets never travel in events). */
  link: LinkKind | null;
  /**
   * Email to the address at this path of the payload instead of the recipient's stored one (a new address to be
   * confirmed); null or absent: the stored address. Erasure forgets the payload, so the address goes with it.
   */
  addressPath?: string | null;
  /** Not before this instant (quiet hours). */
  notBefore: Date;
  status: MessageStatus;
  history: StatusChange[];
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  /** SMS only: segments and encoding of the text actually sent. */
  segments: number | null;
  encoding: string | null;
  /** The sha256 of the unsubscribe token this message carried (never the token), and until when it works. */
  unsubscribe: { tokenHash: string; expiresAt: Date } | null;
  /** An area message's "Jag har läst" link: the sha256 of its token (never the token) and until when it works. Absent: none. */
  ack?: { tokenHash: string; expiresAt: Date } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One send per (event, recipient, channel, template), whatever is redelivered or retried. */
export function idempotencyKey(parts: { eventId: string; recipientId: string; channel: Channel; template: string }): string {
  return [parts.eventId, parts.recipientId, parts.channel, parts.template].join('|');
}

/** A stable id derived from the key: the message document's _id and the queue's job id (no ':' allowed there). */
export function messageIdFor(key: string): string {
  return sha256Hex(key).slice(0, 32);
}

