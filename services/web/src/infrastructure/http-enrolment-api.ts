import { type BodyOf, enrolment, type ResponseOf, type RouteContract } from '@trygg/http-contracts';
import {
  type ActivityAnswer,
  type ActivityAnswerResult,
  type ActivityCheckResult,
  type AreaSummary,
  type ConfirmResult,
  type ContactPersonResult,
  type CsvFile,
  type DeclinedAddress,
  type EmailChangeResult,
  type EnrolmentApi,
  EnrolmentUnavailable,
  type EraseResult,
  type GroupDetail,
  type GroupFilter,
  type GroupSummary,
  type HouseholdList,
  type ImportReport,
  type LeaveResult,
  type LinkProblem,
  type NewRegistration,
  type NewSign,
  type Placement,
  type RemoteFieldProblem,
  type SelfServicePatch,
  type SelfServiceResult,
  type Sign,
  type SignReplacement,
  type SignReport,
  type StaffResult,
  type SubmitResult,
  AccessDenied,
  SignInRequired,
  type TriageItem,
  type UpdateResult,
} from '../application/enrolment-api';
import { answerBody, parseAnswer, pathOf, requestRoute } from './contract-answers';

interface Answer {
  status: number;
  body: unknown;
  raw?: Buffer;
  headers: Headers;
}

interface CallOptions<R> {
  params?: Record<string, string>;
  query?: URLSearchParams;
  body?: BodyOf<R>;
  /** The signed-in person's access token, sent as `authorization: Bearer …` (staff routes). */
  accessToken?: string;
  csv?: boolean;
}

const LINK_PROBLEMS = new Set(['token_invalid', 'token_expired', 'token_used', 'not_found']);

/**
 * The enrolment service over HTTP (services/enrolment/API.md), route by route from its contract in
 * `@trygg/http-contracts`: the method and path come from the route, the request is the route's body type, and every
 * answer is parsed with the route's schema for its status (a mismatch is a MalformedAnswer → the generic error
 * page). 5xx and network failures become EnrolmentUnavailable.
 */
export class HttpEnrolmentApi implements EnrolmentApi {
  constructor(
    private readonly baseUrl: string,
    private readonly options: { timeoutMs?: number } = {},
  ) {}

  private async call<R extends RouteContract>(route: R, options: CallOptions<R> = {}): Promise<Answer> {
    const res = await requestRoute(route, {
      baseUrl: this.baseUrl,
      path: pathOf(route, options.params, options.query),
      accept: options.csv ? 'text/csv' : 'application/json',
      ...(options.accessToken === undefined ? {} : { headers: { authorization: `Bearer ${options.accessToken}` } }),
      body: options.body,
      timeoutMs: this.options.timeoutMs ?? 10_000,
      unavailable: (message) => new EnrolmentUnavailable(message),
    });
    if (options.csv && res.ok) return { status: res.status, body: undefined, raw: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    return { status: res.status, body: await answerBody(res), headers: res.headers };
  }

  /** An error answer, parsed with the route's schema for its status. */
  private static problem(route: RouteContract, answer: Answer): { code: string | undefined; fields: RemoteFieldProblem[] } {
    const body = parseAnswer(route, answer.status, answer.body) as { error?: string; fields?: RemoteFieldProblem[] } | undefined;
    return { code: body?.error, fields: body?.fields ?? [] };
  }

  private static linkProblem(route: RouteContract, answer: Answer): LinkProblem {
    const { code } = HttpEnrolmentApi.problem(route, answer);
    if (code && LINK_PROBLEMS.has(code)) return { kind: code as LinkProblem['kind'] };
    if (answer.status === 410) return { kind: 'token_expired' };
    return { kind: 'token_invalid' };
  }

  async submitRegistration(registration: NewRegistration): Promise<SubmitResult> {
    const route = enrolment.submitRegistration;
    const answer = await this.call(route, { body: registration });
    if (answer.status === 202) {
      parseAnswer(route, 202, answer.body);
      return { kind: 'accepted' };
    }
    const { fields } = HttpEnrolmentApi.problem(route, answer);
    if (answer.status === 400) return { kind: 'invalid', fields };
    throw new EnrolmentUnavailable(`POST /registrations answered ${answer.status}`);
  }

  /** 200 confirmed; 404 `token_invalid`; 410 `token_expired` or `token_used` (a link used before). */
  async confirm(municipalityId: string, token: string): Promise<ConfirmResult> {
    const route = enrolment.confirmRegistration;
    const answer = await this.call(route, { body: { municipalityId, token } });
    if (answer.status === 200) return { kind: 'confirmed', ...parseAnswer(route, 200, answer.body) };
    return HttpEnrolmentApi.linkProblem(route, answer);
  }

  async selfService(token: string): Promise<SelfServiceResult> {
    const route = enrolment.viewSelfService;
    const answer = await this.call(route, { params: { token } });
    if (answer.status === 200) return { kind: 'ok', view: parseAnswer(route, 200, answer.body) };
    return HttpEnrolmentApi.linkProblem(route, answer);
  }

  async confirmEmailChange(municipalityId: string, token: string): Promise<EmailChangeResult> {
    const route = enrolment.confirmEmailChange;
    const answer = await this.call(route, { body: { municipalityId, token } });
    if (answer.status === 200) {
      parseAnswer(route, 200, answer.body);
      return { kind: 'changed' };
    }
    if (answer.status === 409) {
      HttpEnrolmentApi.problem(route, answer);
      return { kind: 'duplicate' };
    }
    return HttpEnrolmentApi.linkProblem(route, answer);
  }

  async updateSelfService(token: string, patch: SelfServicePatch): Promise<UpdateResult> {
    const route = enrolment.correctSelfService;
    const answer = await this.call(route, { params: { token }, body: patch });
    if (answer.status === 200) return { kind: 'ok', view: parseAnswer(route, 200, answer.body) };
    if (answer.status === 400) return { kind: 'invalid', fields: HttpEnrolmentApi.problem(route, answer).fields };
    if (answer.status === 409) {
      HttpEnrolmentApi.problem(route, answer);
      return { kind: 'duplicate' };
    }
    return HttpEnrolmentApi.linkProblem(route, answer);
  }

  /** The contact person's actions: 400 `unknown_group` = not in the group; 409 = not its contact person. */
  private async contactPersonCall<R extends RouteContract, S extends number, T>(route: R, success: S, options: CallOptions<R>, pick: (body: ResponseOf<R, S>) => T): Promise<ContactPersonResult<T>> {
    const answer = await this.call(route, options);
    if (answer.status === success) return { kind: 'ok', value: pick(parseAnswer(route, success, answer.body)) };
    if (answer.status === 400) {
      const { fields } = HttpEnrolmentApi.problem(route, answer);
      if (fields.some((f) => f.code === 'unknown_group')) return { kind: 'not_in_group' };
      return { kind: 'invalid', fields };
    }
    if (answer.status === 409) {
      HttpEnrolmentApi.problem(route, answer);
      return { kind: 'forbidden' };
    }
    return HttpEnrolmentApi.linkProblem(route, answer);
  }

  reportSign(token: string, signId: string, report: SignReport): Promise<ContactPersonResult<ResponseOf<typeof enrolment.reportSign, 200>>> {
    const route = enrolment.reportSign;
    return this.contactPersonCall(route, 200, { params: { token, signId }, body: report }, (b) => b);
  }

  households(token: string, groupId: string): Promise<ContactPersonResult<HouseholdList>> {
    return this.contactPersonCall(enrolment.listHouseholds, 200, { params: { token, groupId } }, (b) => b);
  }

  addDeclinedHousehold(token: string, groupId: string, address: DeclinedAddress): Promise<ContactPersonResult<{ id: string }>> {
    return this.contactPersonCall(enrolment.recordDeclinedHousehold, 201, { params: { token, groupId }, body: { address } }, (b) => b);
  }

  removeDeclinedHousehold(token: string, groupId: string, householdId: string): Promise<ContactPersonResult<true>> {
    return this.contactPersonCall(enrolment.removeDeclinedHousehold, 204, { params: { token, groupId, householdId } }, () => true as const);
  }

  handOver(token: string, groupId: string, toMemberId: string): Promise<ContactPersonResult<ResponseOf<typeof enrolment.handOverContactPerson, 200>>> {
    return this.contactPersonCall(enrolment.handOverContactPerson, 200, { params: { token, groupId }, body: { toMemberId } }, (b) => b);
  }

  async activityCheck(municipalityId: string, token: string): Promise<ActivityCheckResult> {
    const route = enrolment.describeActivityCheck;
    const answer = await this.call(route, { params: { token }, query: new URLSearchParams({ municipalityId }) });
    if (answer.status === 200) return { kind: 'ok', ...parseAnswer(route, 200, answer.body) };
    return HttpEnrolmentApi.linkProblem(route, answer);
  }

  async answerActivityCheck(municipalityId: string, token: string, response: ActivityAnswer): Promise<ActivityAnswerResult> {
    const route = enrolment.answerActivityCheck;
    const answer = await this.call(route, { body: { municipalityId, token, answer: response } });
    if (answer.status === 200) return { kind: 'recorded', ...parseAnswer(route, 200, answer.body) };
    return HttpEnrolmentApi.linkProblem(route, answer);
  }

  async leave(token: string, groupId?: string): Promise<LeaveResult> {
    const route = enrolment.leaveGroup;
    const answer = await this.call(route, { params: { token }, body: groupId ? { groupId } : {} });
    if (answer.status === 200) return { kind: 'left', groupIds: parseAnswer(route, 200, answer.body).left };
    return HttpEnrolmentApi.linkProblem(route, answer);
  }

  async erase(token: string): Promise<EraseResult> {
    const route = enrolment.eraseSelf;
    const answer = await this.call(route, { params: { token }, body: {} });
    if (answer.status === 200) return { kind: 'erased', ...parseAnswer(route, 200, answer.body) };
    return HttpEnrolmentApi.linkProblem(route, answer);
  }

  /** 401 → SignInRequired, 403 → AccessDenied (enrolment checked the token; the web names only the URL's municipality). */
  private static refused(route: RouteContract, status: number): void {
    if (status === 401) throw new SignInRequired(`${route.operationId} answered 401`);
    if (status === 403) throw new AccessDenied(`${route.operationId} answered 403`);
  }

  private async staffCall<R extends RouteContract, S extends number, T>(accessToken: string, municipalityId: string, route: R, success: S, options: CallOptions<R>, pick: (body: ResponseOf<R, S>) => T): Promise<StaffResult<T>> {
    const answer = await this.call(route, { ...options, params: { m: municipalityId, ...options.params }, accessToken });
    HttpEnrolmentApi.refused(route, answer.status);
    if (answer.status === success) return { kind: 'ok', value: pick(parseAnswer(route, success, answer.body)) };
    const { code, fields } = HttpEnrolmentApi.problem(route, answer);
    if (answer.status === 404) return { kind: 'not_found' };
    if (answer.status === 400) return { kind: 'invalid', fields };
    if (answer.status === 409) return code ? { kind: 'conflict', code } : { kind: 'conflict' };
    throw new EnrolmentUnavailable(`${route.method.toUpperCase()} /staff/… (${route.operationId}) answered ${answer.status}`);
  }

  triage(accessToken: string, municipalityId: string): Promise<StaffResult<TriageItem[]>> {
    return this.staffCall(accessToken, municipalityId, enrolment.triage, 200, {}, (b) => b.items);
  }

  place(accessToken: string, municipalityId: string, registrationId: string, areaId: string): Promise<StaffResult<Placement>> {
    return this.staffCall(accessToken, municipalityId, enrolment.placeFromTriage, 200, { params: { registrationId }, body: { areaId } }, (b) => b);
  }

  areas(accessToken: string, municipalityId: string): Promise<StaffResult<AreaSummary[]>> {
    return this.staffCall(accessToken, municipalityId, enrolment.listAreas, 200, {}, (b) => b.areas);
  }

  groups(accessToken: string, municipalityId: string, filter: GroupFilter): Promise<StaffResult<GroupSummary[]>> {
    const query = new URLSearchParams();
    if (filter.areaId) query.set('areaId', filter.areaId);
    if (filter.status) query.set('status', filter.status);
    if (filter.waitingForPolice) query.set('waitingForPolice', 'true');
    if (filter.needsFollowUp) query.set('needsFollowUp', 'true');
    return this.staffCall(accessToken, municipalityId, enrolment.listGroups, 200, { query }, (b) => b.groups);
  }

  group(accessToken: string, municipalityId: string, groupId: string): Promise<StaffResult<GroupDetail>> {
    return this.staffCall(accessToken, municipalityId, enrolment.getGroup, 200, { params: { groupId } }, (b) => b);
  }

  async membersCsv(accessToken: string, municipalityId: string, groupId: string): Promise<StaffResult<CsvFile>> {
    const route = enrolment.exportMembers;
    const answer = await this.call(route, { params: { m: municipalityId, groupId }, accessToken, csv: true });
    HttpEnrolmentApi.refused(route, answer.status);
    if (answer.status === 200 && answer.raw) {
      const disposition = answer.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'grupp.csv';
      return { kind: 'ok', value: { filename: filename.replace(/[^A-Za-z0-9._-]/g, '_'), body: answer.raw } };
    }
    HttpEnrolmentApi.problem(route, answer);
    if (answer.status === 404) return { kind: 'not_found' };
    throw new EnrolmentUnavailable(`GET members.csv answered ${answer.status}`);
  }

  addSign(accessToken: string, municipalityId: string, groupId: string, sign: NewSign): Promise<StaffResult<Sign>> {
    return this.staffCall(accessToken, municipalityId, enrolment.addSign, 201, { params: { groupId }, body: sign }, (b) => b);
  }

  signRepaired(accessToken: string, municipalityId: string, groupId: string, signId: string): Promise<StaffResult<Sign>> {
    return this.staffCall(accessToken, municipalityId, enrolment.updateSign, 200, { params: { groupId, signId }, body: { condition: 'ok' } }, (b) => b);
  }

  signReplacements(accessToken: string, municipalityId: string): Promise<StaffResult<SignReplacement[]>> {
    return this.staffCall(accessToken, municipalityId, enrolment.signReplacements, 200, {}, (b) => b.items);
  }

  importGroups(accessToken: string, municipalityId: string, csv: string, dryRun: boolean): Promise<StaffResult<ImportReport>> {
    const query = new URLSearchParams({ dryRun: dryRun ? 'true' : 'false' });
    return this.staffCall(accessToken, municipalityId, enrolment.importGroups, 200, { query, body: { csv } }, (b) => b);
  }
}
