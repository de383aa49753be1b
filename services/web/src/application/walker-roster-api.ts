import type { ResponseOf, volunteers } from '@trygg/http-contracts';

/** The coordinator's walkers as volunteers answers them (`GET /staff/:m/volunteers`): no contact details. */
export type WalkerRoster = ResponseOf<typeof volunteers.listVolunteers, 200>;

/**
 * What the coordinator's walker page needs of volunteers: the list of the municipality's walkers, with the signed-in
 * coordinator's access token (volunteers checks it again). Over HTTP in infrastructure/, a fake in the tests.
 */
export interface WalkerRosterApi {
  /** `forbidden`: volunteers refused the token (401/403). Unreachable or 5xx: throws (the page says "try again"). */
  roster(accessToken: string, municipalityId: string): Promise<WalkerRoster | 'forbidden'>;
}

export const WALKER_ROSTER_API = Symbol('WalkerRosterApi');
