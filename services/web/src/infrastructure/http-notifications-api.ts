import { currentCorrelationId } from '@trygg/observability';
import {
  type MessagePreferences,
  type NotificationsApi,
  NotificationsUnavailable,
  type PreferencesResult,
  type PreferencesView,
} from '../application/notifications-api';

/**
 * The notifications service's internal preferences API over HTTP (`x-internal-token`). 5xx, 401 (a token
 * mismatch is a deployment fault, not the resident's) and network failures become NotificationsUnavailable.
 */
export class HttpNotificationsApi implements NotificationsApi {
  constructor(
    private readonly baseUrl: string,
    private readonly internalToken: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call(method: 'GET' | 'PUT', path: string, body?: MessagePreferences): Promise<PreferencesResult> {
    if (!this.internalToken) throw new NotificationsUnavailable('INTERNAL_API_TOKEN is not configured');
    const shownPath = path.replace(/\/[A-Za-z0-9_-]{20,}/g, '/…');
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          'x-internal-token': this.internalToken,
          'x-correlation-id': currentCorrelationId() ?? '',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new NotificationsUnavailable((error as Error).message);
    }
    if (res.status === 200) return { kind: 'ok', view: (await res.json()) as PreferencesView };
    await res.body?.cancel();
    if (res.status === 404) return { kind: 'not_found' };
    if (res.status >= 500 || res.status === 401) throw new NotificationsUnavailable(`${method} ${shownPath} answered ${res.status}`);
    // 400: the page sent something the API refuses — a bug here, not the resident's input.
    throw new Error(`${method} ${shownPath} answered ${res.status}`);
  }

  preferencesByLink(token: string): Promise<PreferencesResult> {
    return this.call('GET', `/internal/preferences/${encodeURIComponent(token)}`);
  }

  savePreferencesByLink(token: string, preferences: MessagePreferences): Promise<PreferencesResult> {
    return this.call('PUT', `/internal/preferences/${encodeURIComponent(token)}`, preferences);
  }

  preferencesOfPerson(municipalityId: string, personId: string): Promise<PreferencesResult> {
    return this.call('GET', `/internal/recipients/${encodeURIComponent(personId)}/preferences?municipalityId=${encodeURIComponent(municipalityId)}`);
  }

  savePreferencesOfPerson(municipalityId: string, personId: string, preferences: MessagePreferences): Promise<PreferencesResult> {
    return this.call('PUT', `/internal/recipients/${encodeURIComponent(personId)}/preferences?municipalityId=${encodeURIComponent(municipalityId)}`, preferences);
  }
}
