import { type BodyOf, notifications, type RouteContract } from '@trygg/http-contracts';
import { internalSecretName } from '@trygg/config';
import { type Acknowledged, type BroadcastReach, type BroadcastReachQuestion, type MessagePreferences, type MobileCodeAnswer, type MobileCodeRequest, type NotificationsApi, NotificationsUnavailable, type PreferencesResult, type PreferencesView } from '../application/notifications-api';
import { answerBody, parseAnswer, pathOf, requestRoute, shownCall } from './contract-answers';

/**
 * The notifications service's internal preferences API over HTTP (the web's own secret for it, as a bearer with
 * `x-internal-caller: web`), route by route from its
 * contract in `@trygg/http-contracts`: every answer is parsed with the route's schema for its status (a mismatch is
 * a MalformedAnswer → the generic error page). 5xx, 401 (a token mismatch is a deployment fault, not the
 * resident's) and network failures become NotificationsUnavailable.
 */
export class HttpNotificationsApi implements NotificationsApi {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call<R extends RouteContract>(route: R, params: Record<string, string>, query?: URLSearchParams, body?: BodyOf<R>): Promise<PreferencesResult> {
    const answer = await this.answer(route, params, query, body);
    return answer === null ? { kind: 'not_found' } : { kind: 'ok', view: answer as PreferencesView };
  }

  /** The route's parsed 200 answer, or null for 404. */
  private async answer<R extends RouteContract>(route: R, params: Record<string, string>, query?: URLSearchParams, body?: BodyOf<R>): Promise<unknown> {
    if (!this.secret) throw new NotificationsUnavailable(`${internalSecretName('web', 'preferences')} is not configured`);
    const path = pathOf(route, params, query);
    const res = await requestRoute(route, {
      baseUrl: this.baseUrl,
      path,
      headers: { authorization: `Bearer ${this.secret}`, 'x-internal-caller': 'web' },
      body,
      timeoutMs: this.timeoutMs,
      unavailable: (message) => new NotificationsUnavailable(message),
    });
    const shown = shownCall(route, path);
    const answer = await answerBody(res);
    const parsed: unknown = parseAnswer(route, res.status, answer);
    if (res.status === 200) return parsed;
    if (res.status === 404) return null;
    if (res.status === 401) throw new NotificationsUnavailable(`${shown} answered ${res.status}`);
    // 400: the page sent something the API refuses — a bug here, not the resident's input.
    throw new Error(`${shown} answered ${res.status}`);
  }

  preferencesByLink(token: string): Promise<PreferencesResult> {
    return this.call(notifications.preferencesByLink, { token });
  }

  savePreferencesByLink(token: string, preferences: MessagePreferences): Promise<PreferencesResult> {
    return this.call(notifications.savePreferencesByLink, { token }, undefined, preferences);
  }

  preferencesOfPerson(municipalityId: string, personId: string): Promise<PreferencesResult> {
    return this.call(notifications.preferencesOfPerson, { personId }, new URLSearchParams({ municipalityId }));
  }

  savePreferencesOfPerson(municipalityId: string, personId: string, preferences: MessagePreferences): Promise<PreferencesResult> {
    return this.call(notifications.savePreferencesOfPerson, { personId }, new URLSearchParams({ municipalityId }), preferences);
  }

  async requestMobileCode(municipalityId: string, personId: string): Promise<MobileCodeRequest | null> {
    return (await this.answer(notifications.requestMobileCode, { personId }, new URLSearchParams({ municipalityId }))) as MobileCodeRequest | null;
  }

  async confirmMobileCode(municipalityId: string, personId: string, code: string): Promise<MobileCodeAnswer | null> {
    return (await this.answer(notifications.confirmMobileCode, { personId }, new URLSearchParams({ municipalityId }), { code })) as MobileCodeAnswer | null;
  }

  async broadcastReach(broadcastId: string, question: BroadcastReachQuestion): Promise<BroadcastReach | null> {
    return (await this.answer(notifications.broadcastReach, { id: broadcastId }, undefined, question)) as BroadcastReach | null;
  }

  async acknowledge(token: string): Promise<Acknowledged | null> {
    return (await this.answer(notifications.acknowledgeBroadcast, { token })) as Acknowledged | null;
  }
}
