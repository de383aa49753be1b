import { type ErrorBody, type RouteContract, volunteers } from '@trygg/http-contracts';
import type { RemoteFieldProblem } from '../application/enrolment-api';
import { type NewWalker, type VolunteersApi, VolunteersUnavailable, type WalkerConfirmResult, type WalkerSignUpResult } from '../application/volunteers-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

/**
 * The volunteers service over HTTP, route by route from its contract in `@trygg/http-contracts` (every answer parsed
 * with the route's schema for its status; a mismatch is a MalformedAnswer). 5xx/network → VolunteersUnavailable.
 */
export class HttpVolunteersApi implements VolunteersApi {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call(route: RouteContract, body: unknown): Promise<{ status: number; body: unknown }> {
    const res = await requestRoute(route, {
      baseUrl: this.baseUrl,
      path: pathOf(route),
      body,
      timeoutMs: this.timeoutMs,
      unavailable: (message) => new VolunteersUnavailable(message),
    });
    return { status: res.status, body: await answerBody(res) };
  }

  async signUp(walker: NewWalker): Promise<WalkerSignUpResult> {
    const route = volunteers.signUp;
    const answer = await this.call(route, walker);
    if (answer.status === 202) {
      parseAnswer(route, 202, answer.body);
      return { kind: 'accepted' };
    }
    if (answer.status === 400) return { kind: 'invalid', fields: ((parseAnswer(route, 400, answer.body) as ErrorBody | undefined)?.fields ?? []) as RemoteFieldProblem[] };
    throw new VolunteersUnavailable(`POST /volunteers answered ${answer.status}`);
  }

  async confirm(municipalityId: string, token: string): Promise<WalkerConfirmResult> {
    const route = volunteers.confirmSignUp;
    const answer = await this.call(route, { municipalityId, token });
    if (answer.status === 200) {
      const { language, personId, mobileToConfirm } = parseAnswer(route, 200, answer.body);
      return { kind: 'confirmed', language, personId, mobileToConfirm };
    }
    if (answer.status === 404 || answer.status === 410) {
      const error = (parseAnswer(route, answer.status, answer.body) as ErrorBody | undefined)?.error;
      if (error === 'token_expired' || error === 'token_used') return { kind: error };
      return { kind: 'token_invalid' };
    }
    // A 400 is a token the web already checked the shape of: treat it as an unknown link.
    if (answer.status === 400) return { kind: 'token_invalid' };
    throw new VolunteersUnavailable(`POST /volunteers/confirmations answered ${answer.status}`);
  }
}
