import { type BodyOf, policeLiaison, type RouteContract } from '@trygg/http-contracts';
import { PoliceLiaisonUnavailable } from '../application/police-api';
import type { RsvpAnswer, RsvpProblem, RsvpView, StartMeetingApi } from '../application/start-meeting-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

/** police-liaison's RSVP link routes over HTTP (no credential but the token), parsed with their contracts. */
export class HttpStartMeetingApi implements StartMeetingApi {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call<R extends RouteContract>(route: R, token: string, body?: BodyOf<R>): Promise<{ status: number; body: unknown }> {
    const res = await requestRoute(route, {
      baseUrl: this.baseUrl,
      path: pathOf(route, { token }),
      headers: {},
      body,
      timeoutMs: this.timeoutMs,
      unavailable: (message) => new PoliceLiaisonUnavailable(message),
    });
    return { status: res.status, body: await answerBody(res) };
  }

  async describeRsvp(token: string): Promise<({ kind: 'ok' } & RsvpView) | RsvpProblem> {
    const route = policeLiaison.describeStartMeetingRsvp;
    const answer = await this.call(route, token);
    if (answer.status === 200) return { kind: 'ok', ...parseAnswer(route, 200, answer.body) };
    return this.problem(route, answer);
  }

  async answerRsvp(token: string, rsvp: RsvpAnswer): Promise<({ kind: 'ok' } & RsvpView) | RsvpProblem | { kind: 'closed' }> {
    const route = policeLiaison.answerStartMeetingRsvp;
    const answer = await this.call(route, token, { answer: rsvp });
    if (answer.status === 200) return { kind: 'ok', ...parseAnswer(route, 200, answer.body) };
    // The meeting has begun: answers are closed (police-liaison's 409 meeting_closed).
    if (answer.status === 409) return { kind: 'closed' };
    return this.problem(route, answer);
  }

  private problem(route: RouteContract, answer: { status: number; body: unknown }): RsvpProblem {
    if (answer.status === 404) return { kind: 'token_invalid' };
    if (answer.status === 410) return { kind: 'token_expired' };
    parseAnswer(route, answer.status, answer.body);
    throw new Error(`${route.operationId} answered ${answer.status}`);
  }
}
