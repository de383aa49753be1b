/**
 * A person's message preferences ("Dina utskick"): which channels and which optional categories of messages they
 * want. Messages about the person's own case (`transactional`) always come, so they cannot be turned off.
 */
export const OPTIONAL_CATEGORIES = ['urgent', 'information', 'reminders'] as const;
export type OptionalCategory = (typeof OPTIONAL_CATEGORIES)[number];
export type MessageCategory = OptionalCategory | 'transactional';

export interface MessagePreferences {
  channels: { email: boolean; sms: boolean };
  /** `transactional` (messages about the person's own case) cannot be turned off, so it is not here. */
  categories: Record<OptionalCategory, boolean>;
}
