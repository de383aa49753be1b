import { type BodyOf, notifications } from '@trygg/http-contracts';

/**
 * A person's message preferences ("Dina utskick"): which channels and which optional categories of messages they
 * want, as notifications' contract takes them (`@trygg/http-contracts`). Messages about the person's own case
 * (`transactional`) always come, so they cannot be turned off and are not among the categories.
 */
export type MessagePreferences = BodyOf<typeof notifications.savePreferencesByLink>;
export const OPTIONAL_CATEGORIES = notifications.preferencesInput.shape.categories.keyof().options;
export type OptionalCategory = keyof MessagePreferences['categories'];
