import { type BodyOf, notifications, type RouteContract } from '@trygg/http-contracts';
import { AccessDenied, SignInRequired } from '../application/enrolment-api';
import { NotificationsUnavailable } from '../application/notifications-api';
import type { AreaMessageCommand, AreaMessagePreview, AreaMessageProgress, AreaMessagesApi, PreviewResult, SendResult } from '../application/area-messages-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

type Problem = { fields?: Array<{ field: string }> } | undefined;

/** notifications' broadcast routes over HTTP with the sender's access token, each answer parsed with its route's schema. */
export class HttpAreaMessagesApi implements AreaMessagesApi {
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
      unavailable: (message) => new NotificationsUnavailable(message),
    });
    const parsed = parseAnswer(route, res.status, await answerBody(res));
    if (res.status === 401) throw new SignInRequired(`${route.operationId} answered 401`);
    if (res.status === 403) throw new AccessDenied(`${route.operationId} answered 403`);
    return { status: res.status, body: parsed };
  }

  async preview(accessToken: string, municipalityId: string, command: AreaMessageCommand): Promise<PreviewResult> {
    const answer = await this.call(notifications.previewBroadcast, accessToken, { m: municipalityId }, command);
    if (answer.status === 200) return { kind: 'ok', preview: answer.body as AreaMessagePreview };
    if (answer.status === 400) return { kind: 'invalid', fields: ((answer.body as Problem)?.fields ?? []).map((f) => f.field) };
    throw new Error(`previewBroadcast answered ${answer.status}`);
  }

  async send(accessToken: string, municipalityId: string, command: AreaMessageCommand): Promise<SendResult> {
    const answer = await this.call(notifications.sendBroadcast, accessToken, { m: municipalityId }, command);
    if (answer.status === 202) {
      const body = answer.body as { broadcastId: string; recipients: number };
      return { kind: 'sent', broadcastId: body.broadcastId, recipients: body.recipients };
    }
    if (answer.status === 400) return { kind: 'invalid', fields: ((answer.body as Problem)?.fields ?? []).map((f) => f.field) };
    throw new Error(`sendBroadcast answered ${answer.status}`);
  }

  async progress(accessToken: string, municipalityId: string, id: string): Promise<AreaMessageProgress | null> {
    const answer = await this.call(notifications.broadcastTotals, accessToken, { m: municipalityId, id });
    if (answer.status === 200) return answer.body as AreaMessageProgress;
    if (answer.status === 404) return null;
    throw new Error(`broadcastTotals answered ${answer.status}`);
  }
}
