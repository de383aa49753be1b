import type { BodyOf, ResponseOf, notifications } from '@trygg/http-contracts';
import type { MessagePreferences } from '../domain/message-preferences';

/**
 * What the pages need from the notifications service: a person's message preferences ("Dina utskick"), reached
 * either with the token of the unsubscribe link in a message (no sign-in) or, from "Mina uppgifter", by the
 * person's id. The data types are notifications' contract (`@trygg/http-contracts`,
 * libs/http-contracts/src/notifications.ts). The adapter is infrastructure/http-notifications-api.ts (it parses every
 * answer with the route's schema); tests inject a fake through this port.
 */
export const NOTIFICATIONS_API = Symbol('NOTIFICATIONS_API');

export { OPTIONAL_CATEGORIES, type MessagePreferences, type OptionalCategory } from '../domain/message-preferences';

/**
 * The minimal view notifications gives (no name, no address): `linkCategory` is the category of the message whose
 * link was opened (null when reached from "Mina uppgifter"); `available.sms` needs a mobile number and the opt-in.
 */
export type PreferencesView = ResponseOf<typeof notifications.preferencesByLink, 200>;

/** not_found: unknown or expired link, unknown person, or another municipality. */
export type PreferencesResult = { kind: 'ok'; view: PreferencesView } | { kind: 'not_found' };

export type MobileCodeRequest = ResponseOf<typeof notifications.requestMobileCode, 200>;
export type MobileCodeAnswer = ResponseOf<typeof notifications.confirmMobileCode, 200>;

export interface NotificationsApi {
  preferencesByLink(token: string): Promise<PreferencesResult>;
  savePreferencesByLink(token: string, preferences: MessagePreferences): Promise<PreferencesResult>;
  preferencesOfPerson(municipalityId: string, personId: string): Promise<PreferencesResult>;
  savePreferencesOfPerson(municipalityId: string, personId: string, preferences: MessagePreferences): Promise<PreferencesResult>;
  /** "Bekräfta ditt mobilnummer": a code by SMS to the person's number (null: notifications does not know the person). */
  requestMobileCode(municipalityId: string, personId: string): Promise<MobileCodeRequest | null>;
  /** The code the person typed back (null: notifications does not know the person). */
  confirmMobileCode(municipalityId: string, personId: string, code: string): Promise<MobileCodeAnswer | null>;
  /** A relay page: which of the group's people an area message reached (null: not the asker's group, or no such message). */
  broadcastReach(broadcastId: string, question: BroadcastReachQuestion): Promise<BroadcastReach | null>;
  /** "Jag har läst" by the link's token (null: unknown or expired link). */
  acknowledge(token: string): Promise<Acknowledged | null>;
}

export type BroadcastReachQuestion = BodyOf<typeof notifications.broadcastReach>;
export type BroadcastReach = ResponseOf<typeof notifications.broadcastReach, 200>;
export type Acknowledged = ResponseOf<typeof notifications.acknowledgeBroadcast, 200>;

/** The notifications service cannot be reached or answered 5xx: the page says "try again shortly" (503). */
export class NotificationsUnavailable extends Error {
  constructor(reason: string) {
    super(`notifications is unavailable: ${reason}`);
    this.name = 'NotificationsUnavailable';
  }
}
