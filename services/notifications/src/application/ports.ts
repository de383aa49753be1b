import type { AuditEntry } from '@trygg/audit';
import type { AuditLog } from '@trygg/values';
import type { EventEnvelope } from '@trygg/contracts';
import type { Category, Channel, MessageStatus, OutgoingMessage } from '../domain/message';
import type { AwaitingRecipient } from '../domain/awaiting';
import type { MobileFacts } from '../domain/mobile-confirmation';
import type { Preferences, ReachabilityChange, Recipient } from '../domain/recipient';
import type { Language } from '../domain/template';
import type { BroadcastAudience, BroadcastDelivery, RecipientAudience } from '../domain/broadcast';
import type { ContactPersonFact } from '../domain/contact-persons';

export type { Recipient } from '../domain/recipient';

/**
 * Builds the event that tells other services about a reachability change (`domain/recipient.ts`). The store writes
 * it into the recipient's own document in the same update as the change (outbox, docs/decisions/0003).
 */
export type AnnounceReachability = (recipient: Recipient, change: ReachabilityChange) => EventEnvelope;

/** Injection token of the `RecipientStore`. */
export const RECIPIENT_STORE = Symbol('RecipientStore');

/** What other services' events tell notifications about a person. */
export interface RecipientStore {
  /**
   * Creates the recipient or updates the given contact fields, keeping preferences and groups. A changed email
   * clears the bounce mark (and the one-bounce-SMS mark): it belonged to the old address. When a mark is cleared,
   * `announce` builds the event written with that change.
   */
  upsertContact(
    contact: { id: string; municipalityId: string; name?: string; email?: string | null; language?: Language; mobile?: string | null; smsOptIn?: boolean; emailUpdates?: boolean; protectedIdentity?: boolean },
    announce?: AnnounceReachability,
  ): Promise<void>;
  /** The recipient of that municipality (null: unknown there, whatever another municipality holds). */
  get(municipalityId: string, id: string): Promise<Recipient | null>;
  joinGroup(id: string, municipalityId: string, groupId: string, areaId: string): Promise<void>;
  /** Records a contact-person fact of the person (`domain/contact-persons.ts`), creating the recipient when unknown. */
  recordContactPersonFact(id: string, municipalityId: string, fact: ContactPersonFact): Promise<void>;
  leaveGroup(municipalityId: string, id: string, groupId: string): Promise<void>;
  /** Replaces the recipient's preferences and records when (one single-document update); false when not found. */
  setPreferences(id: string, municipalityId: string, preferences: Preferences, at: Date): Promise<boolean>;
  /** Reads and changes the preferences as one step, serialised with every other write to the recipient. */
  updatePreferences(id: string, municipalityId: string, change: (current: Preferences) => Preferences, at: Date): Promise<boolean>;
  /**
   * Marks the address as not working unless it is marked already (`domain/recipient.ts` markBounced), with the
   * event `announce` builds in the same update. false when nothing changed (already marked, or erased).
   */
  markEmailBounced(municipalityId: string, id: string, at: Date, announce: AnnounceReachability): Promise<boolean>;
  /**
   * Reads the recipient and writes what `decide` returns about its mobile confirmation as one conditional
   * single-document update (decided again when another write won); null when the recipient is unknown there.
   */
  decideMobile<T>(municipalityId: string, id: string, decide: (recipient: Recipient) => { set: Partial<MobileFacts> | null; result: T }): Promise<T | null>;
  /** Sets bounceSmsSentAt unless already set; false when it was set (one bounce SMS per address). */
  claimBounceSms(municipalityId: string, id: string, at: Date): Promise<boolean>;
  erase(municipalityId: string, id: string): Promise<void>;
  /** Stale contacts: recipients of a municipality whose email address bounced (for coordinator and contact person). */
  unreachable(municipalityId: string, limit: number): Promise<Recipient[]>;
  /**
   * A municipality's recipients matching the filter, in batches from one database cursor: never all of them in
   * memory, and one scan of the collection however many batches (FerretDB scans on every find).
   */
  stream(filter: RecipientFilter, batchSize: number): AsyncGenerator<Recipient[]>;
  /** How many recipients match the filter (index-served; a broadcast to none is refused). */
  count(filter: RecipientFilter): Promise<number>;
}

/** Injection token of the `MobileCodeQuota`. */
export const MOBILE_CODE_QUOTA = Symbol('MobileCodeQuota');

/** Codes sent per mobile number and day, whoever asked (one counter document per number and day, hashed number). */
export interface MobileCodeQuota {
  /** Counts one more code unless `max` were sent to the number that day; false when the limit is reached. */
  take(number: string, day: string, max: number): Promise<boolean>;
}

/** Injection token of the `AwaitingStore`. */
export const AWAITING_STORE = Symbol('AwaitingStore');

/**
 * Events waiting for a person notifications has not stored yet (`domain/awaiting.ts`). Small: a record lives from
 * the event until the person's contact details arrive (seconds after a backlog), or until housekeeping gives it up.
 */
export interface AwaitingStore {
  /** Stores the record unless one with the same id exists (a redelivered event). */
  add(record: AwaitingRecipient): Promise<void>;
  /** The person's waiting records, oldest first. */
  forRecipient(municipalityId: string, recipientId: string): Promise<AwaitingRecipient[]>;
  remove(municipalityId: string, ids: string[]): Promise<void>;
  /** Erasure: the person's records go (they may hold personal data); returns how many. */
  eraseRecipient(municipalityId: string, recipientId: string): Promise<number>;
  /** Housekeeping: records of the municipality parked before `cutoff`; returns how many were deleted. */
  purgeOlderThan(municipalityId: string, cutoff: Date): Promise<number>;
}

export interface RecipientFilter {
  municipalityId: string;
  groupIds?: string[];
  areaIds?: string[];
  /** Absent: members. */
  audience?: RecipientAudience;
}

export interface MessageSearch {
  municipalityId: string;
  status?: MessageStatus;
  channel?: Channel;
  recipientId?: string;
  broadcastId?: string;
  template?: string;
  limit: number;
  before?: Date;
}

/** Injection token of the `MessageStore` (the delivery log). */
export const MESSAGE_STORE = Symbol('MessageStore');

export interface MessageStore {
  /** Inserts the message unless one with the same id exists; returns false for a duplicate. */
  createIfAbsent(message: OutgoingMessage): Promise<boolean>;
  /** Bulk insert for broadcasts; duplicates (a retried chunk) are skipped. Returns how many were new. */
  createMany(messages: OutgoingMessage[]): Promise<number>;
  get(id: string): Promise<OutgoingMessage | null>;
  findByProviderId(channel: Channel, providerMessageId: string): Promise<OutgoingMessage | null>;
  /** queued → sending, atomically, recording the hashes of the unsubscribe (and "Jag har läst") tokens it carries; false when not queued. */
  claimForSending(id: string, now: Date, unsubscribe?: { tokenHash: string; expiresAt: Date }, ack?: { tokenHash: string; expiresAt: Date }): Promise<boolean>;
  /**
   * sending → sent once the provider took the message, with its history entry. Never undone: a message the provider
   * took must not go back to `queued`, whatever happens after.
   */
  recordSent(id: string, now: Date, detail: string | null, extra: Partial<Pick<OutgoingMessage, 'providerMessageId' | 'segments' | 'encoding' | 'lastError' | 'payload'>>): Promise<void>;
  /** Any status change with its history entry; `onlyFrom` makes it conditional. */
  transition(id: string, to: MessageStatus, now: Date, detail: string | null, extra?: Partial<Pick<OutgoingMessage, 'providerMessageId' | 'segments' | 'encoding' | 'lastError' | 'payload'>>, onlyFrom?: MessageStatus[]): Promise<boolean>;
  search(query: MessageSearch): Promise<OutgoingMessage[]>;
  /** Every message of one recipient of the municipality, newest first, without payloads ("Mina uppgifter"). */
  ofRecipient(municipalityId: string, recipientId: string): Promise<OutgoingMessage[]>;
  /** The statuses of the broadcast's messages to each of the recipients (reach, `domain/broadcast.ts`). */
  broadcastStatuses(municipalityId: string, broadcastId: string, recipientIds: string[]): Promise<Array<{ recipientId: string; status: MessageStatus }>>;
  /** The message that carried this "Jag har läst" token (its hash) while the token works; null otherwise. */
  findByAckToken(tokenHash: string): Promise<OutgoingMessage | null>;
  /** Totals per channel and status of one broadcast. */
  broadcastTotals(municipalityId: string, broadcastId: string): Promise<Array<{ channel: Channel; status: MessageStatus; count: number }>>;
  /**
   * Erasure: forgets the rendered-from payload, the last error and every history detail of the person's messages
   * (texts that may quote their address or number); the log keeps ids, templates, statuses and times.
   */
  eraseRecipientTexts(municipalityId: string, recipientId: string): Promise<void>;
}

/** One daily SMS counter (domain/sms-caps.ts `smsCounters`): per number (hashed) or per municipality, per local day. */
export interface SmsCounter {
  /** The counter's document id, e.g. `number:2026-12-02:<sha256 of the number>` or `municipality:2026-12-02:ale`. */
  id: string;
  municipalityId: string;
  /** When the counter may be forgotten (a day after its day ends). */
  expiresAt: Date;
}

/** Injection token of the `SmsCounters`. */
export const SMS_COUNTERS = Symbol('SmsCounters');

/** The daily SMS counters behind the caps, each one document, safe with several notifications processes. */
export interface SmsCounters {
  /**
   * Counts the message on the counter when it is below `limit`, in one atomic single-document update; a message
   * already counted there (a retried job) counts once and is allowed again. False when the counter is at its limit.
   */
  count(counter: SmsCounter, limit: number, messageId: string): Promise<boolean>;
  /** True for exactly one caller per counter (the one who sends the alert that the cap was reached). */
  claimAlert(counter: SmsCounter): Promise<boolean>;
}

/** Injection token of the `MessageQueue`. */
export const MESSAGE_QUEUE = Symbol('MessageQueue');

export interface MessageQueue {
  /** Enqueues by message id (the job id): a message id already queued is not queued again. */
  enqueue(channel: Channel, jobs: Array<{ messageId: string; notBefore: Date }>): Promise<void>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058) for non-transactional mail. */
  unsubscribeUrl: string | null;
  /** Files attached (a meeting invitation's `.ics`). */
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

/** Injection token of the `Mailer`. */
export const MAILER = Symbol('Mailer');

export interface Mailer {
  send(mail: OutgoingEmail): Promise<{ providerMessageId: string }>;
}

export interface OutgoingSms {
  to: string;
  message: string;
  messageId: string;
}

/** Injection token of the `SmsProvider`. */
export const SMS_PROVIDER = Symbol('SmsProvider');

export interface SmsProvider {
  send(sms: OutgoingSms): Promise<{ providerMessageId: string }>;
}

/** The provider refused for good (SMTP 5xx, SMS 4xx): retrying cannot help. `bounce`: the address does not work. */
export class PermanentDeliveryError extends Error {
  constructor(
    message: string,
    readonly bounce = false,
  ) {
    super(message);
  }
}

export type LinkRequest =
  | { kind: 'confirmation'; registrationId: string }
  | { kind: 'self-service'; personId: string }
  | { kind: 'activity-check'; checkId: string }
  | { kind: 'walker-confirmation'; volunteerId: string }
  | { kind: 'walker-walks'; volunteerId: string }
  | { kind: 'email-change'; personId: string; changeId: string }
  | { kind: 'start-meeting-rsvp'; meetingId: string; personId: string }
  | { kind: 'round-participant'; municipalityId: string; roundId: string; participantId: string }
  | { kind: 'finding-owner'; municipalityId: string; findingId: string; assignedAt: string };

/** Injection token of the `LinkIssuer`. */
export const LINK_ISSUER = Symbol('LinkIssuer');

/** Links with secrets are issued by enrolment (a walker's confirmation link: volunteers) at send time (docs: links agreement); never carried in events. */
export interface LinkIssuer {
  issue(request: LinkRequest): Promise<{ url: string; expiresAt: string }>;
}

/** The link can never be issued (the registration is gone or already confirmed, the check already answered): no retry. */
export class LinkUnavailable extends Error {}

export interface UnsubscribeGrant {
  recipientId: string;
  municipalityId: string;
  category: Category;
  channel: Channel;
  expiresAt: Date;
}

/** Injection token of the `UnsubscribeGrants`. */
export const UNSUBSCRIBE_GRANTS = Symbol('UnsubscribeGrants');

/**
 * Finds what an unsubscribe token was issued for. The hash is kept on the message that carried the link (written
 * with the claim), so issuing a link costs no extra write.
 */
export interface UnsubscribeGrants {
  findGrant(tokenHash: string): Promise<UnsubscribeGrant | null>;
}

export interface Broadcast {
  id: string;
  municipalityId: string;
  subject: string;
  body: string;
  category: Category;
  channels: Channel[];
  filter: { groupIds?: string[]; areaIds?: string[] };
  /** Absent on broadcasts written before issue 14: members, direct. */
  audience?: BroadcastAudience;
  delivery?: BroadcastDelivery;
  createdBy: string;
  createdAt: Date;
  recipients: number;
  messages: number;
  /**
   * `fanning-out` from acceptance until every recipient's messages are written and queued; `fanned-out` after.
   * Absent on broadcasts written before the fan-out ran in the background: they were done when answered.
   */
  status?: 'fanning-out' | 'fanned-out';
}

/** Injection token of the `BroadcastStore`. */
export const BROADCAST_STORE = Symbol('BroadcastStore');

export interface BroadcastStore {
  create(broadcast: Broadcast): Promise<void>;
  get(municipalityId: string, id: string): Promise<Broadcast | null>;
  setCounts(municipalityId: string, id: string, recipients: number, messages: number): Promise<void>;
  /** Marks the fan-out done with the final counts. */
  finish(municipalityId: string, id: string, recipients: number, messages: number): Promise<void>;
  /** Broadcasts of every municipality whose fan-out has not finished (a process died during it), oldest first. */
  unfinished(limit: number): Promise<Broadcast[]>;
}

/** One recipient's "Jag har läst" of one broadcast (whichever of their messages' links was clicked, however often). */
export interface Acknowledgement {
  municipalityId: string;
  broadcastId: string;
  recipientId: string;
  /** The groups it counts for (`domain/broadcast.ts` acknowledgementGroups). */
  groupIds: string[];
  at: Date;
}

/** Injection token of the `AcknowledgementStore`. */
export const ACKNOWLEDGEMENT_STORE = Symbol('AcknowledgementStore');

export interface AcknowledgementStore {
  /** Records it unless the recipient acknowledged the broadcast before; true when it is new (counted once). */
  record(ack: Acknowledgement): Promise<boolean>;
  /** How many recipients acknowledged, in all and per group. */
  counts(municipalityId: string, broadcastId: string): Promise<{ total: number; groups: Array<{ groupId: string; count: number }> }>;
  /** Erasure: the person's acknowledgements go (the counts shrink by theirs). */
  eraseRecipient(municipalityId: string, recipientId: string): Promise<void>;
}

/** Injection token of the `StaffViewAudit`. */
export const STAFF_VIEW_AUDIT = Symbol('StaffViewAudit');

/** The service's hash-chained audit trail (libs/audit): views of personal-data lists by signed-in staff. */
export type StaffViewAudit = AuditLog<AuditEntry>;
