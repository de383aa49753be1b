import type { MessagePreferences, OptionalCategory } from './message-preferences';
import { asFormBody, checked } from './form-input';

/** Field names of the checkboxes on "Dina utskick" (each posts `yes` when ticked). */
export const PREFERENCE_FIELDS = {
  email: 'channel-email',
  sms: 'channel-sms',
  urgent: 'category-urgent',
  information: 'category-information',
  reminders: 'category-reminders',
} as const;

/** What the form is shown with: the stored choices and the channels that can reach the person. */
export interface ShownPreferences {
  preferences: MessagePreferences;
  available: { email: boolean; sms: boolean };
}

/**
 * The preferences a posted form asks for. A checkbox that was not shown cannot be unticked: SMS is only offered
 * when it can reach the person, so without it the stored SMS choice is kept. Anything else in the body is ignored
 * (no answer = unticked), so no input can fail.
 */
export function preferencesFromForm(body: unknown, current: ShownPreferences): MessagePreferences {
  const form = asFormBody(body);
  return {
    channels: {
      email: checked(form, PREFERENCE_FIELDS.email),
      sms: current.available.sms ? checked(form, PREFERENCE_FIELDS.sms) : current.preferences.channels.sms,
    },
    categories: {
      urgent: checked(form, PREFERENCE_FIELDS.urgent),
      information: checked(form, PREFERENCE_FIELDS.information),
      reminders: checked(form, PREFERENCE_FIELDS.reminders),
    },
  };
}

/** "Avsluta": the link's category off, everything else as stored. */
export function withoutCategory(preferences: MessagePreferences, category: OptionalCategory): MessagePreferences {
  return { channels: { ...preferences.channels }, categories: { ...preferences.categories, [category]: false } };
}
