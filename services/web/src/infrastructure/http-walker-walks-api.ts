import { type ErrorBody, type RouteContract, walkerWalks, walks } from '@trygg/http-contracts';
import { VolunteersUnavailable } from '../application/volunteers-api';
import type { WalkerAction, WalkerLinkProblem, WalkerRefusal, WalkerWalksApi, WalkReport } from '../application/walker-walks-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

const ACTIONS: Record<WalkerAction, RouteContract> = { booking: walks.bookWalk, unbooking: walks.unbookWalk, 'check-in': walks.checkInWalk, 'check-out': walks.checkOutWalk };

/**
 * The walker's routes of the volunteers service over HTTP (access `link`: the token in the path is the walker's
 * capability, no secret of the web's). Every answer parsed with the route's schema; 5xx/network → VolunteersUnavailable.
 */
export class HttpWalkerWalksApi implements WalkerWalksApi {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call(route: RouteContract, params: Record<string, string>, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await requestRoute(route, {
      baseUrl: this.baseUrl,
      path: pathOf(route, params),
      ...(body === undefined ? {} : { body }),
      timeoutMs: this.timeoutMs,
      unavailable: (message) => new VolunteersUnavailable(message),
    });
    return { status: res.status, body: await answerBody(res) };
  }

  /** 404 token_invalid / 410 token_expired → a link problem; 404 not_found / 409 → a refusal with the code. */
  private problem(route: RouteContract, answer: { status: number; body: unknown }): WalkerLinkProblem | WalkerRefusal | undefined {
    if (answer.status !== 404 && answer.status !== 409 && answer.status !== 410) return undefined;
    const error = (parseAnswer(route, answer.status, answer.body) as ErrorBody | undefined)?.error ?? '';
    if (answer.status === 410) return { kind: 'token_expired' };
    if (answer.status === 404 && error !== 'not_found') return { kind: 'token_invalid' };
    return { kind: 'refused', code: error || 'other' };
  }

  async list(token: string) {
    const route = walkerWalks.listWalkerWalks;
    const answer = await this.call(route, { token });
    if (answer.status === 200) return { kind: 'ok' as const, view: parseAnswer(route, 200, answer.body) };
    const problem = this.problem(route, answer);
    if (problem && problem.kind !== 'refused') return problem;
    if (answer.status === 400) return { kind: 'token_invalid' as const };
    throw new VolunteersUnavailable(`GET /walker/…/walks answered ${answer.status}`);
  }

  async act(token: string, walkId: string, action: WalkerAction) {
    const route = ACTIONS[action];
    const answer = await this.call(route, { token, walkId }, {});
    if (answer.status === 200) {
      parseAnswer(route, 200, answer.body);
      return { kind: 'ok' as const };
    }
    const problem = this.problem(route, answer);
    if (problem) return problem;
    if (answer.status === 400) return { kind: 'refused' as const, code: 'not_found' };
    throw new VolunteersUnavailable(`POST /walker/…/${action} answered ${answer.status}`);
  }

  async report(token: string, walkId: string, report: WalkReport) {
    const route = walkerWalks.reportWalk;
    const answer = await this.call(route, { token, walkId }, report);
    if (answer.status === 201) {
      parseAnswer(route, 201, answer.body);
      return { kind: 'ok' as const };
    }
    const problem = this.problem(route, answer);
    if (problem) return problem;
    if (answer.status === 400) return { kind: 'invalid' as const, fields: ((parseAnswer(route, 400, answer.body) as ErrorBody | undefined)?.fields ?? []).map((f) => f.field) };
    throw new VolunteersUnavailable(`POST /walker/…/report answered ${answer.status}`);
  }
}
