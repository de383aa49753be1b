import type { policeLiaison, ResponseOf } from '@trygg/http-contracts';
import type { DecisionOutcome } from '../domain/police-decision-form';

type P = typeof policeLiaison;

/** A pending police-approval case of the officer's police area, with its days waiting against the target (police-liaison's contract). */
export type PoliceCase = ResponseOf<P['pendingCases'], 200>['cases'][number];
/** The officer's overview of their police area (police-liaison's contract). */
export type PoliceOverview = ResponseOf<P['policeOverview'], 200>;
/** The decisions police-liaison accepts (`policeDecisionInput`): approve, reject, ask for more information. */
export type PoliceOutcome = DecisionOutcome;

export interface RemoteReasonProblem {
  field: string;
  message: string;
}

export type DecisionResult = { kind: 'decided' } | { kind: 'not_found' } | { kind: 'already_decided' } | { kind: 'invalid'; fields: RemoteReasonProblem[] };

/**
 * The police-liaison service as the police pages need it; every call carries the signed-in officer's access token,
 * and police-liaison answers only for the officer's own police area (404 otherwise). 401 → SignInRequired, 403 →
 * AccessDenied, 5xx or no answer → PoliceLiaisonUnavailable.
 */
export interface PoliceApi {
  pendingCases(accessToken: string, policeAreaId: string): Promise<{ kind: 'ok'; cases: PoliceCase[] } | { kind: 'not_found' }>;
  decide(accessToken: string, caseId: string, outcome: PoliceOutcome, reason: string): Promise<DecisionResult>;
  overview(accessToken: string, policeAreaId: string): Promise<PoliceOverview>;
}

export const POLICE_API = Symbol('POLICE_API');

export class PoliceLiaisonUnavailable extends Error {
  constructor(reason: string) {
    super(`police-liaison is unavailable: ${reason}`);
    this.name = 'PoliceLiaisonUnavailable';
  }
}
