import type { policeLiaison, ResponseOf } from '@trygg/http-contracts';
import type { DecisionOutcome } from '../domain/police-decision-form';

type P = typeof policeLiaison;

/** A police-approval case of the officer's police area (police-liaison's contract), with its decision history; a pending one with its days waiting against the target. */
/** One case as police-liaison shows it, with the group a contact-person case is about (its start meeting) when known. */
export type PoliceCase = ResponseOf<P['showCase'], 200>['case'] & { groupId?: string | null };
/** A case of the officer's queue: pending, with its days waiting against the target. */
export type QueuedCase = ResponseOf<P['pendingCases'], 200>['cases'][number];
/** The officer's overview of their police area (police-liaison's contract). */
export type PoliceOverview = ResponseOf<P['policeOverview'], 200>;
/** The decisions police-liaison accepts (`policeDecisionInput`): approve, reject, ask for more information. */
export type PoliceOutcome = DecisionOutcome;

export interface RemoteReasonProblem {
  field: string;
  message: string;
}

export type DecisionResult = { kind: 'decided' } | { kind: 'not_found' } | { kind: 'already_decided' } | { kind: 'invalid'; fields: RemoteReasonProblem[] };

/** A revocation: revoked, not in the officer's area, not approved (pending, rejected, revoked already), or a bad reason. */
export type RevocationResult = { kind: 'revoked' } | { kind: 'not_found' } | { kind: 'not_approved' } | { kind: 'invalid'; fields: RemoteReasonProblem[] };

/**
 * The police-liaison service as the police pages need it; every call carries the signed-in officer's access token,
 * and police-liaison answers only for the officer's own police area (404 otherwise). 401 → SignInRequired, 403 →
 * AccessDenied, 5xx or no answer → PoliceLiaisonUnavailable.
 */
export interface PoliceApi {
  pendingCases(accessToken: string, policeAreaId: string): Promise<{ kind: 'ok'; cases: QueuedCase[] } | { kind: 'not_found' }>;
  decide(accessToken: string, caseId: string, outcome: PoliceOutcome, reason: string): Promise<DecisionResult>;
  overview(accessToken: string, policeAreaId: string): Promise<PoliceOverview>;
  /** One case of the officer's area, whatever its status (police-liaison audits the view). */
  caseById(accessToken: string, caseId: string): Promise<{ kind: 'ok'; case: PoliceCase } | { kind: 'not_found' }>;
  /** Revokes an approved case with a reason: a new decision (police-liaison keeps the approval in the history). */
  revoke(accessToken: string, caseId: string, reason: string): Promise<RevocationResult>;
}

export const POLICE_API = Symbol('POLICE_API');

export class PoliceLiaisonUnavailable extends Error {
  constructor(reason: string) {
    super(`police-liaison is unavailable: ${reason}`);
    this.name = 'PoliceLiaisonUnavailable';
  }
}
