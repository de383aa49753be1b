import { type BodyOf, type ErrorBody, type ResponseOf, enrolment, enrolmentInput } from '@trygg/http-contracts';

/**
 * What the web front needs from the enrolment service (its HTTP API, services/enrolment/API.md). The web owns no
 * domain data: every page is a view of these answers. The data types are enrolment's own contract
 * (`@trygg/http-contracts`, libs/http-contracts/src/enrolment.ts): what the web sends is the route's `BodyOf`, what
 * it gets the route's `ResponseOf`; nothing here repeats them. Implemented over HTTP in infrastructure/ (which
 * parses every answer with the route's schema), and by in-memory fakes in the tests.
 */
type E = typeof enrolment;

export type NewRegistration = BodyOf<E['submitRegistration']>;

/** A field the enrolment service rejected: `field` is its dotted path (`address.postcode`), `code` a stable code. */
export type RemoteFieldProblem = NonNullable<ErrorBody['fields']>[number];

export type SubmitResult = { kind: 'accepted' } | { kind: 'invalid'; fields: RemoteFieldProblem[] };

export type Placement = ResponseOf<E['placeFromTriage'], 200>;

/** enrolment answers 404 `token_invalid` (or `not_found`) and 410 `token_expired` / `token_used`. */
export type LinkProblem = { kind: 'token_invalid' } | { kind: 'token_expired' } | { kind: 'token_used' } | { kind: 'not_found' };

export type ConfirmResult = ({ kind: 'confirmed' } & ResponseOf<E['confirmRegistration'], 200>) | LinkProblem;

export type SelfServiceView = ResponseOf<E['viewSelfService'], 200>;

/** The contact person's (or deputy's) list of their group's households, from the self-service link. */
export type HouseholdList = ResponseOf<E['listHouseholds'], 200>;

/**
 * Answers of the contact person's actions: `forbidden` = not the group's contact person (or deputy);
 * `not_in_group` = the person is not (or no longer) in the group (enrolment: 400 `unknown_group`).
 */
export type ContactPersonResult<T> = { kind: 'ok'; value: T } | { kind: 'invalid'; fields: RemoteFieldProblem[] } | { kind: 'forbidden' } | { kind: 'not_in_group' } | LinkProblem;

export type SelfServicePatch = BodyOf<E['correctSelfService']>;
export type SignReport = BodyOf<E['reportSign']>;
export type DeclinedAddress = BodyOf<E['recordDeclinedHousehold']>['address'];

export type SelfServiceResult = { kind: 'ok'; view: SelfServiceView } | LinkProblem;
export type UpdateResult = SelfServiceResult | { kind: 'invalid'; fields: RemoteFieldProblem[] } | { kind: 'duplicate' };
export type LeaveResult = { kind: 'left'; groupIds: ResponseOf<E['leaveGroup'], 200>['left'] } | LinkProblem;
/** The link sent to a new email address: `duplicate` = another registration at the address already has that email. */
export type EmailChangeResult = { kind: 'changed' } | { kind: 'duplicate' } | LinkProblem;
export type EraseResult = ({ kind: 'erased' } & ResponseOf<E['eraseSelf'], 200>) | LinkProblem;

export type GroupSummary = ResponseOf<E['listGroups'], 200>['groups'][number];
export type Coverage = GroupSummary['coverage'];
export type GroupStatus = GroupSummary['status'];
export type GroupDetail = ResponseOf<E['getGroup'], 200>;
export type TriageItem = ResponseOf<E['triage'], 200>['items'][number];
export type AreaSummary = ResponseOf<E['listAreas'], 200>['areas'][number];

/** What the coordinator's group list is filtered by (sent as enrolment's query). */
export interface GroupFilter {
  areaId?: string;
  status?: GroupStatus;
  waitingForPolice?: boolean;
  /** Groups flagged by the yearly activity check (no answer, not active, list outdated). */
  needsFollowUp?: boolean;
}

export type StaffResult<T> = { kind: 'ok'; value: T } | { kind: 'not_found' } | { kind: 'invalid'; fields: RemoteFieldProblem[] } | { kind: 'conflict'; code?: string };

/** A sign (skylt) of a group: `lastReport` is a member's latest report. */
export type Sign = ResponseOf<E['addSign'], 201>;
/** A damaged or missing sign on the coordinator's replacement list. */
export type SignReplacement = ResponseOf<E['signReplacements'], 200>['items'][number];
export type NewSign = BodyOf<E['addSign']>;

/** enrolment's answer to a CSV import (a dry run or the real one): every rejected row with its number and reason. */
export type ImportReport = ResponseOf<E['importGroups'], 200>;

export interface CsvFile {
  filename: string;
  body: Buffer;
}

/** The yearly "are you still active?" check of a group, answered by its contact person from an email link. */
export const ACTIVITY_ANSWERS = enrolmentInput.activityAnswerInput.shape.answer.options;
export type ActivityAnswer = BodyOf<E['answerActivityCheck']>['answer'];
export type ActivityCheckResult = ({ kind: 'ok' } & ResponseOf<E['describeActivityCheck'], 200>) | LinkProblem;
export type ActivityAnswerResult = ({ kind: 'recorded' } & ResponseOf<E['answerActivityCheck'], 200>) | LinkProblem;

/** Staff methods take the signed-in person's access token first: enrolment checks role and scope against it. */
export interface EnrolmentApi {
  submitRegistration(registration: NewRegistration): Promise<SubmitResult>;
  confirm(municipalityId: string, token: string): Promise<ConfirmResult>;
  selfService(token: string): Promise<SelfServiceResult>;
  updateSelfService(token: string, patch: SelfServicePatch): Promise<UpdateResult>;
  confirmEmailChange(municipalityId: string, token: string): Promise<EmailChangeResult>;
  leave(token: string, groupId?: string): Promise<LeaveResult>;
  erase(token: string): Promise<EraseResult>;
  reportSign(token: string, signId: string, report: SignReport): Promise<ContactPersonResult<ResponseOf<E['reportSign'], 200>>>;
  households(token: string, groupId: string): Promise<ContactPersonResult<HouseholdList>>;
  addDeclinedHousehold(token: string, groupId: string, address: DeclinedAddress): Promise<ContactPersonResult<ResponseOf<E['recordDeclinedHousehold'], 201>>>;
  removeDeclinedHousehold(token: string, groupId: string, householdId: string): Promise<ContactPersonResult<true>>;
  handOver(token: string, groupId: string, toMemberId: string): Promise<ContactPersonResult<ResponseOf<E['handOverContactPerson'], 200>>>;
  activityCheck(municipalityId: string, token: string): Promise<ActivityCheckResult>;
  answerActivityCheck(municipalityId: string, token: string, answer: ActivityAnswer): Promise<ActivityAnswerResult>;
  triage(accessToken: string, municipalityId: string): Promise<StaffResult<TriageItem[]>>;
  place(accessToken: string, municipalityId: string, registrationId: string, areaId: string): Promise<StaffResult<Placement>>;
  areas(accessToken: string, municipalityId: string): Promise<StaffResult<AreaSummary[]>>;
  groups(accessToken: string, municipalityId: string, filter: GroupFilter): Promise<StaffResult<GroupSummary[]>>;
  group(accessToken: string, municipalityId: string, groupId: string): Promise<StaffResult<GroupDetail>>;
  membersCsv(accessToken: string, municipalityId: string, groupId: string): Promise<StaffResult<CsvFile>>;
  /** Records a sign put up for a group; `conflict` with code `signs_need_active_group` unless the group is active. */
  addSign(accessToken: string, municipalityId: string, groupId: string, sign: NewSign): Promise<StaffResult<Sign>>;
  /** Marks a sign as replaced or repaired (condition back to `ok`). */
  signRepaired(accessToken: string, municipalityId: string, groupId: string, signId: string): Promise<StaffResult<Sign>>;
  signReplacements(accessToken: string, municipalityId: string): Promise<StaffResult<SignReplacement[]>>;
  /** CSV import of existing groups; `dryRun` writes nothing. Safe to run twice (enrolment's natural keys). */
  importGroups(accessToken: string, municipalityId: string, csv: string, dryRun: boolean): Promise<StaffResult<ImportReport>>;
}

export const ENROLMENT_API = Symbol('ENROLMENT_API');

/**
 * A staff call was refused for the signed-in person's token (401: expired, revoked or not trusted): they sign in
 * again. (403 — the token is fine but not for this — is AccessDenied.)
 */
export class SignInRequired extends Error {
  constructor(reason: string) {
    super(`the caller must sign in again: ${reason}`);
    this.name = 'SignInRequired';
  }
}

/** The service refused the signed-in person (403: not their role or scope): the "not for you" page. */
export class AccessDenied extends Error {
  constructor(reason: string) {
    super(`access denied: ${reason}`);
    this.name = 'AccessDenied';
  }
}

/** The enrolment service cannot be reached or answered 5xx: the page says "try again shortly" (503). */
export class EnrolmentUnavailable extends Error {
  constructor(reason: string) {
    super(`enrolment is unavailable: ${reason}`);
    this.name = 'EnrolmentUnavailable';
  }
}
