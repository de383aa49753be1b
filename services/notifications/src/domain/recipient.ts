import type { Category, Channel } from './message';
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
  smsOptIn: boolean;
  /**
   * The resident's "news from the group by email" choice (enrolment's `emailUpdates`): false stops
   * `information` email only; urgent, reminders and transactional email still go, SMS follows smsOptIn.
   */
  emailUpdates: boolean;
  language: Language;
  groupIds: string[];
  areaIds: string[];
  preferences: Preferences;
  /** A contact person or coordinator may see who cannot be reached. */
  bounceSmsSentAt: Date | null;
  /** When the person last changed their preferences themselves (null/absent: never). */
  preferencesUpdatedAt?: Date | null;
}

export type SkipReason = 'opted-out-channel' | 'opted-out-category' | 'no-email-updates' | 'no-address' | 'address-bounced' | 'no-sms-opt-in';

/** May this recipient get this message on this channel? Transactional email always goes to a working address. */
export function reachability(recipient: Recipient, channel: Channel, category: Category): { ok: true } | { ok: false; reason: SkipReason } {
  if (channel === 'email') {
    if (!recipient.email) return { ok: false, reason: 'no-address' };
    if (recipient.emailBouncedAt) return { ok: false, reason: 'address-bounced' };
  } else {
    if (!recipient.mobile) return { ok: false, reason: 'no-address' };
    if (!recipient.smsOptIn) return { ok: false, reason: 'no-sms-opt-in' };
  }
  if (category === 'transactional') return { ok: true };
  if (!recipient.preferences.channels[channel]) return { ok: false, reason: 'opted-out-channel' };
  if (!recipient.preferences.categories[category]) return { ok: false, reason: 'opted-out-category' };
  if (channel === 'email' && category === 'information' && !recipient.emailUpdates) return { ok: false, reason: 'no-email-updates' };
  return { ok: true };
}
