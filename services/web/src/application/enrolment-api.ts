import type { Language } from '../i18n';
import type { RegistrationChoice } from '../domain/registration-form';

/**
 * What the web front needs from the enrolment service (its HTTP API, services/enrolment/API.md). The web owns no
 * domain data: every page is a view of these answers. Implemented over HTTP in infrastructure/, and by an
 * in-memory fake in the tests.
 */
export interface Address {
  street: string;
  number: string;
  postcode: string;
  city?: string | null;
}

export interface NewRegistration {
  municipalityId: string;
  name: string;
  email: string;
  mobile?: string;
  smsOptIn: boolean;
  address: Address;
  intent: RegistrationChoice;
  protectedIdentity: boolean;
  language: Language;
}

/** A field the enrolment service rejected: `field` is its dotted path (`address.postcode`). */
export interface RemoteFieldProblem {
  field: string;
  code?: string;
  message: string;
}

export type SubmitResult = { kind: 'accepted' } | { kind: 'invalid'; fields: RemoteFieldProblem[] };

export type Placement =
  | { kind: 'placed'; area: { id: string; name: string }; group: { id: string; name: string; status: string; newlyCreated?: boolean } }
  | { kind: 'triage' };

export type LinkProblem = { kind: 'token_invalid' } | { kind: 'token_expired' } | { kind: 'token_used' } | { kind: 'not_found' };

export type ConfirmResult = { kind: 'confirmed'; intent: RegistrationChoice; language?: Language; placement: Placement } | LinkProblem;

export interface SelfServiceView {
  personId: string;
  municipalityId: string;
  name: string;
  email: string;
  mobile: string | null;
  smsOptIn: boolean;
  emailUpdates: boolean;
  language: Language;
  protectedIdentity: boolean;
  registrations: Array<{
    registrationId: string;
    address: Address;
    intent: RegistrationChoice;
    status: string;
    submittedAt: string;
    confirmedAt: string | null;
  }>;
  memberships: Array<{
    groupId: string;
    groupName: string;
    areaId: string;
    areaName: string;
    groupStatus: string;
    role: string;
    joinedAt: string;
    signs?: Array<{ id: string; place: string; condition: string }>;
  }>;
}

/** The contact person's (or deputy's) list of their group's households, from the self-service link. */
export interface HouseholdList {
  group: { id: string; name: string; status: string; coverage?: Coverage };
  /** `emailNotWorking`: the household's email address bounced (stale contacts); the address itself is never shown. */
  members: Array<{ memberId: string; name: string | null; address: Address; role: string; joinedAt: string; emailNotWorking?: boolean }>;
  hiddenMembers: number;
  declinedHouseholds: Array<{ id: string; address: Address }>;
}

/** Answers of the contact person's actions: `forbidden` = not the group's contact person (or deputy). */
export type ContactPersonResult<T> = { kind: 'ok'; value: T } | { kind: 'invalid'; fields: RemoteFieldProblem[] } | { kind: 'forbidden' } | LinkProblem;

export interface SelfServicePatch {
  /** Which registration's address is corrected (required by enrolment when the person has several). */
  registrationId?: string;
  name?: string;
  email?: string;
  mobile?: string | null;
  smsOptIn?: boolean;
  emailUpdates?: boolean;
  language?: Language;
  protectedIdentity?: boolean;
  address?: Address;
}

export type SelfServiceResult = { kind: 'ok'; view: SelfServiceView } | LinkProblem;
export type UpdateResult = SelfServiceResult | { kind: 'invalid'; fields: RemoteFieldProblem[] } | { kind: 'duplicate' };
export type LeaveResult = { kind: 'left'; groupIds: string[] } | LinkProblem;
export type EraseResult = { kind: 'erased'; mode: string; anonymiseAt?: string } | LinkProblem;

export interface Coverage {
  joined?: number;
  declined?: number;
  households?: number | null;
  text?: { sv?: string; en?: string };
}

export interface TriageItem {
  registrationId: string;
  personId: string;
  name: string | null;
  email: string | null;
  address: Address;
  intent: string;
  protectedIdentity: boolean;
  submittedAt: string;
  confirmedAt: string | null;
}

export interface AreaSummary {
  id: string;
  name: string;
  householdCount: number | null;
  groupCount: number;
  coverage?: Coverage;
}

export interface GroupSummary {
  id: string;
  name: string;
  areaId: string;
  areaName: string;
  status: string;
  memberCount: number;
  contactPerson: { personId: string; name: string | null } | null;
  waitingForPolice: boolean;
  startMeetingDate: string | null;
  signsUp: boolean;
  coverage?: Coverage;
  followUp?: { reason: string; since: string } | null;
}

export interface GroupDetail extends GroupSummary {
  signs?: Sign[];
  /** `emailNotWorkingSince`: the member's email address bounced (stale contacts), or null. */
  members: Array<{ memberId: string; personId: string; name: string | null; email: string | null; mobile: string | null; address: Address; role: string; joinedAt: string; emailNotWorkingSince?: string | null }>;
  hiddenMembers?: number;
  households: Array<{ id: string; address: Address; status: string }>;
  nominations: Array<{ nominationId: string; personId: string; name: string | null; status: string; reason?: string | null }>;
  history: Array<{ at: string; action: string; actor: string; details?: unknown }>;
}

export interface GroupFilter {
  areaId?: string;
  status?: string;
  waitingForPolice?: boolean;
  /** Groups flagged by the yearly activity check (no answer, not active, list outdated). */
  needsFollowUp?: boolean;
}

export type StaffResult<T> = { kind: 'ok'; value: T } | { kind: 'not_found' } | { kind: 'invalid'; fields: RemoteFieldProblem[] } | { kind: 'conflict'; code?: string };

/** A sign (skylt) of a group: `condition` is `ok`, `damaged` or `missing`; `lastReport` is a member's latest report. */
export interface Sign {
  id: string;
  place: string;
  putUpAt: string | null;
  condition: string;
  lastReport: { at: string; kind: string; note?: string | null } | null;
}

/** A damaged or missing sign on the coordinator's replacement list. */
export interface SignReplacement extends Sign {
  groupId: string;
  groupName: string;
  areaId: string;
  areaName: string;
}

export interface NewSign {
  place: string;
  putUpAt: string | null;
}

/** enrolment's answer to a CSV import (a dry run or the real one): every rejected row with its number and reason. */
export interface ImportReport {
  dryRun: boolean;
  accepted: number;
  rejected: Array<{ row: number; reason: string }>;
  created: { groups: number; members: number; contactPersons: number };
  skippedExisting: number;
}

export interface CsvFile {
  filename: string;
  body: Buffer;
}

/** The yearly "are you still active?" check of a group, answered by its contact person from an email link. */
export const ACTIVITY_ANSWERS = ['active', 'active-list-outdated', 'not-active'] as const;
export type ActivityAnswer = (typeof ACTIVITY_ANSWERS)[number];
export type ActivityCheckResult = { kind: 'ok'; group: { id: string; name: string }; answered: boolean } | LinkProblem;
export type ActivityAnswerResult = { kind: 'recorded'; answer: ActivityAnswer; group: { id: string; name: string } } | LinkProblem;

export interface EnrolmentApi {
  submitRegistration(registration: NewRegistration): Promise<SubmitResult>;
  confirm(municipalityId: string, token: string): Promise<ConfirmResult>;
  selfService(token: string): Promise<SelfServiceResult>;
  updateSelfService(token: string, patch: SelfServicePatch): Promise<UpdateResult>;
  leave(token: string, groupId?: string): Promise<LeaveResult>;
  erase(token: string): Promise<EraseResult>;
  reportSign(token: string, signId: string, report: { kind: 'damaged' | 'missing'; note?: string }): Promise<ContactPersonResult<{ condition: string }>>;
  households(token: string, groupId: string): Promise<ContactPersonResult<HouseholdList>>;
  addDeclinedHousehold(token: string, groupId: string, address: Address): Promise<ContactPersonResult<{ id: string }>>;
  removeDeclinedHousehold(token: string, groupId: string, householdId: string): Promise<ContactPersonResult<true>>;
  handOver(token: string, groupId: string, toMemberId: string): Promise<ContactPersonResult<{ outcome: string }>>;
  activityCheck(municipalityId: string, token: string): Promise<ActivityCheckResult>;
  answerActivityCheck(municipalityId: string, token: string, answer: ActivityAnswer): Promise<ActivityAnswerResult>;
  triage(municipalityId: string): Promise<StaffResult<TriageItem[]>>;
  place(municipalityId: string, registrationId: string, areaId: string): Promise<StaffResult<Placement>>;
  areas(municipalityId: string): Promise<StaffResult<AreaSummary[]>>;
  groups(municipalityId: string, filter: GroupFilter): Promise<StaffResult<GroupSummary[]>>;
  group(municipalityId: string, groupId: string): Promise<StaffResult<GroupDetail>>;
  membersCsv(municipalityId: string, groupId: string): Promise<StaffResult<CsvFile>>;
  /** Records a sign put up for a group; `conflict` with code `signs_need_active_group` unless the group is active. */
  addSign(municipalityId: string, groupId: string, sign: NewSign): Promise<StaffResult<Sign>>;
  /** Marks a sign as replaced or repaired (condition back to `ok`). */
  signRepaired(municipalityId: string, groupId: string, signId: string): Promise<StaffResult<Sign>>;
  signReplacements(municipalityId: string): Promise<StaffResult<SignReplacement[]>>;
  /** CSV import of existing groups; `dryRun` writes nothing. Safe to run twice (enrolment's natural keys). */
  importGroups(municipalityId: string, csv: string, dryRun: boolean): Promise<StaffResult<ImportReport>>;
}

export const ENROLMENT_API = Symbol('ENROLMENT_API');

/** The enrolment service cannot be reached or answered 5xx: the page says "try again shortly" (503). */
export class EnrolmentUnavailable extends Error {
  constructor(reason: string) {
    super(`enrolment is unavailable: ${reason}`);
    this.name = 'EnrolmentUnavailable';
  }
}
