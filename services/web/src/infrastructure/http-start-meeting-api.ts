import { type BodyOf, policeLiaison, type RouteContract } from '@trygg/http-contracts';
import { PoliceLiaisonUnavailable } from '../application/police-api';
import { AccessDenied, SignInRequired } from '../application/enrolment-api';
import type { GroupMeetings, MeetingInput, MeetingWriteResult, RsvpAnswer, RsvpProblem, RsvpView, StartMeetingApi } from '../application/start-meeting-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

/** police-liaison's RSVP link routes over HTTP (no credential but the token), parsed with their contracts. */
export class HttpStartMeetingApi implements StartMeetingApi {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call<R extends RouteContract>(route: R, token: string, body?: BodyOf<R>): Promise<{ status: number; body: unknown }> {
    return this.request(route, { token }, {}, body);
  }

  /** As the signed-in officer or coordinator: 401 → SignInRequired, 403 → AccessDenied. */
  private async signedIn<R extends RouteContract>(route: R, accessToken: string, params: Record<string, string>, body?: BodyOf<R>): Promise<{ status: number; body: unknown }> {
    const answer = await this.request(route, params, { authorization: `Bearer ${accessToken}` }, body);
    if (answer.status === 401) throw new SignInRequired(`${route.operationId} answered 401`);
    if (answer.status === 403) throw new AccessDenied(`${route.operationId} answered 403`);
    return answer;
  }

  async groupMeetings(accessToken: string, groupId: string): Promise<({ kind: 'ok' } & GroupMeetings) | { kind: 'not_found' }> {
    const route = policeLiaison.listStartMeetings;
    const answer = await this.signedIn(route, accessToken, { groupId });
    if (answer.status === 200) return { kind: 'ok', ...parseAnswer(route, 200, answer.body) };
    parseAnswer(route, answer.status, answer.body);
    if (answer.status === 404) return { kind: 'not_found' };
    throw new Error(`listStartMeetings answered ${answer.status}`);
  }

  async schedule(accessToken: string, groupId: string, input: MeetingInput): Promise<MeetingWriteResult> {
    return this.write(policeLiaison.scheduleStartMeeting, accessToken, { groupId }, input);
  }

  async change(accessToken: string, meetingId: string, input: MeetingInput): Promise<MeetingWriteResult> {
    return this.write(policeLiaison.changeStartMeeting, accessToken, { id: meetingId }, input);
  }

  async cancel(accessToken: string, meetingId: string): Promise<MeetingWriteResult> {
    return this.write(policeLiaison.cancelStartMeeting, accessToken, { id: meetingId }, undefined);
  }

  async recordAttendance(accessToken: string, meetingId: string, personIds: string[]): Promise<MeetingWriteResult> {
    return this.write(policeLiaison.recordStartMeetingAttendance, accessToken, { id: meetingId }, { personIds });
  }

  private async write<R extends RouteContract>(route: R, accessToken: string, params: Record<string, string>, body: BodyOf<R> | undefined): Promise<MeetingWriteResult> {
    const answer = await this.signedIn(route, accessToken, params, body);
    if (answer.status === 200 || answer.status === 201) return { kind: 'ok', meeting: (parseAnswer(route, answer.status, answer.body) as unknown as { meeting: GroupMeetings['meetings'][number] }).meeting };
    const problem = parseAnswer(route, answer.status, answer.body) as { error?: string; fields?: Array<{ field: string; message: string }> } | undefined;
    if (answer.status === 404) return { kind: 'not_found' };
    if (answer.status === 400) return { kind: 'invalid', fields: (problem?.fields ?? []).map((f) => ({ field: f.field, message: f.message })) };
    if (answer.status === 409) return { kind: 'conflict', code: problem?.error ?? 'conflict' };
    throw new Error(`${route.operationId} answered ${answer.status}`);
  }

  private async request<R extends RouteContract>(route: R, params: Record<string, string>, headers: Record<string, string>, body?: BodyOf<R>): Promise<{ status: number; body: unknown }> {
    const res = await requestRoute(route, {
      baseUrl: this.baseUrl,
      path: pathOf(route, params),
      headers,
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
