import type { BodyOf, ResponseOf, safetyRounds } from '@trygg/http-contracts';
import type { RemoteFieldProblem } from './enrolment-api';


/**
 * What the safety-round pages need from the volunteers service (its routes in
 * libs/http-contracts/src/safety-rounds.ts): the public protocol of a held round, and the coordinator's list of
 * rounds, a round with its findings, and planning a round (with the coordinator's access token; volunteers checks it
 * again). Implemented over HTTP in infrastructure/http-rounds-api.ts, by a fake in the tests.
 */
export type RoundProtocol = ResponseOf<typeof safetyRounds.showProtocol, 200>;
export type RoundSummary = ResponseOf<typeof safetyRounds.listRounds, 200>['rounds'][number];
export type RoundDetail = ResponseOf<typeof safetyRounds.showRound, 200>;
export type NewRound = BodyOf<typeof safetyRounds.planRound>;

export type ParticipantRound = ResponseOf<typeof safetyRounds.showParticipantLink, 200>;
export type OwnerFinding = ResponseOf<typeof safetyRounds.showOwnerLink, 200>;
export type NewFinding = BodyOf<typeof safetyRounds.recordFindingAsParticipant>;

/** What a link holder's action came to: done, bad fields (400), refused by the state (409, its rule), or the link's problem (404/410). */
export type LinkResult<T> = { kind: 'ok'; value: T } | { kind: 'invalid'; fields: RemoteFieldProblem[] } | { kind: 'conflict'; rule: string } | { kind: 'token_invalid' } | { kind: 'token_expired' };

export type NewParticipant = BodyOf<typeof safetyRounds.inviteParticipant>;
export type IssuedLink = { url: string; expiresAt: string };
/** A coordinator's change: done, bad fields (400), refused by the state (409, its rule), or no such round/finding (404). */
export type StaffChange<T> = { kind: 'ok'; value: T } | { kind: 'invalid'; fields: RemoteFieldProblem[] } | { kind: 'conflict'; rule: string } | { kind: 'not_found' };

export type PlanRoundResult = { kind: 'planned'; roundId: string } | { kind: 'invalid'; fields: RemoteFieldProblem[] };

export interface RoundsApi {
  /** null: unknown, another municipality's, or not yet held. */
  protocol(municipalityId: string, roundId: string): Promise<RoundProtocol | null>;
  rounds(token: string, municipalityId: string): Promise<RoundSummary[]>;
  /** null: no such round of the municipality. */
  round(token: string, municipalityId: string, roundId: string): Promise<RoundDetail | null>;
  plan(token: string, municipalityId: string, round: NewRound): Promise<PlanRoundResult>;
  invite(token: string, municipalityId: string, roundId: string, participant: NewParticipant): Promise<StaffChange<IssuedLink>>;
  changeStatus(token: string, municipalityId: string, roundId: string, status: 'held' | 'followed-up'): Promise<StaffChange<null>>;
  assign(token: string, municipalityId: string, findingId: string, ownerEmail: string, deadline: string | null): Promise<StaffChange<IssuedLink>>;
  /** The participant's round from their link (no account). */
  participant(linkToken: string): Promise<LinkResult<ParticipantRound>>;
  answer(linkToken: string, answer: 'yes' | 'no'): Promise<LinkResult<ParticipantRound>>;
  recordFinding(linkToken: string, finding: NewFinding): Promise<LinkResult<{ findingId: string }>>;
  /** A photo for a finding of the participant's round: the image's bytes (volunteers checks type and size again and strips metadata). */
  addPhoto(linkToken: string, findingId: string, photo: { bytes: Buffer; type: 'image/jpeg' | 'image/png' | 'image/webp' }): Promise<LinkResult<{ findingId: string }>>;
  /** The finding from its owner's link (no account). */
  owner(linkToken: string): Promise<LinkResult<OwnerFinding>>;
  close(linkToken: string, status: 'fixed' | 'wont-fix', reason: string | null): Promise<LinkResult<OwnerFinding>>;
}

export const ROUNDS_API = Symbol('RoundsApi');
