import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * A group's start meeting (uppstartsmöte), held by the community police officer and the municipality (services/
 * police-liaison). Notifications invites the group's members (it knows who they are from enrolment's events): email
 * with an `.ics` attachment, SMS to those who opted in. The proposer appears only by kind (police or staff), never
 * by name. `sequence` is the calendar SEQUENCE of this version: 0 when scheduled, +1 with every change.
 */
const meeting = {
  meetingId: z.uuid(),
  groupId: z.uuid(),
  policeAreaId: z.string().min(1).max(100),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  /** Free text written by the officer or coordinator (an address or a room). */
  place: z.string().min(1).max(300),
  sequence: z.number().int().nonnegative(),
  proposedBy: z.enum(['police', 'staff']),
};

export const PoliceStartMeetingScheduledV1 = defineEvent({
  type: 'police.start-meeting-scheduled.v1',
  description: 'A start meeting (uppstartsmöte) was proposed for a neighbourhood-watch group: time and place; the members are invited.',
  containsPersonalData: false,
  personalData: 'none beyond ids: the place is a public meeting place written by staff.',
  payload: z.object(meeting).strict(),
  keyOf: (p) => p.meetingId,
});

export const PoliceStartMeetingChangedV1 = defineEvent({
  type: 'police.start-meeting-changed.v1',
  description: 'A scheduled start meeting got another time or place (status changed) or was cancelled (status cancelled); the members get a calendar update.',
  containsPersonalData: false,
  personalData: 'none beyond ids.',
  payload: z.object({ ...meeting, status: z.enum(['changed', 'cancelled']) }).strict(),
  keyOf: (p) => p.meetingId,
});

export const PoliceStartMeetingAttendedV1 = defineEvent({
  type: 'police.start-meeting-attended.v1',
  description: 'The officer or coordinator recorded who came to a group’s start meeting: the meeting is held.',
  containsPersonalData: false,
  personalData: 'none beyond ids: the attendees by personId.',
  payload: z
    .object({
      meetingId: z.uuid(),
      groupId: z.uuid(),
      policeAreaId: z.string().min(1).max(100),
      heldOn: z.iso.date(),
      attendeePersonIds: z.array(z.uuid()).max(500),
      recordedBy: z.enum(['police', 'staff']),
    })
    .strict(),
  keyOf: (p) => p.meetingId,
});
