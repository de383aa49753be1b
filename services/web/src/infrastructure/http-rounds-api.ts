import { type ErrorBody, type RouteContract, safetyRounds } from '@trygg/http-contracts';
import type { RemoteFieldProblem } from '../application/enrolment-api';
import type { IssuedLink, LinkResult, NewFinding, NewParticipant, NewRound, OwnerFinding, ParticipantRound, PlanRoundResult, RoundDetail, RoundProtocol, RoundsApi, RoundSummary, StaffChange } from '../application/rounds-api';
import { VolunteersUnavailable } from '../application/volunteers-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

/**
 * The safety rounds of the volunteers service over HTTP, route by route from their contract (every answer parsed with
 * the route's schema for its status). 5xx/network → VolunteersUnavailable; an unexpected status is an error too.
 */
export class HttpRoundsApi implements RoundsApi {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async call(route: RouteContract, params: Record<string, string>, token?: string, body?: unknown, rawBody?: { bytes: Uint8Array; contentType: string }): Promise<{ status: number; body: unknown }> {
    const res = await requestRoute(route, {
      baseUrl: this.baseUrl,
      path: pathOf(route, params),
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      body,
      ...(rawBody ? { rawBody } : {}),
      timeoutMs: this.timeoutMs,
      unavailable: (message) => new VolunteersUnavailable(message),
    });
    return { status: res.status, body: await answerBody(res) };
  }

  async protocol(municipalityId: string, roundId: string): Promise<RoundProtocol | null> {
    const route = safetyRounds.showProtocol;
    const answer = await this.call(route, { m: municipalityId, roundId });
    if (answer.status === 200) return parseAnswer(route, 200, answer.body);
    if (answer.status === 404) return null;
    throw new VolunteersUnavailable(`GET protocol answered ${answer.status}`);
  }

  async rounds(token: string, municipalityId: string): Promise<RoundSummary[]> {
    const route = safetyRounds.listRounds;
    const answer = await this.call(route, { m: municipalityId }, token);
    if (answer.status === 200) return parseAnswer(route, 200, answer.body).rounds;
    throw new VolunteersUnavailable(`GET rounds answered ${answer.status}`);
  }

  async round(token: string, municipalityId: string, roundId: string): Promise<RoundDetail | null> {
    const route = safetyRounds.showRound;
    const answer = await this.call(route, { m: municipalityId, roundId }, token);
    if (answer.status === 200) return parseAnswer(route, 200, answer.body);
    if (answer.status === 404 || answer.status === 400) return null;
    throw new VolunteersUnavailable(`GET round answered ${answer.status}`);
  }

  async plan(token: string, municipalityId: string, round: NewRound): Promise<PlanRoundResult> {
    const route = safetyRounds.planRound;
    const answer = await this.call(route, { m: municipalityId }, token, round);
    if (answer.status === 201) return { kind: 'planned', roundId: parseAnswer(route, 201, answer.body).roundId };
    if (answer.status === 400) return { kind: 'invalid', fields: ((parseAnswer(route, 400, answer.body) as ErrorBody | undefined)?.fields ?? []) as RemoteFieldProblem[] };
    throw new VolunteersUnavailable(`POST rounds answered ${answer.status}`);
  }

  async invite(token: string, municipalityId: string, roundId: string, participant: NewParticipant): Promise<StaffChange<IssuedLink>> {
    const route = safetyRounds.inviteParticipant;
    const answer = await this.call(route, { m: municipalityId, roundId }, token, participant);
    if (answer.status === 201) return { kind: 'ok', value: parseAnswer(route, 201, answer.body).link };
    return this.refused(route, answer);
  }

  async changeStatus(token: string, municipalityId: string, roundId: string, status: 'held' | 'followed-up'): Promise<StaffChange<null>> {
    const route = safetyRounds.changeRoundStatus;
    const answer = await this.call(route, { m: municipalityId, roundId }, token, { status });
    if (answer.status === 200) {
      parseAnswer(route, 200, answer.body);
      return { kind: 'ok', value: null };
    }
    return this.refused(route, answer);
  }

  async assign(token: string, municipalityId: string, findingId: string, ownerEmail: string, deadline: string | null): Promise<StaffChange<IssuedLink>> {
    const route = safetyRounds.assignFinding;
    const answer = await this.call(route, { m: municipalityId, findingId }, token, { ownerEmail, deadline });
    if (answer.status === 200) return { kind: 'ok', value: parseAnswer(route, 200, answer.body).ownerLink };
    return this.refused(route, answer);
  }

  /** A coordinator's change that did not go through: 400 (fields), 409 (the rule), 404. */
  private refused(route: RouteContract, answer: { status: number; body: unknown }): { kind: 'invalid'; fields: RemoteFieldProblem[] } | { kind: 'conflict'; rule: string } | { kind: 'not_found' } {
    const error = answer.status >= 400 && answer.status < 500 ? (parseAnswer(route, answer.status, answer.body) as ErrorBody | undefined) : undefined;
    if (answer.status === 400) return { kind: 'invalid', fields: (error?.fields ?? []) as RemoteFieldProblem[] };
    if (answer.status === 409) return { kind: 'conflict', rule: error?.error ?? 'conflict' };
    if (answer.status === 404) return { kind: 'not_found' };
    throw new VolunteersUnavailable(`${route.operationId} answered ${answer.status}`);
  }

  participant(linkToken: string): Promise<LinkResult<ParticipantRound>> {
    return this.linkCall(safetyRounds.showParticipantLink, 200, linkToken, undefined);
  }

  answer(linkToken: string, answer: 'yes' | 'no'): Promise<LinkResult<ParticipantRound>> {
    return this.linkCall(safetyRounds.answerInvitation, 200, linkToken, { answer });
  }

  recordFinding(linkToken: string, finding: NewFinding): Promise<LinkResult<{ findingId: string }>> {
    return this.linkCall(safetyRounds.recordFindingAsParticipant, 201, linkToken, finding);
  }

  owner(linkToken: string): Promise<LinkResult<OwnerFinding>> {
    return this.linkCall(safetyRounds.showOwnerLink, 200, linkToken, undefined);
  }

  close(linkToken: string, status: 'fixed' | 'wont-fix', reason: string | null): Promise<LinkResult<OwnerFinding>> {
    return this.linkCall(safetyRounds.closeFindingByOwner, 200, linkToken, { status, reason });
  }

  addPhoto(linkToken: string, findingId: string, photo: { bytes: Buffer; type: 'image/jpeg' | 'image/png' | 'image/webp' }): Promise<LinkResult<{ findingId: string }>> {
    return this.linkCall(safetyRounds.addPhotoAsParticipant, 200, linkToken, undefined, { findingId }, { bytes: new Uint8Array(photo.bytes), contentType: photo.type });
  }

  /** A link route: its success, 400 (fields), 409 (the rule), 404/410 (the link's problem). */
  private async linkCall<T>(route: RouteContract, ok: number, linkToken: string, body: unknown, params: Record<string, string> = {}, rawBody?: { bytes: Uint8Array; contentType: string }): Promise<LinkResult<T>> {
    const answer = await this.call(route, { token: linkToken, ...params }, undefined, body, rawBody);
    if (answer.status === ok) return { kind: 'ok', value: parseAnswer(route, ok, answer.body) as T };
    const error = answer.status >= 400 ? (parseAnswer(route, answer.status, answer.body) as ErrorBody | undefined) : undefined;
    if (answer.status === 400) return { kind: 'invalid', fields: (error?.fields ?? []) as RemoteFieldProblem[] };
    if (answer.status === 409) return { kind: 'conflict', rule: error?.error ?? 'conflict' };
    if (answer.status === 404) return { kind: 'token_invalid' };
    if (answer.status === 410) return { kind: 'token_expired' };
    throw new VolunteersUnavailable(`${route.operationId} answered ${answer.status}`);
  }
}
