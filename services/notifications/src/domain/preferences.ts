import type { z } from 'zod';
import type { notifications } from '@trygg/http-contracts';
import type { Category, Channel } from './message';
import { isMobileConfirmed } from './mobile-confirmation';
import type { Preferences, Recipient } from './recipient';

/**
 * What a person may change about what they get: channels and the three optional categories (validated by
 * `notifications.preferencesInput` of libs/http-contracts). `transactional` (messages about the person's own case)
 * cannot be turned off, so it is not a field: a body that names it is refused like any unknown field.
 */
export type PreferencesInput = z.output<typeof notifications.preferencesInput>;

/** Which channels can reach the person at all: a working email address; a confirmed mobile with the SMS opt-in. */
export function availableChannels(recipient: Recipient): Record<Channel, boolean> {
  return {
    email: !!recipient.email && !recipient.emailBouncedAt,
    sms: isMobileConfirmed(recipient) && recipient.smsOptIn,
  };
}

/** The minimal view of a person's choices for the preferences page: no name, no address. */
export interface PreferencesView {
  municipalityId: string;
  language: Recipient['language'];
  /** The category of the message whose link was opened (null when reached from self-service). */
  linkCategory: Category | null;
  preferences: Preferences;
  available: Record<Channel, boolean>;
  /** Whether the mobile number is confirmed by code (none: no number). */
  mobile: 'none' | 'unconfirmed' | 'confirmed';
  updatedAt: string | null;
}

export function preferencesView(recipient: Recipient, linkCategory: Category | null): PreferencesView {
  return {
    municipalityId: recipient.municipalityId,
    language: recipient.language,
    linkCategory,
    preferences: { channels: { ...recipient.preferences.channels }, categories: { ...recipient.preferences.categories } },
    available: availableChannels(recipient),
    mobile: !recipient.mobile ? 'none' : isMobileConfirmed(recipient) ? 'confirmed' : 'unconfirmed',
    updatedAt: recipient.preferencesUpdatedAt ? recipient.preferencesUpdatedAt.toISOString() : null,
  };
}

/** The stored preferences for an accepted input (a fresh object: nothing shared with the input). */
export function toPreferences(input: PreferencesInput): Preferences {
  return {
    channels: { email: input.channels.email, sms: input.channels.sms },
    categories: { urgent: input.categories.urgent, information: input.categories.information, reminders: input.categories.reminders },
  };
}

/** One click on "unsubscribe": the link's category off, everything else kept. Transactional stays on. */
export function withoutCategory(preferences: Preferences, category: Category): Preferences {
  const next: Preferences = { channels: { ...preferences.channels }, categories: { ...preferences.categories } };
  if (category !== 'transactional') next.categories[category] = false;
  return next;
}
