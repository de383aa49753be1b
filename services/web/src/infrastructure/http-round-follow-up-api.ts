import { type ErrorBody, type ResponseOf, type RouteContract, walkReports } from '@trygg/http-contracts';
import { AccessDenied, type RemoteFieldProblem, SignInRequired, type StaffResult } from '../application/enrolment-api';
import type { FollowUpReview, RoundFollowUpApi } from '../application/round-follow-up-api';
import { VolunteersUnavailable } from '../application/volunteers-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

/** A round's follow-up routes of volunteers over HTTP, from their contract (answers parsed by the route's schemas). */
export class HttpRoundFollowUpApi implements RoundFollowUpApi {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call<R extends RouteContract, S extends number>(accessToken: string, route: R, success: S, params: Record<string, string>, body?: unknown): Promise<StaffResult<ResponseOf<R, S>>> {
    const res = await requestRoute(route, { baseUrl: this.baseUrl, path: pathOf(route, params), headers: { authorization: `Bearer ${accessToken}` }, body, timeoutMs: this.timeoutMs, unavailable: (message) => new VolunteersUnavailable(message) });
    const answer = await answerBody(res);
    if (res.status === 401) throw new SignInRequired(`${route.operationId} answered 401`);
    if (res.status === 403) throw new AccessDenied(`${route.operationId} answered 403`);
    if (res.status === success) return { kind: 'ok', value: parseAnswer(route, success, answer) };
    if (res.status === 404) return { kind: 'not_found' };
    const problem = parseAnswer(route, res.status, answer) as ErrorBody | undefined;
    if (res.status === 400) return { kind: 'invalid', fields: (problem?.fields ?? []) as RemoteFieldProblem[] };
    if (res.status === 409) return problem?.error ? { kind: 'conflict', code: problem.error } : { kind: 'conflict' };
    throw new VolunteersUnavailable(`${route.operationId} answered ${res.status}`);
  }

  review(accessToken: string, m: string, roundId: string): Promise<StaffResult<FollowUpReview>> {
    return this.call(accessToken, walkReports.showFollowUp, 200, { m, roundId });
  }

  setMeeting(accessToken: string, m: string, roundId: string, date: string): Promise<StaffResult<unknown>> {
    return this.call(accessToken, walkReports.setFollowUpMeeting, 200, { m, roundId }, { date });
  }

  setGroups(accessToken: string, m: string, roundId: string, groups: Array<{ name: string; groupId: string | null }>): Promise<StaffResult<unknown>> {
    return this.call(accessToken, walkReports.setReferenceGroups, 200, { m, roundId }, { groups });
  }
}
