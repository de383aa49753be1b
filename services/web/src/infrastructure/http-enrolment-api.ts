import { currentCorrelationId } from '@trygg/observability';
import {
  type ActivityAnswer,
  type ActivityAnswerResult,
  type ActivityCheckResult,
  type Address,
  type AreaSummary,
  type ContactPersonResult,
  type HouseholdList,
  type ImportReport,
  type NewSign,
  type Sign,
  type SignReplacement,
  type ConfirmResult,
  type CsvFile,
  type EnrolmentApi,
  EnrolmentUnavailable,
  type EraseResult,
  type GroupDetail,
  type GroupFilter,
  type GroupSummary,
  type LeaveResult,
  type LinkProblem,
  type NewRegistration,
  type Placement,
  type RemoteFieldProblem,
  type SelfServicePatch,
  type SelfServiceResult,
  type SelfServiceView,
  type StaffResult,
  type SubmitResult,
  type TriageItem,
  type UpdateResult,
} from '../application/enrolment-api';

interface Answer {
  status: number;
  body: unknown;
  raw?: Buffer;
  headers: Headers;
}

const LINK_PROBLEMS = new Set(['token_invalid', 'token_expired', 'token_used', 'not_found']);

function errorCode(body: unknown): string | undefined {
  return body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' ? body.error : undefined;
}

function fieldsOf(body: unknown): RemoteFieldProblem[] {
  const fields = body && typeof body === 'object' && 'fields' in body && Array.isArray(body.fields) ? body.fields : [];
  return fields.filter((f): f is RemoteFieldProblem => !!f && typeof f.field === 'string' && typeof f.message === 'string');
}

function linkProblem(answer: Answer): LinkProblem {
  const code = errorCode(answer.body);
  if (code && LINK_PROBLEMS.has(code)) return { kind: code as LinkProblem['kind'] };
  if (answer.status === 410) return { kind: 'token_expired' };
  return { kind: 'token_invalid' };
}

/** The enrolment service over HTTP (services/enrolment/API.md). 5xx and network failures become EnrolmentUnavailable. */
export class HttpEnrolmentApi implements EnrolmentApi {
  constructor(
    private readonly baseUrl: string,
    private readonly options: { timeoutMs?: number; staffHeader?: boolean } = {},
  ) {}

  private async call(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}, binary = false): Promise<Answer> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          accept: binary ? 'text/csv' : 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          'x-correlation-id': currentCorrelationId() ?? '',
          ...extraHeaders,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new EnrolmentUnavailable((error as Error).message);
    }
    if (res.status >= 500) throw new EnrolmentUnavailable(`${method} ${path.replace(/\/[A-Za-z0-9_-]{20,}/g, '/…')} answered ${res.status}`);
    if (binary && res.ok) return { status: res.status, body: undefined, raw: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    const textBody = await res.text();
    let parsed: unknown;
    try {
      parsed = textBody ? JSON.parse(textBody) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  private staff(municipalityId: string): Record<string, string> {
    return { 'x-dev-staff-municipality': municipalityId };
  }

  private static token(token: string): string {
    return encodeURIComponent(token);
  }

  async submitRegistration(registration: NewRegistration): Promise<SubmitResult> {
    const answer = await this.call('POST', '/registrations', registration);
    if (answer.status === 202 || answer.status === 200 || answer.status === 201) return { kind: 'accepted' };
    if (answer.status === 400) return { kind: 'invalid', fields: fieldsOf(answer.body) };
    throw new EnrolmentUnavailable(`POST /registrations answered ${answer.status}`);
  }

  async confirm(municipalityId: string, token: string): Promise<ConfirmResult> {
    const answer = await this.call('POST', '/confirmations', { municipalityId, token });
    if (answer.status === 200) return { kind: 'confirmed', ...(answer.body as Omit<Extract<ConfirmResult, { kind: 'confirmed' }>, 'kind'>) };
    if (answer.status === 409) return { kind: 'token_used' };
    return linkProblem(answer);
  }

  async selfService(token: string): Promise<SelfServiceResult> {
    const answer = await this.call('GET', `/self-service/${HttpEnrolmentApi.token(token)}`);
    if (answer.status === 200) return { kind: 'ok', view: answer.body as SelfServiceView };
    return linkProblem(answer);
  }

  async updateSelfService(token: string, patch: SelfServicePatch): Promise<UpdateResult> {
    const answer = await this.call('PATCH', `/self-service/${HttpEnrolmentApi.token(token)}`, patch);
    if (answer.status === 200) return { kind: 'ok', view: answer.body as SelfServiceView };
    if (answer.status === 400) return { kind: 'invalid', fields: fieldsOf(answer.body) };
    if (answer.status === 409) return { kind: 'duplicate' };
    return linkProblem(answer);
  }

  private async contactPersonCall<T>(method: string, path: string, pick: (body: unknown) => T, body?: unknown): Promise<ContactPersonResult<T>> {
    const answer = await this.call(method, path, body);
    if (answer.status >= 200 && answer.status < 300) return { kind: 'ok', value: pick(answer.body) };
    if (answer.status === 400) return { kind: 'invalid', fields: fieldsOf(answer.body) };
    if (answer.status === 409) return { kind: 'forbidden' };
    return linkProblem(answer);
  }

  reportSign(token: string, signId: string, report: { kind: 'damaged' | 'missing'; note?: string }): Promise<ContactPersonResult<{ condition: string }>> {
    return this.contactPersonCall('POST', `/self-service/${HttpEnrolmentApi.token(token)}/signs/${encodeURIComponent(signId)}/report`, (b) => b as { condition: string }, report);
  }

  households(token: string, groupId: string): Promise<ContactPersonResult<HouseholdList>> {
    return this.contactPersonCall('GET', `/self-service/${HttpEnrolmentApi.token(token)}/groups/${encodeURIComponent(groupId)}/households`, (b) => b as HouseholdList);
  }

  addDeclinedHousehold(token: string, groupId: string, address: Address): Promise<ContactPersonResult<{ id: string }>> {
    return this.contactPersonCall('POST', `/self-service/${HttpEnrolmentApi.token(token)}/groups/${encodeURIComponent(groupId)}/households`, (b) => b as { id: string }, { address });
  }

  removeDeclinedHousehold(token: string, groupId: string, householdId: string): Promise<ContactPersonResult<true>> {
    return this.contactPersonCall('DELETE', `/self-service/${HttpEnrolmentApi.token(token)}/groups/${encodeURIComponent(groupId)}/households/${encodeURIComponent(householdId)}`, () => true as const);
  }

  handOver(token: string, groupId: string, toMemberId: string): Promise<ContactPersonResult<{ outcome: string }>> {
    return this.contactPersonCall('POST', `/self-service/${HttpEnrolmentApi.token(token)}/groups/${encodeURIComponent(groupId)}/hand-over`, (b) => b as { outcome: string }, { toMemberId });
  }

  async activityCheck(municipalityId: string, token: string): Promise<ActivityCheckResult> {
    const answer = await this.call('GET', `/activity-checks/${HttpEnrolmentApi.token(token)}?municipalityId=${encodeURIComponent(municipalityId)}`);
    if (answer.status === 200) {
      const body = answer.body as { group: { id: string; name: string }; answered?: boolean };
      return { kind: 'ok', group: body.group, answered: body.answered === true };
    }
    return linkProblem(answer);
  }

  async answerActivityCheck(municipalityId: string, token: string, response: ActivityAnswer): Promise<ActivityAnswerResult> {
    const answer = await this.call('POST', '/activity-checks', { municipalityId, token, answer: response });
    if (answer.status === 200) {
      const body = answer.body as { answer: ActivityAnswer; group: { id: string; name: string } };
      return { kind: 'recorded', answer: body.answer ?? response, group: body.group };
    }
    return linkProblem(answer);
  }

  async leave(token: string, groupId?: string): Promise<LeaveResult> {
    const answer = await this.call('POST', `/self-service/${HttpEnrolmentApi.token(token)}/leave`, groupId ? { groupId } : {});
    if (answer.status === 200) return { kind: 'left', groupIds: ((answer.body as { left?: string[] })?.left ?? []).filter((id) => typeof id === 'string') };
    return linkProblem(answer);
  }

  async erase(token: string): Promise<EraseResult> {
    const answer = await this.call('POST', `/self-service/${HttpEnrolmentApi.token(token)}/erase`, {});
    if (answer.status === 200) {
      const body = answer.body as { mode?: string; anonymiseAt?: string };
      return { kind: 'erased', mode: body?.mode ?? 'anonymise-now', ...(body?.anonymiseAt ? { anonymiseAt: body.anonymiseAt } : {}) };
    }
    return linkProblem(answer);
  }

  private async staffCall<T>(municipalityId: string, method: string, path: string, pick: (body: unknown) => T, body?: unknown): Promise<StaffResult<T>> {
    const answer = await this.call(method, `/staff/${encodeURIComponent(municipalityId)}${path}`, body, this.staff(municipalityId));
    if (answer.status >= 200 && answer.status < 300) return { kind: 'ok', value: pick(answer.body) };
    if (answer.status === 404) return { kind: 'not_found' };
    if (answer.status === 400) return { kind: 'invalid', fields: fieldsOf(answer.body) };
    if (answer.status === 409) {
      const code = errorCode(answer.body);
      return code ? { kind: 'conflict', code } : { kind: 'conflict' };
    }
    // 401/403: the enrolment service's own development guard is off; for the web that is "unavailable".
    throw new EnrolmentUnavailable(`${method} /staff/… answered ${answer.status}`);
  }

  triage(municipalityId: string): Promise<StaffResult<TriageItem[]>> {
    return this.staffCall(municipalityId, 'GET', '/triage', (b) => (b as { items: TriageItem[] }).items ?? []);
  }

  place(municipalityId: string, registrationId: string, areaId: string): Promise<StaffResult<Placement>> {
    return this.staffCall(municipalityId, 'POST', `/triage/${encodeURIComponent(registrationId)}/place`, (b) => b as Placement, { areaId });
  }

  areas(municipalityId: string): Promise<StaffResult<AreaSummary[]>> {
    return this.staffCall(municipalityId, 'GET', '/areas', (b) => (b as { areas: AreaSummary[] }).areas ?? []);
  }

  groups(municipalityId: string, filter: GroupFilter): Promise<StaffResult<GroupSummary[]>> {
    const query = new URLSearchParams();
    if (filter.areaId) query.set('areaId', filter.areaId);
    if (filter.status) query.set('status', filter.status);
    if (filter.waitingForPolice) query.set('waitingForPolice', 'true');
    if (filter.needsFollowUp) query.set('needsFollowUp', 'true');
    const qs = query.toString();
    return this.staffCall(municipalityId, 'GET', `/groups${qs ? `?${qs}` : ''}`, (b) => (b as { groups: GroupSummary[] }).groups ?? []);
  }

  group(municipalityId: string, groupId: string): Promise<StaffResult<GroupDetail>> {
    return this.staffCall(municipalityId, 'GET', `/groups/${encodeURIComponent(groupId)}`, (b) => b as GroupDetail);
  }

  async membersCsv(municipalityId: string, groupId: string): Promise<StaffResult<CsvFile>> {
    const path = `/staff/${encodeURIComponent(municipalityId)}/groups/${encodeURIComponent(groupId)}/members.csv`;
    const answer = await this.call('GET', path, undefined, this.staff(municipalityId), true);
    if (answer.status === 200 && answer.raw) {
      const disposition = answer.headers.get('content-disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'grupp.csv';
      return { kind: 'ok', value: { filename: filename.replace(/[^A-Za-z0-9._-]/g, '_'), body: answer.raw } };
    }
    if (answer.status === 404) return { kind: 'not_found' };
    throw new EnrolmentUnavailable(`GET members.csv answered ${answer.status}`);
  }

  addSign(municipalityId: string, groupId: string, sign: NewSign): Promise<StaffResult<Sign>> {
    return this.staffCall(municipalityId, 'POST', `/groups/${encodeURIComponent(groupId)}/signs`, (b) => b as Sign, sign);
  }

  signRepaired(municipalityId: string, groupId: string, signId: string): Promise<StaffResult<Sign>> {
    return this.staffCall(municipalityId, 'PATCH', `/groups/${encodeURIComponent(groupId)}/signs/${encodeURIComponent(signId)}`, (b) => b as Sign, { condition: 'ok' });
  }

  signReplacements(municipalityId: string): Promise<StaffResult<SignReplacement[]>> {
    return this.staffCall(municipalityId, 'GET', '/signs/replacements', (b) => (b as { items?: SignReplacement[] }).items ?? []);
  }

  importGroups(municipalityId: string, csv: string, dryRun: boolean): Promise<StaffResult<ImportReport>> {
    return this.staffCall(municipalityId, 'POST', `/import?dryRun=${dryRun ? 'true' : 'false'}`, (b) => b as ImportReport, { csv });
  }
}
