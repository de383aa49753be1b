/**
 * A group's start meeting (uppstartsmöte): proposed by the community police officer of the group's police area or a
 * coordinator of its municipality, with time and place; changed or cancelled (each a new calendar SEQUENCE);
 * answered yes/no by the members from their link; held once the officer or coordinator records who came.
 * Pure domain: no framework, no database, no clock.
 */

export type MeetingStatus = 'scheduled' | 'changed' | 'cancelled' | 'held';
export type RsvpAnswer = 'yes' | 'no';
export type ProposerKind = 'police' | 'staff';

/** An RSVP link issued for one invited person: only the token's SHA-256 is stored. */
export interface Invitation {
  personId: string;
  tokenHash: string;
  expiresAt: string;
}

export interface StartMeeting {
  id: string;
  municipalityId: string;
  groupId: string;
  policeAreaId: string;
  startsAt: string;
  endsAt: string;
  place: string;
  status: MeetingStatus;
  /** The calendar SEQUENCE of the current version: 0 when scheduled, +1 with each change or the cancellation. */
  sequence: number;
  proposedBy: { kind: ProposerKind; subject: string };
  invitations: Invitation[];
  /** personId → the member's latest answer. */
  rsvps: Record<string, { answer: RsvpAnswer; at: string }>;
  /** `erased`: how many of those who came were erased since (they are no longer in `personIds`). */
  attendance: { personIds: string[]; recordedBy: string; recordedByKind: ProposerKind; recordedAt: string; heldOn: string; erased?: number } | null;
  createdAt: string;
  updatedAt: string;
}

export interface MeetingTimeInput {
  startsAt: string;
  endsAt: string;
  place: string;
}

/** A field of the request that breaks a rule: the HTTP edge answers 400 naming it. */
export class MeetingFieldInvalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'MeetingFieldInvalid';
  }
}

/** The meeting is cancelled or held: it cannot change any more (409). */
export class MeetingClosed extends Error {
  constructor(readonly status: MeetingStatus) {
    super(`the meeting is ${status}`);
    this.name = 'MeetingClosed';
  }
}

/** The meeting has not begun yet: attendance can be recorded from its start on (409). */
export class MeetingNotStarted extends Error {
  constructor() {
    super('the meeting has not started yet');
    this.name = 'MeetingNotStarted';
  }
}

const MAX_LENGTH_MS = 12 * 3_600_000;
const MAX_AHEAD_MS = 366 * 24 * 3_600_000;

/** Time and place as the rules want them: start not in the past, end after the start, at most 12 hours long. */
export function checkTimeAndPlace(input: MeetingTimeInput, now: Date): MeetingTimeInput {
  const start = Date.parse(input.startsAt);
  const end = Date.parse(input.endsAt);
  if (Number.isNaN(start)) throw new MeetingFieldInvalid('startsAt', 'must be a date and time');
  if (Number.isNaN(end)) throw new MeetingFieldInvalid('endsAt', 'must be a date and time');
  if (start <= now.getTime()) throw new MeetingFieldInvalid('startsAt', 'must not be in the past');
  if (start > now.getTime() + MAX_AHEAD_MS) throw new MeetingFieldInvalid('startsAt', 'must be within a year');
  if (end <= start) throw new MeetingFieldInvalid('endsAt', 'must be after the start');
  if (end - start > MAX_LENGTH_MS) throw new MeetingFieldInvalid('endsAt', 'must be at most 12 hours after the start');
  const place = input.place.trim();
  if (place.length === 0) throw new MeetingFieldInvalid('place', 'must not be empty');
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString(), place };
}

export function schedule(
  fields: { id: string; municipalityId: string; groupId: string; policeAreaId: string; proposedBy: { kind: ProposerKind; subject: string } } & MeetingTimeInput,
  now: Date,
): StartMeeting {
  const { startsAt, endsAt, place } = checkTimeAndPlace(fields, now);
  const at = now.toISOString();
  return {
    id: fields.id,
    municipalityId: fields.municipalityId,
    groupId: fields.groupId,
    policeAreaId: fields.policeAreaId,
    startsAt,
    endsAt,
    place,
    status: 'scheduled',
    sequence: 0,
    proposedBy: fields.proposedBy,
    invitations: [],
    rsvps: {},
    attendance: null,
    createdAt: at,
    updatedAt: at,
  };
}

function open(meeting: StartMeeting): void {
  if (meeting.status === 'cancelled' || meeting.status === 'held') throw new MeetingClosed(meeting.status);
}

/** Another time or place: the next SEQUENCE. The members' answers stay (they answered for this meeting). */
export function change(meeting: StartMeeting, input: MeetingTimeInput, now: Date): StartMeeting {
  open(meeting);
  const { startsAt, endsAt, place } = checkTimeAndPlace(input, now);
  return { ...meeting, startsAt, endsAt, place, status: 'changed', sequence: meeting.sequence + 1, updatedAt: now.toISOString() };
}

export function cancel(meeting: StartMeeting, now: Date): StartMeeting {
  open(meeting);
  return { ...meeting, status: 'cancelled', sequence: meeting.sequence + 1, updatedAt: now.toISOString() };
}

/** Notifications asked for a person's RSVP link (at send time): the invitation, valid until the meeting ends. */
export function invite(meeting: StartMeeting, personId: string, tokenHash: string): StartMeeting {
  open(meeting);
  const invitation = { personId, tokenHash, expiresAt: meeting.endsAt };
  return { ...meeting, invitations: [...meeting.invitations, invitation] };
}

/** The invitation a token belongs to, if it still works (an open meeting that has not ended). */
export function invitationOf(meeting: StartMeeting, tokenHash: string): Invitation | undefined {
  return meeting.invitations.find((i) => i.tokenHash === tokenHash);
}

/** A member answers yes or no; a later answer replaces theirs until the meeting starts. */
export function answer(meeting: StartMeeting, personId: string, rsvp: RsvpAnswer, now: Date): StartMeeting {
  open(meeting);
  if (now.getTime() >= Date.parse(meeting.startsAt)) throw new MeetingClosed(meeting.status);
  return { ...meeting, rsvps: { ...meeting.rsvps, [personId]: { answer: rsvp, at: now.toISOString() } }, updatedAt: now.toISOString() };
}

/** The day the meeting is held, in Europe/Stockholm (YYYY-MM-DD). */
export function meetingDay(meeting: Pick<StartMeeting, 'startsAt'>): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(meeting.startsAt));
}

/** Who came: the meeting is held (once; it cannot be recorded before it starts). */
export function recordAttendance(meeting: StartMeeting, personIds: readonly string[], recordedBy: { kind: ProposerKind; subject: string }, now: Date): StartMeeting {
  open(meeting);
  if (now.getTime() < Date.parse(meeting.startsAt)) throw new MeetingNotStarted();
  const unique = [...new Set(personIds)];
  return {
    ...meeting,
    status: 'held',
    attendance: { personIds: unique, recordedBy: recordedBy.subject, recordedByKind: recordedBy.kind, recordedAt: now.toISOString(), heldOn: meetingDay(meeting) },
    updatedAt: now.toISOString(),
  };
}

/**
 * Erasure (enrolment.resident-erased.v1, volunteers.volunteer-erased.v1): the person's invitation (their RSVP link),
 * their answer and their place on the attendance list are removed; the list keeps how many were erased, so the
 * meeting's head count stays true. `changed: false` when the meeting never knew the person (a second erasure).
 */
export function forgetPersonInMeeting(meeting: StartMeeting, personId: string): { meeting: StartMeeting; changed: boolean } {
  const invited = meeting.invitations.some((i) => i.personId === personId);
  const answered = personId in meeting.rsvps;
  const attended = meeting.attendance?.personIds.includes(personId) ?? false;
  if (!invited && !answered && !attended) return { meeting, changed: false };
  const rsvps = { ...meeting.rsvps };
  delete rsvps[personId];
  const attendance = meeting.attendance && attended
    ? { ...meeting.attendance, personIds: meeting.attendance.personIds.filter((p) => p !== personId), erased: (meeting.attendance.erased ?? 0) + 1 }
    : meeting.attendance;
  return { meeting: { ...meeting, invitations: meeting.invitations.filter((i) => i.personId !== personId), rsvps, attendance }, changed: true };
}
