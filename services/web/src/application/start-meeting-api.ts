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
export interface StartMeetingApi extends StartMeetingStaffApi {
  describeRsvp(token: string): Promise<({ kind: 'ok' } & RsvpView) | RsvpProblem>;
  answerRsvp(token: string, answer: RsvpAnswer): Promise<({ kind: 'ok' } & RsvpView) | RsvpProblem | { kind: 'closed' }>;
}

/** A group's meetings and contact persons, as the officer or coordinator sees them. */
export type GroupMeetings = ResponseOf<P['listStartMeetings'], 200>;
export type StaffMeeting = GroupMeetings['meetings'][number];
export interface MeetingInput {
  startsAt: string;
  endsAt: string;
  place: string;
}
/** police-liaison's answer to a change: the meeting, nothing of yours, bad fields, or a refusal (409 with its code). */
export type MeetingWriteResult =
  | { kind: 'ok'; meeting: StaffMeeting }
  | { kind: 'not_found' }
  | { kind: 'invalid'; fields: Array<{ field: string; message: string }> }
  | { kind: 'conflict'; code: string };

/**
 * The officer's and coordinator's side (every call with their access token; police-liaison scopes it by the token's
 * police area or municipality: another group is not found).
 */
export interface StartMeetingStaffApi {
  groupMeetings(accessToken: string, groupId: string): Promise<({ kind: 'ok' } & GroupMeetings) | { kind: 'not_found' }>;
  schedule(accessToken: string, groupId: string, input: MeetingInput): Promise<MeetingWriteResult>;
  change(accessToken: string, meetingId: string, input: MeetingInput): Promise<MeetingWriteResult>;
  cancel(accessToken: string, meetingId: string): Promise<MeetingWriteResult>;
  recordAttendance(accessToken: string, meetingId: string, personIds: string[]): Promise<MeetingWriteResult>;
}

export const START_MEETING_API = Symbol('START_MEETING_API');
