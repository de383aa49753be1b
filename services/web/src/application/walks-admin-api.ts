import type { BodyOf, ResponseOf, walks } from '@trygg/http-contracts';
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

export interface WalksAdminApi {
  list(accessToken: string, municipalityId: string, period: { from?: string; to?: string }): Promise<StaffResult<WalkView[]>>;
  show(accessToken: string, municipalityId: string, walkId: string): Promise<StaffResult<WalkDetail>>;
  schedule(accessToken: string, municipalityId: string, plan: WalkPlan): Promise<StaffResult<WalkView>>;
  scheduleSeries(accessToken: string, municipalityId: string, series: WalkSeriesPlan): Promise<StaffResult<{ seriesId: string; walks: WalkView[] }>>;
  cancel(accessToken: string, municipalityId: string, walkId: string, reason: string): Promise<StaffResult<WalkView>>;
  debrief(accessToken: string, municipalityId: string, walkId: string, note: string): Promise<StaffResult<WalkView>>;
  qualify(accessToken: string, municipalityId: string, volunteerId: string, change: { basicTraining: boolean; guardianConsent: boolean }): Promise<StaffResult<Qualifications>>;
}

export const WALKS_ADMIN_API = Symbol('WalksAdminApi');
