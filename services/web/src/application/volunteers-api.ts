import type { BodyOf, volunteers } from '@trygg/http-contracts';
import type { LinkProblem, RemoteFieldProblem } from './enrolment-api';

/**
 * What the walker pages need from the volunteers service (its HTTP API, the routes in
 * libs/http-contracts/src/volunteers.ts): the sign-up, and the confirmation behind the emailed link. Implemented over
 * HTTP in infrastructure/ (every answer parsed with the route's schema), and by an in-memory fake in the tests.
 */
export type NewWalker = BodyOf<typeof volunteers.signUp>;

export type WalkerSignUpResult = { kind: 'accepted' } | { kind: 'invalid'; fields: RemoteFieldProblem[] };

/** volunteers answers 404 `token_invalid` and 410 `token_expired` / `token_used`. */
export type WalkerConfirmResult = { kind: 'confirmed'; language: 'sv' | 'en'; personId: string; mobileToConfirm: boolean } | LinkProblem;

export interface VolunteersApi {
  signUp(walker: NewWalker): Promise<WalkerSignUpResult>;
  confirm(municipalityId: string, token: string): Promise<WalkerConfirmResult>;
}

export const VOLUNTEERS_API = Symbol('VolunteersApi');

/** The volunteers service cannot be reached, or answered 5xx: the page says "try again shortly" (503). */
export class VolunteersUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VolunteersUnavailable';
  }
}
