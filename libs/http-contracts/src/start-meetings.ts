import { z } from 'zod';
import { defineRoute } from './define-route';
import { invalid, isoDateTime, notFound, problem, unauthorised } from './common';

/**
 * A group's start meeting (uppstartsmöte) in police-liaison: proposed, changed, cancelled and its attendance recorded
 * by the community police officer of the group's police area or a coordinator of its municipality (the handler scopes
 * by the token: another area's or municipality's group is a 404); answered yes/no by members from their link.
 */
const service = 'police-liaison';

const staffOrPolice = { kind: 'signed-in', roles: ['police-officer', 'coordinator'], scope: 'resource' } as const;
const signedInProblems = { 401: problem('unauthenticated: no valid access token'), 403: problem('forbidden: neither a police officer nor a coordinator') } as const;
const meetingStatus = z.enum(['scheduled', 'changed', 'cancelled', 'held']);
const rsvpAnswer = z.enum(['yes', 'no']);

/** Time (ISO 8601 with offset; not in the past) and place (free text) of a start meeting. */
export const meetingInput = z
  .object({
    startsAt: z.iso.datetime({ offset: true, message: 'must be a date and time (ISO 8601 with offset)' }),
    endsAt: z.iso.datetime({ offset: true, message: 'must be a date and time (ISO 8601 with offset)' }),
    place: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
  })
  .strict();

export const attendanceInput = z.object({ personIds: z.array(z.uuid('must be person ids')).max(500) }).strict();
export const rsvpInput = z.object({ answer: rsvpAnswer }).strict();

export const startMeetingSchema = z.object({
  id: z.string(),
  municipalityId: z.string(),
  groupId: z.string(),
  policeAreaId: z.string(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  place: z.string(),
  status: meetingStatus,
  sequence: z.number().int(),
  proposedBy: z.object({ kind: z.enum(['police', 'staff']) }),
  /** Invited people (ids) and their answers; the names stay with enrolment and notifications. */
  invited: z.number().int(),
  rsvps: z.array(z.object({ personId: z.string(), answer: rsvpAnswer, at: isoDateTime })),
  attendance: z.object({ personIds: z.array(z.string()), recordedAt: isoDateTime, heldOn: z.string() }).nullable(),
});

const meetingAnswer = { description: 'the meeting', schema: z.object({ meeting: startMeetingSchema }) };
const groupParam = z.object({ groupId: z.string() });
const idParam = z.object({ id: z.string() });

export const listStartMeetings = defineRoute({
  service,
  operationId: 'listStartMeetings',
  method: 'get',
  path: '/groups/:groupId/start-meetings',
  summary: 'The start meetings of a group, newest first',
  access: staffOrPolice,
  params: groupParam,
  responses: {
    200: {
      description: 'the meetings, and the group\'s contact persons whose attendance answers their start-meeting step (name from their police-approval case; "Skyddad person" for protected identity without the permission)',
      schema: z.object({ meetings: z.array(startMeetingSchema), contactPersons: z.array(z.object({ personId: z.string(), name: z.string().nullable() })) }),
    },
    ...signedInProblems,
    404: problem('not_found: no such group in your police area or municipality'),
  },
});

export const scheduleStartMeeting = defineRoute({
  service,
  operationId: 'scheduleStartMeeting',
  method: 'post',
  path: '/groups/:groupId/start-meetings',
  summary: 'Propose the start meeting of a group: time and place; the members are invited (police.start-meeting-scheduled.v1)',
  access: staffOrPolice,
  params: groupParam,
  body: meetingInput,
  responses: {
    201: meetingAnswer,
    400: invalid,
    ...signedInProblems,
    404: problem('not_found: no such group in your police area or municipality'),
    409: problem('already_scheduled: the group has an open start meeting; change or cancel it'),
  },
});

export const changeStartMeeting = defineRoute({
  service,
  operationId: 'changeStartMeeting',
  method: 'put',
  path: '/start-meetings/:id',
  summary: 'Another time or place (police.start-meeting-changed.v1, the next calendar SEQUENCE)',
  access: staffOrPolice,
  params: idParam,
  body: meetingInput,
  responses: { 200: meetingAnswer, 400: invalid, ...signedInProblems, 404: notFound, 409: problem('meeting_closed: cancelled or held') },
});

export const cancelStartMeeting = defineRoute({
  service,
  operationId: 'cancelStartMeeting',
  method: 'post',
  path: '/start-meetings/:id/cancel',
  summary: 'Cancel the meeting (police.start-meeting-changed.v1 with status cancelled: METHOD:CANCEL to the members)',
  access: staffOrPolice,
  params: idParam,
  responses: { 200: meetingAnswer, ...signedInProblems, 404: notFound, 409: problem('meeting_closed: cancelled or held') },
});

export const recordStartMeetingAttendance = defineRoute({
  service,
  operationId: 'recordStartMeetingAttendance',
  method: 'post',
  path: '/start-meetings/:id/attendance',
  summary: 'Who came: the meeting is held (police.start-meeting-attended.v1)',
  access: staffOrPolice,
  params: idParam,
  body: attendanceInput,
  responses: { 200: meetingAnswer, 400: invalid, ...signedInProblems, 404: notFound, 409: problem('meeting_closed or not_started') },
});

const rsvpView = z.object({ municipalityId: z.string(), startsAt: isoDateTime, endsAt: isoDateTime, place: z.string(), status: meetingStatus, answer: rsvpAnswer.nullable() });
const rsvpProblems = { 404: problem('token_invalid: unknown link'), 410: problem('token_expired: the meeting has ended or was cancelled') } as const;
const tokenParam = z.object({ token: z.string() });

export const describeStartMeetingRsvp = defineRoute({
  service,
  operationId: 'describeStartMeetingRsvp',
  method: 'get',
  path: '/start-meeting-rsvps/:token',
  summary: 'The meeting behind a member\'s RSVP link and their answer so far',
  access: { kind: 'link' },
  params: tokenParam,
  responses: { 200: { description: 'the meeting and the answer', schema: rsvpView }, ...rsvpProblems },
});

export const answerStartMeetingRsvp = defineRoute({
  service,
  operationId: 'answerStartMeetingRsvp',
  method: 'post',
  path: '/start-meeting-rsvps/:token',
  summary: 'The member answers yes or no (a later answer replaces theirs until the meeting starts)',
  access: { kind: 'link' },
  params: tokenParam,
  body: rsvpInput,
  responses: { 200: { description: 'answered', schema: rsvpView }, 400: invalid, ...rsvpProblems, 409: problem('meeting_closed: the meeting has begun') },
});

export const issueStartMeetingLink = defineRoute({
  service,
  operationId: 'issueStartMeetingLink',
  method: 'post',
  path: '/internal/links',
  summary: 'A fresh RSVP link for notifications to put in a member\'s invitation (the token hashed at rest, valid until the meeting ends)',
  access: { kind: 'internal', callers: ['notifications'], purpose: 'self-service-links' },
  body: z.object({ kind: z.literal('start-meeting-rsvp'), meetingId: z.uuid(), personId: z.uuid() }).strict(),
  responses: { 200: { description: 'the link and when it expires', schema: z.object({ url: z.string(), expiresAt: isoDateTime }) }, 400: invalid, 401: unauthorised, 404: problem('not_found: no open meeting') },
});

export const startMeetingRoutes = [
  listStartMeetings,
  scheduleStartMeeting,
  changeStartMeeting,
  cancelStartMeeting,
  recordStartMeetingAttendance,
  describeStartMeetingRsvp,
  answerStartMeetingRsvp,
  issueStartMeetingLink,
] as const;
