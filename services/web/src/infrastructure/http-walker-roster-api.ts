import { volunteers } from '@trygg/http-contracts';
import { VolunteersUnavailable } from '../application/volunteers-api';
import type { WalkerRoster, WalkerRosterApi } from '../application/walker-roster-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

/** volunteers' `GET /staff/:m/volunteers` over HTTP with the coordinator's bearer token, parsed with the route's schema. */
export class HttpWalkerRosterApi implements WalkerRosterApi {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async roster(accessToken: string, municipalityId: string): Promise<WalkerRoster | 'forbidden'> {
    const route = volunteers.listVolunteers;
    const res = await requestRoute(route, {
      baseUrl: this.baseUrl,
      path: pathOf(route, { m: municipalityId }),
      headers: { authorization: `Bearer ${accessToken}` },
      timeoutMs: this.timeoutMs,
      unavailable: (message) => new VolunteersUnavailable(message),
    });
    const body = await answerBody(res);
    if (res.status === 200) return parseAnswer(route, 200, body);
    if (res.status === 401 || res.status === 403) return 'forbidden';
    throw new VolunteersUnavailable(`GET /staff/${municipalityId}/volunteers answered ${res.status}`);
  }
}
