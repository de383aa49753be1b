import type { ContactPersonRole } from './contact-persons';
import type { Category, Channel } from './message';
import { isMobileConfirmed, type MobileChallenge, type MobileConfirmation } from './mobile-confirmation';
import type { Language } from './template';

export interface Preferences {
  channels: Record<Channel, boolean>;
  /** Opted-out categories; `transactional` cannot be turned off. */
  categories: Record<Exclude<Category, 'transactional'>, boolean>;
}

export const defaultPreferences = (): Preferences => ({
  channels: { email: true, sms: true },
  categories: { urgent: true, information: true, reminders: true },
});

/** Whom notifications can reach: built from events, so jobs and logs carry ids, not addresses. */
export interface Recipient {
  id: string;
  municipalityId: string;
  name: string;
  email: string | null;
  /** A hard bounce marks the address as not working: no more mail to it until it changes. */
  emailBouncedAt: Date | null;
  mobile: string | null;
  /** The number the person confirmed by typing back a code sent to it (`domain/mobile-confirmation.ts`); reset when the number changes. */
  mobileConfirmed: MobileConfirmation | null;
  /** The open code challenge (only its salted hash). */
  mobileChallenge: MobileChallenge | null;
  smsOptIn: boolean;
  /**
   * The resident's "news from the group by email" choice (enrolment's `emailUpdates`): false stops
   * `information` email only; urgent, reminders and transactional email still go, SMS follows smsOptIn.
   */
  emailUpdates: boolean;
  language: Language;
  groupIds: string[];
  areaIds: string[];
  /** The person's contact-person roles, from the events (`domain/contact-persons.ts`); absent: none. */
  contactPersonRoles?: ContactPersonRole[];
  /** The groups and areas they are an active contact person of (derived from the roles, stored for the broadcast query). */
  contactPersonGroupIds?: string[];
  contactPersonAreaIds?: string[];
  preferences: Preferences;
  /** A contact person or coordinator may see who cannot be reached. */
  bounceSmsSentAt: Date | null;
  /** When the person last changed their preferences themselves (null/absent: never). */
  preferencesUpdatedAt?: Date | null;
  /**
   * Protected identity (skyddad identitet), from the events that carry the person's details: staff lists show them
   * as "Skyddad person" unless the viewer holds the `protected-identity` permission. Absent: not protected.
   */
  protectedIdentity?: boolean;
}

export type SkipReason = 'opted-out-channel' | 'opted-out-category' | 'no-email-updates' | 'no-address' | 'address-bounced' | 'mobile-unconfirmed' | 'no-sms-opt-in';

/**
 * May this recipient get this message on this channel? Transactional email always goes to a working address; no SMS
 * of any category goes to a mobile number the person has not confirmed by code.
 */
export function reachability(recipient: Recipient, channel: Channel, category: Category): { ok: true } | { ok: false; reason: SkipReason } {
  if (channel === 'email') {
    if (!recipient.email) return { ok: false, reason: 'no-address' };
    if (recipient.emailBouncedAt) return { ok: false, reason: 'address-bounced' };
  } else {
    if (!recipient.mobile) return { ok: false, reason: 'no-address' };
    if (!isMobileConfirmed(recipient)) return { ok: false, reason: 'mobile-unconfirmed' };
    if (!recipient.smsOptIn) return { ok: false, reason: 'no-sms-opt-in' };
  }
  if (category === 'transactional') return { ok: true };
  if (!recipient.preferences.channels[channel]) return { ok: false, reason: 'opted-out-channel' };
  if (!recipient.preferences.categories[category]) return { ok: false, reason: 'opted-out-category' };
  if (channel === 'email' && category === 'information' && !recipient.emailUpdates) return { ok: false, reason: 'no-email-updates' };
  return { ok: true };
}

/**
 * Stale contacts: a change of whether a person can be reached by email, told to enrolment (the contact person and
 * the coordinator see who cannot be reached). Only people are announced, never a mailbox.
 */
export interface ReachabilityChange {
  channel: 'email';
  reachable: boolean;
  reason: 'hard-bounce' | 'address-changed';
  changedAt: Date;
}

/**
 * Mailboxes (coordinator, police area) and contacts named only by an event (a round's participant, a finding's owner:
 * `contact.…`) are recipients too, but nobody needs to hear that one bounced.
 */
export function isPerson(recipient: Pick<Recipient, 'id'>): boolean {
  return !recipient.id.startsWith('mailbox.') && !recipient.id.startsWith('contact.');
}

/**
 * A hard bounce marks the address as not working. Only the first bounce of an address is a change: a second bounce
 * of an address already marked returns null (nothing to write, nothing to tell).
 */
export function markBounced(recipient: Pick<Recipient, 'id' | 'emailBouncedAt'>, at: Date): { mark: boolean; announce: ReachabilityChange | null } {
  if (recipient.emailBouncedAt) return { mark: false, announce: null };
  return { mark: true, announce: isPerson(recipient) ? { channel: 'email', reachable: false, reason: 'hard-bounce', changedAt: at } : null };
}

/**
 * A new email address is a new chance: the bounce mark (and the one-bounce-SMS mark) belonged to the old one.
 * Announced only when a mark is cleared; the same address keeps its mark, and an address that worked stays unannounced.
 */
export function changeAddress(
  recipient: Pick<Recipient, 'id' | 'email' | 'emailBouncedAt'>,
  email: string | null | undefined,
  at: Date,
): { clearMarks: boolean; announce: ReachabilityChange | null } {
  if (email === undefined || email === recipient.email) return { clearMarks: false, announce: null };
  const wasBounced = recipient.emailBouncedAt !== null;
  return { clearMarks: true, announce: wasBounced && isPerson(recipient) ? { channel: 'email', reachable: true, reason: 'address-changed', changedAt: at } : null };
}
