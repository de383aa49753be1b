import type { policeLiaison, ResponseOf } from '@trygg/http-contracts';

type P = typeof policeLiaison;

/** The meeting behind a member's RSVP link and their answer so far (police-liaison's contract). */
export type RsvpView = ResponseOf<P['describeStartMeetingRsvp'], 200>;
export type RsvpAnswer = 'yes' | 'no';
export type RsvpProblem = { kind: 'token_invalid' } | { kind: 'token_expired' };

/**
 * A member's yes/no to a start meeting, from the link in their invitation (`/<m>/uppstartsmote/<token>`): the token
 * is the whole credential (police-liaison's link routes). 5xx or no answer → PoliceLiaisonUnavailable.
 */
export interface StartMeetingApi {
  describeRsvp(token: string): Promise<({ kind: 'ok' } & RsvpView) | RsvpProblem>;
  answerRsvp(token: string, answer: RsvpAnswer): Promise<({ kind: 'ok' } & RsvpView) | RsvpProblem | { kind: 'closed' }>;
}

export const START_MEETING_API = Symbol('START_MEETING_API');
