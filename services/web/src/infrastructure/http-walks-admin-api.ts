import { type ErrorBody, type ResponseOf, type RouteContract, safetyRounds, walkReports, walks } from '@trygg/http-contracts';
import { AccessDenied, type RemoteFieldProblem, SignInRequired, type StaffResult } from '../application/enrolment-api';
import { VolunteersUnavailable } from '../application/volunteers-api';
import type { MonthReport, Promotion, Qualifications, RoundChoice, WalkDetail, WalkPlan, WalkSeriesPlan, WalksAdminApi, WalkView } from '../application/walks-admin-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

/**
 * The coordinator's walk routes of the volunteers service over HTTP, from their contract in `@trygg/http-contracts`
 * (every answer parsed with the route's schema for its status), the coordinator's access token as `Bearer`.
 */
export class HttpWalksAdminApi implements WalksAdminApi {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async staffCall<R extends RouteContract, S extends number, T>(
    accessToken: string,
    route: R,
    success: S,
    options: { params: Record<string, string>; query?: URLSearchParams; body?: unknown },
    pick: (body: ResponseOf<R, S>) => T,
  ): Promise<StaffResult<T>> {
    const res = await requestRoute(route, {
      baseUrl: this.baseUrl,
      path: pathOf(route, options.params, options.query),
      headers: { authorization: `Bearer ${accessToken}` },
      body: options.body,
      timeoutMs: this.timeoutMs,
      unavailable: (message) => new VolunteersUnavailable(message),
    });
    const body = await answerBody(res);
    if (res.status === 401) throw new SignInRequired(`${route.operationId} answered 401`);
    if (res.status === 403) throw new AccessDenied(`${route.operationId} answered 403`);
    if (res.status === success) return { kind: 'ok', value: pick(parseAnswer(route, success, body)) };
    if (res.status === 404) return { kind: 'not_found' };
    const problem = parseAnswer(route, res.status, body) as ErrorBody | undefined;
    if (res.status === 400) return { kind: 'invalid', fields: (problem?.fields ?? []) as RemoteFieldProblem[] };
    if (res.status === 409) return problem?.error ? { kind: 'conflict', code: problem.error } : { kind: 'conflict' };
    throw new VolunteersUnavailable(`${route.method.toUpperCase()} /staff/… (${route.operationId}) answered ${res.status}`);
  }

  list(accessToken: string, m: string, period: { from?: string; to?: string }): Promise<StaffResult<WalkView[]>> {
    const query = new URLSearchParams(Object.entries(period).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return this.staffCall(accessToken, walks.listWalks, 200, { params: { m }, query }, (b) => b.walks);
  }

  show(accessToken: string, m: string, walkId: string): Promise<StaffResult<WalkDetail>> {
    return this.staffCall(accessToken, walks.showWalk, 200, { params: { m, walkId } }, (b) => b);
  }

  schedule(accessToken: string, m: string, plan: WalkPlan): Promise<StaffResult<WalkView>> {
    return this.staffCall(accessToken, walks.scheduleWalk, 201, { params: { m }, body: plan }, (b) => b);
  }

  scheduleSeries(accessToken: string, m: string, series: WalkSeriesPlan): Promise<StaffResult<{ seriesId: string; walks: WalkView[] }>> {
    return this.staffCall(accessToken, walks.scheduleWalkSeries, 201, { params: { m }, body: series }, (b) => b);
  }

  cancel(accessToken: string, m: string, walkId: string, reason: string): Promise<StaffResult<WalkView>> {
    return this.staffCall(accessToken, walks.cancelWalk, 200, { params: { m, walkId }, body: { reason } }, (b) => b);
  }

  debrief(accessToken: string, m: string, walkId: string, note: string): Promise<StaffResult<WalkView>> {
    return this.staffCall(accessToken, walks.debriefWalk, 200, { params: { m, walkId }, body: { note } }, (b) => b);
  }

  qualify(accessToken: string, m: string, volunteerId: string, change: { basicTraining: boolean; guardianConsent: boolean }): Promise<StaffResult<Qualifications>> {
    return this.staffCall(accessToken, walks.recordWalkerQualifications, 200, { params: { m, volunteerId }, body: change }, (b) => b);
  }

  monthReport(accessToken: string, m: string, month: string): Promise<StaffResult<MonthReport>> {
    return this.staffCall(accessToken, walkReports.showMonthReport, 200, { params: { m, month } }, (b) => b);
  }

  rounds(accessToken: string, m: string): Promise<StaffResult<RoundChoice[]>> {
    return this.staffCall(accessToken, safetyRounds.listRounds, 200, { params: { m } }, (b) => b.rounds);
  }

  promote(accessToken: string, m: string, place: { walkId: string; reportId: string; index: number }, promotion: Promotion): Promise<StaffResult<{ findingId: string; roundId: string }>> {
    return this.staffCall(accessToken, walkReports.promoteUnsafePlace, 201, { params: { m, walkId: place.walkId, reportId: place.reportId, index: String(place.index) }, body: promotion }, (b) => b);
  }
}
