import type { MessageCategory, MessagePreferences } from '../domain/message-preferences';

/**
 * What the pages need from the notifications service: a person's message preferences ("Dina utskick"), reached
 * either with the token of the unsubscribe link in a message (no sign-in) or, from "Mina uppgifter", by the
 * person's id. The adapter is infrastructure/http-notifications-api.ts; tests inject a fake through this port.
 */
export const NOTIFICATIONS_API = Symbol('NOTIFICATIONS_API');

export { OPTIONAL_CATEGORIES, type MessageCategory, type MessagePreferences, type OptionalCategory } from '../domain/message-preferences';

/** The minimal view notifications gives: no name, no address. */
export interface PreferencesView {
  municipalityId: string;
  language: 'sv' | 'en';
  /** The category of the message whose link was opened; null when reached from "Mina uppgifter". */
  linkCategory: MessageCategory | null;
  preferences: MessagePreferences;
  /** email: the address works; sms: a mobile number and the SMS opt-in. */
  available: { email: boolean; sms: boolean };
}

/** not_found: unknown or expired link, unknown person, or another municipality. */
export type PreferencesResult = { kind: 'ok'; view: PreferencesView } | { kind: 'not_found' };

export interface NotificationsApi {
  preferencesByLink(token: string): Promise<PreferencesResult>;
  savePreferencesByLink(token: string, preferences: MessagePreferences): Promise<PreferencesResult>;
  preferencesOfPerson(municipalityId: string, personId: string): Promise<PreferencesResult>;
  savePreferencesOfPerson(municipalityId: string, personId: string, preferences: MessagePreferences): Promise<PreferencesResult>;
}

/** The notifications service cannot be reached or answered 5xx: the page says "try again shortly" (503). */
export class NotificationsUnavailable extends Error {
  constructor(reason: string) {
    super(`notifications is unavailable: ${reason}`);
    this.name = 'NotificationsUnavailable';
  }
}
