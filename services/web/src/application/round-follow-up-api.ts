import type { ResponseOf, walkReports } from '@trygg/http-contracts';
import type { StaffResult } from './enrolment-api';

/**
 * What a round's follow-up page needs from volunteers (libs/http-contracts/src/walk-reports.ts): the review of the
 * round's findings, the follow-up meeting's day and the reference groups — with the coordinator's access token
 * (volunteers checks it again). Over HTTP in infrastructure/http-round-follow-up-api.ts; the tests use the real service.
 */
export type FollowUpReview = ResponseOf<typeof walkReports.showFollowUp, 200>;

export interface RoundFollowUpApi {
  review(accessToken: string, municipalityId: string, roundId: string): Promise<StaffResult<FollowUpReview>>;
  setMeeting(accessToken: string, municipalityId: string, roundId: string, date: string): Promise<StaffResult<unknown>>;
  setGroups(accessToken: string, municipalityId: string, roundId: string, groups: Array<{ name: string; groupId: string | null }>): Promise<StaffResult<unknown>>;
}

export const ROUND_FOLLOW_UP_API = Symbol('RoundFollowUpApi');
