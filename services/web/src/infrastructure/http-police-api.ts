import { type BodyOf, policeLiaison, type RouteContract } from '@trygg/http-contracts';
import { AccessDenied, SignInRequired } from '../application/enrolment-api';
import { type DecisionResult, type PoliceApi, type PoliceCase, PoliceLiaisonUnavailable, type PoliceOutcome, type PoliceOverview, type QueuedCase, type RevocationResult } from '../application/police-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

/**
 * police-liaison over HTTP with the officer's bearer token, route by route from its contract in
 * `@trygg/http-contracts` (every answer parsed with the route's schema for its status; a mismatch is a
 * MalformedAnswer). 401 → SignInRequired, 403 → AccessDenied, 5xx/network → PoliceLiaisonUnavailable.
 */
export class HttpPoliceApi implements PoliceApi {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call<R extends RouteContract>(route: R, accessToken: string, params: Record<string, string>, body?: BodyOf<R>): Promise<{ status: number; body: unknown }> {
    const res = await requestRoute(route, {
      baseUrl: this.baseUrl,
      path: pathOf(route, params),
      headers: { authorization: `Bearer ${accessToken}` },
      body,
      timeoutMs: this.timeoutMs,
      unavailable: (message) => new PoliceLiaisonUnavailable(message),
    });
    if (res.status === 401) throw new SignInRequired(`${route.operationId} answered 401`);
    if (res.status === 403) throw new AccessDenied(`${route.operationId} answered 403`);
    return { status: res.status, body: await answerBody(res) };
  }

  async pendingCases(accessToken: string, policeAreaId: string): Promise<{ kind: 'ok'; cases: QueuedCase[] } | { kind: 'not_found' }> {
    const route = policeLiaison.pendingCases;
    const answer = await this.call(route, accessToken, { id: policeAreaId });
    if (answer.status === 200) return { kind: 'ok', cases: parseAnswer(route, 200, answer.body).cases };
    parseAnswer(route, answer.status, answer.body);
    if (answer.status === 404) return { kind: 'not_found' };
    throw new Error(`pendingCases answered ${answer.status}`);
  }

  async decide(accessToken: string, caseId: string, outcome: PoliceOutcome, reason: string): Promise<DecisionResult> {
    const route = policeLiaison.decideCase;
    const answer = await this.call(route, accessToken, { id: caseId }, { outcome, reason });
    if (answer.status === 200) {
      parseAnswer(route, 200, answer.body);
      return { kind: 'decided' };
    }
    const problem = parseAnswer(route, answer.status, answer.body) as { fields?: Array<{ field: string; message: string }> } | undefined;
    if (answer.status === 404) return { kind: 'not_found' };
    if (answer.status === 409) return { kind: 'already_decided' };
    if (answer.status === 400) return { kind: 'invalid', fields: (problem?.fields ?? []).map((f) => ({ field: f.field, message: f.message })) };
    throw new Error(`decideCase answered ${answer.status}`);
  }

  async overview(accessToken: string, policeAreaId: string): Promise<PoliceOverview> {
    const route = policeLiaison.policeOverview;
    const answer = await this.call(route, accessToken, { id: policeAreaId });
    if (answer.status === 200) return parseAnswer(route, 200, answer.body);
    parseAnswer(route, answer.status, answer.body);
    throw new Error(`policeOverview answered ${answer.status}`);
  }

  async caseById(accessToken: string, caseId: string): Promise<{ kind: 'ok'; case: PoliceCase } | { kind: 'not_found' }> {
    const route = policeLiaison.showCase;
    const answer = await this.call(route, accessToken, { id: caseId });
    if (answer.status === 200) {
      const shown = parseAnswer(route, 200, answer.body);
      return { kind: 'ok', case: { ...shown.case, groupId: shown.groupId ?? null } };
    }
    parseAnswer(route, answer.status, answer.body);
    // 400: not a case id at all — no such case either.
    if (answer.status === 404 || answer.status === 400) return { kind: 'not_found' };
    throw new Error(`showCase answered ${answer.status}`);
  }

  async revoke(accessToken: string, caseId: string, reason: string): Promise<RevocationResult> {
    const route = policeLiaison.revokeCase;
    const answer = await this.call(route, accessToken, { id: caseId }, { reason });
    if (answer.status === 200) {
      parseAnswer(route, 200, answer.body);
      return { kind: 'revoked' };
    }
    const problem = parseAnswer(route, answer.status, answer.body) as { fields?: Array<{ field: string; message: string }> } | undefined;
    if (answer.status === 404) return { kind: 'not_found' };
    if (answer.status === 409) return { kind: 'not_approved' };
    if (answer.status === 400) return { kind: 'invalid', fields: (problem?.fields ?? []).map((f) => ({ field: f.field, message: f.message })) };
    throw new Error(`revokeCase answered ${answer.status}`);
  }
}
