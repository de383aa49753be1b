import type { BodyOf, policeLiaison, ResponseOf } from '@trygg/http-contracts';
import type { RemoteReasonProblem } from './police-api';

type P = typeof policeLiaison;

/** An observation as police-liaison shows it to the officer of its police area. */
export type ShownObservation = ResponseOf<P['getObservation'], 200>;
/** What the web sends for the person of a self-service link (person, group and area from enrolment's answer). */
export type ObservationReport = BodyOf<P['reportObservation']>;

export type ReportResult = { kind: 'sent' } | { kind: 'invalid'; fields: RemoteReasonProblem[] } | { kind: 'limited' };
export type AnswerResult = { kind: 'answered' } | { kind: 'not_found' } | { kind: 'already_answered' } | { kind: 'invalid'; fields: RemoteReasonProblem[] };

/**
 * police-liaison's observations: `report` with the web's own secret (INTERNAL_SECRET_WEB_OBSERVATIONS) on behalf of a
 * self-service link's person; the officer's calls with their access token (police-liaison answers only for their
 * police area: another area's observation is null / not_found). 401 → SignInRequired, 403 → AccessDenied, 5xx →
 * PoliceLiaisonUnavailable.
 */
export interface ObservationsApi {
  report(report: ObservationReport): Promise<ReportResult>;
  ofArea(accessToken: string, policeAreaId: string): Promise<ShownObservation[]>;
  get(accessToken: string, id: string): Promise<ShownObservation | null>;
  markRead(accessToken: string, id: string): Promise<ShownObservation | null>;
  answer(accessToken: string, id: string, answer: string): Promise<AnswerResult>;
}

export const OBSERVATIONS_API = Symbol('OBSERVATIONS_API');
