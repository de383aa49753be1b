import { internalSecretName } from '@trygg/config';
import { type BodyOf, policeLiaison, type RouteContract } from '@trygg/http-contracts';
import { AccessDenied, SignInRequired } from '../application/enrolment-api';
import type { AnswerResult, ObservationReport, ObservationsApi, ReportResult, ShownObservation } from '../application/observations-api';
import { PoliceLiaisonUnavailable } from '../application/police-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

type Problem = { fields?: Array<{ field: string; message: string }> } | undefined;

/**
 * police-liaison's observation routes over HTTP, each answer parsed with its route's schema. The report goes with the
 * web's own secret (as a bearer with `x-internal-caller: web`), the officer's calls with their access token.
 */
export class HttpObservationsApi implements ObservationsApi {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call<R extends RouteContract>(route: R, authorization: Record<string, string>, params: Record<string, string>, body?: BodyOf<R>): Promise<{ status: number; body: unknown }> {
    const res = await requestRoute(route, {
      baseUrl: this.baseUrl,
      path: pathOf(route, params),
      headers: authorization,
      body,
      timeoutMs: this.timeoutMs,
      unavailable: (message) => new PoliceLiaisonUnavailable(message),
    });
    const answer = await answerBody(res);
    const parsed = parseAnswer(route, res.status, answer);
    if (res.status === 401 && !authorization['x-internal-caller']) throw new SignInRequired(`${route.operationId} answered 401`);
    if (res.status === 401) throw new PoliceLiaisonUnavailable(`${route.operationId} answered 401 (${internalSecretName('web', policeLiaison.OBSERVATIONS_PURPOSE)})`);
    if (res.status === 403) throw new AccessDenied(`${route.operationId} answered 403`);
    return { status: res.status, body: parsed };
  }

  private officer(accessToken: string): Record<string, string> {
    return { authorization: `Bearer ${accessToken}` };
  }

  async report(report: ObservationReport): Promise<ReportResult> {
    if (!this.secret) throw new PoliceLiaisonUnavailable(`${internalSecretName('web', policeLiaison.OBSERVATIONS_PURPOSE)} is not configured`);
    const answer = await this.call(policeLiaison.reportObservation, { authorization: `Bearer ${this.secret}`, 'x-internal-caller': 'web' }, {}, report);
    if (answer.status === 201) return { kind: 'sent' };
    if (answer.status === 429) return { kind: 'limited' };
    if (answer.status === 400) return { kind: 'invalid', fields: ((answer.body as Problem)?.fields ?? []).map((f) => ({ field: f.field, message: f.message })) };
    throw new Error(`reportObservation answered ${answer.status}`);
  }

  async ofArea(accessToken: string, policeAreaId: string): Promise<ShownObservation[]> {
    const answer = await this.call(policeLiaison.areaObservations, this.officer(accessToken), { id: policeAreaId });
    if (answer.status === 200) return (answer.body as { observations: ShownObservation[] }).observations;
    throw new Error(`areaObservations answered ${answer.status}`);
  }

  async get(accessToken: string, id: string): Promise<ShownObservation | null> {
    const answer = await this.call(policeLiaison.getObservation, this.officer(accessToken), { id });
    if (answer.status === 200) return answer.body as ShownObservation;
    if (answer.status === 404 || answer.status === 400) return null;
    throw new Error(`getObservation answered ${answer.status}`);
  }

  async markRead(accessToken: string, id: string): Promise<ShownObservation | null> {
    const answer = await this.call(policeLiaison.markObservationRead, this.officer(accessToken), { id });
    if (answer.status === 200) return answer.body as ShownObservation;
    if (answer.status === 404 || answer.status === 400) return null;
    throw new Error(`markObservationRead answered ${answer.status}`);
  }

  async answer(accessToken: string, id: string, text: string): Promise<AnswerResult> {
    const answer = await this.call(policeLiaison.answerObservation, this.officer(accessToken), { id }, { answer: text });
    if (answer.status === 200) return { kind: 'answered' };
    if (answer.status === 404) return { kind: 'not_found' };
    if (answer.status === 409) return { kind: 'already_answered' };
    if (answer.status === 400) return { kind: 'invalid', fields: ((answer.body as Problem)?.fields ?? []).map((f) => ({ field: f.field, message: f.message })) };
    throw new Error(`answerObservation answered ${answer.status}`);
  }
}
