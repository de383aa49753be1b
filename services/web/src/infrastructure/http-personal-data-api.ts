import { internalSecretName } from '@trygg/config';
import { braReview, notifications, onboarding, PERSONAL_DATA_PURPOSE, policeLiaison, type RouteContract, volunteers } from '@trygg/http-contracts';
import type { PersonalDataApi, PersonalDataParts, PersonalDataSource } from '../application/personal-data';
import { answerBody, parseAnswer, pathOf, requestRoute, shownCall } from './contract-answers';

const ROUTES: Record<PersonalDataSource, RouteContract> = {
  notifications: notifications.personalData,
  onboarding: onboarding.personalData,
  'police-liaison': policeLiaison.personalData,
  'bra-review': braReview.personalData,
  volunteers: volunteers.personalData,
};

/** A service's part of "Mina uppgifter" could not be had (down, 5xx, 401, a malformed answer). */
export class PersonalDataUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PersonalDataUnavailable';
  }
}

/**
 * Each service's `GET /internal/personal-data/:personId` over HTTP, with the web's own secret
 * (INTERNAL_SECRET_WEB_PERSONAL_DATA, as a bearer with `x-internal-caller: web`); every answer parsed with the route's
 * schema (`@trygg/http-contracts`).
 */
export class HttpPersonalDataApi implements PersonalDataApi {
  constructor(
    private readonly baseUrls: Record<PersonalDataSource, string>,
    private readonly secret: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  async of<S extends PersonalDataSource>(source: S, municipalityId: string, personId: string): Promise<PersonalDataParts[S]> {
    if (!this.secret) throw new PersonalDataUnavailable(`${internalSecretName('web', PERSONAL_DATA_PURPOSE)} is not configured`);
    const route = ROUTES[source];
    const path = pathOf(route, { personId }, new URLSearchParams({ municipalityId }));
    const res = await requestRoute(route, {
      baseUrl: this.baseUrls[source],
      path,
      headers: { authorization: `Bearer ${this.secret}`, 'x-internal-caller': 'web' },
      timeoutMs: this.timeoutMs,
      unavailable: (message) => new PersonalDataUnavailable(message),
    });
    const parsed: unknown = parseAnswer(route, res.status, await answerBody(res));
    if (res.status !== 200) throw new PersonalDataUnavailable(`${shownCall(route, path)} answered ${res.status}`);
    return parsed as PersonalDataParts[S];
  }
}
