import { type BodyOf, policeLiaison, type RouteContract } from '@trygg/http-contracts';
import { AccessDenied, SignInRequired } from '../application/enrolment-api';
import { PoliceLiaisonUnavailable } from '../application/police-api';
import type { AreaMessageTargetMunicipality, PoliceAreaMessage, PoliceAreaMessageRequest, PoliceAreaMessagesApi, RequestResult } from '../application/police-area-messages-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

type Problem = { fields?: Array<{ field: string }> } | undefined;

/** police-liaison's area-message routes over HTTP with the officer's access token, each answer parsed with its route's schema. */
export class HttpPoliceAreaMessagesApi implements PoliceAreaMessagesApi {
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
    const parsed = parseAnswer(route, res.status, await answerBody(res));
    if (res.status === 401) throw new SignInRequired(`${route.operationId} answered 401`);
    if (res.status === 403) throw new AccessDenied(`${route.operationId} answered 403`);
    return { status: res.status, body: parsed };
  }

  async targets(accessToken: string, policeAreaId: string): Promise<AreaMessageTargetMunicipality[]> {
    const answer = await this.call(policeLiaison.areaMessageTargets, accessToken, { id: policeAreaId });
    if (answer.status === 200) return (answer.body as { municipalities: AreaMessageTargetMunicipality[] }).municipalities;
    throw new Error(`areaMessageTargets answered ${answer.status}`);
  }

  async list(accessToken: string, policeAreaId: string): Promise<PoliceAreaMessage[]> {
    const answer = await this.call(policeLiaison.areaMessages, accessToken, { id: policeAreaId });
    if (answer.status === 200) return (answer.body as { messages: PoliceAreaMessage[] }).messages;
    throw new Error(`areaMessages answered ${answer.status}`);
  }

  async request(accessToken: string, policeAreaId: string, request: PoliceAreaMessageRequest): Promise<RequestResult> {
    const answer = await this.call(policeLiaison.requestAreaMessage, accessToken, { id: policeAreaId }, request);
    if (answer.status === 202) return { kind: 'requested', messageId: (answer.body as { messageId: string }).messageId };
    if (answer.status === 400) return { kind: 'invalid', fields: ((answer.body as Problem)?.fields ?? []).map((f) => f.field) };
    if (answer.status === 404) return { kind: 'not_found' };
    throw new Error(`requestAreaMessage answered ${answer.status}`);
  }
}
