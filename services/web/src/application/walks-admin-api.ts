import type { BodyOf, ResponseOf, safetyRounds, walkReports, walks } from '@trygg/http-contracts';
import type { StaffResult } from './enrolment-api';

/**
 * What the coordinator's walk pages need from the volunteers service (the staff routes of
 * libs/http-contracts/src/walks.ts), each call with the signed-in coordinator's access token; volunteers checks it
 * again (role coordinator, the municipality of the token). Implemented over HTTP in infrastructure/, by a fake
 * answering through the contract in the tests. 401 → SignInRequired, 403 → AccessDenied, 5xx → VolunteersUnavailable.
 */
export type WalkView = ResponseOf<typeof walks.listWalks, 200>['walks'][number];
export type WalkDetail = ResponseOf<typeof walks.showWalk, 200>;
export type WalkPlan = BodyOf<typeof walks.scheduleWalk>;
export type WalkSeriesPlan = BodyOf<typeof walks.scheduleWalkSeries>;
export type Qualifications = ResponseOf<typeof walks.recordWalkerQualifications, 200>;
/** The month's report (`walkReports.showMonthReport`): also for the read-only roles. */
export type MonthReport = ResponseOf<typeof walkReports.showMonthReport, 200>;
export type Promotion = BodyOf<typeof walkReports.promoteUnsafePlace>;
export type RoundChoice = ResponseOf<typeof safetyRounds.listRounds, 200>['rounds'][number];

export interface WalksAdminApi {
  list(accessToken: string, municipalityId: string, period: { from?: string; to?: string }): Promise<StaffResult<WalkView[]>>;
  show(accessToken: string, municipalityId: string, walkId: string): Promise<StaffResult<WalkDetail>>;
  schedule(accessToken: string, municipalityId: string, plan: WalkPlan): Promise<StaffResult<WalkView>>;
  scheduleSeries(accessToken: string, municipalityId: string, series: WalkSeriesPlan): Promise<StaffResult<{ seriesId: string; walks: WalkView[] }>>;
  cancel(accessToken: string, municipalityId: string, walkId: string, reason: string): Promise<StaffResult<WalkView>>;
  debrief(accessToken: string, municipalityId: string, walkId: string, note: string): Promise<StaffResult<WalkView>>;
  qualify(accessToken: string, municipalityId: string, volunteerId: string, change: { basicTraining: boolean; guardianConsent: boolean }): Promise<StaffResult<Qualifications>>;
  monthReport(accessToken: string, municipalityId: string, month: string): Promise<StaffResult<MonthReport>>;
  /** A reported unsafe place → a finding of the round (409 `already_promoted` the second time). */
  /** The municipality's safety rounds (to promote a place to one). */
  rounds(accessToken: string, municipalityId: string): Promise<StaffResult<RoundChoice[]>>;
  promote(accessToken: string, municipalityId: string, place: { walkId: string; reportId: string; index: number }, promotion: Promotion): Promise<StaffResult<{ findingId: string; roundId: string }>>;
}

export const WALKS_ADMIN_API = Symbol('WalksAdminApi');
