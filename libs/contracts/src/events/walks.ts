import { z } from 'zod';
import { defineEvent } from '../define-event';
import { isoDateTime } from './common';

/** What every walk event says about the walk itself (no personal data). */
const walkShape = {
  walkId: z.uuid(),
  /** The recurring series the walk was materialised from; null for a one-off walk. */
  seriesId: z.uuid().nullable(),
  organisationId: z.string().min(1).max(100),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  meetingPoint: z.string().min(1).max(200),
  /** The same start and end as the municipality's clock shows them (for messages): YYYY-MM-DD, HH:MM, HH:MM. */
  localDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  localStartTime: z.string().regex(/^\d{2}:\d{2}$/),
  localEndTime: z.string().regex(/^\d{2}:\d{2}$/),
};

/** A coordinator scheduled a walk (one-off, or one walk of a recurring series as it is materialised). */
export const WalkScheduledV1 = defineEvent({
  type: 'volunteers.walk-scheduled.v1',
  description: 'A walk (trygghetsvandring / nattvandring) was scheduled: when, where, which organisation, how many walkers it needs.',
  containsPersonalData: false,
  personalData: 'none: the walk only (time, meeting point, organisation, limits).',
  payload: z.object({ ...walkShape, minWalkers: z.number().int().min(2), maxWalkers: z.number().int().min(2) }).strict(),
  keyOf: (p) => p.walkId,
});

/**
 * A walk was still not staffed by its rules 48 hours before it starts (told once per walk): notifications tells the
 * municipality's coordinator mailbox.
 */
export const WalkUnderstaffedV1 = defineEvent({
  type: 'volunteers.walk-understaffed.v1',
  description: 'A walk is still understaffed (by its composition rules) 48 hours before it starts; told once per walk.',
  containsPersonalData: false,
  personalData: 'none: counts and rule codes, no walker is named.',
  payload: z
    .object({
      ...walkShape,
      bookedWalkers: z.number().int().min(0),
      requiredWalkers: z.number().int().min(2),
      /** The rules that do not hold (`too_few_walkers`, `too_few_trained_walkers`, `too_few_adults`, `walker_not_eligible`). */
      problems: z.array(z.string().min(1).max(50)).min(1),
    })
    .strict(),
  keyOf: (p) => p.walkId,
});

/**
 * A walk was cancelled — by a coordinator, or by volunteers itself when it still could not be staffed at the
 * municipality's lead time (`walks.cancelUnstaffedHoursBefore` of volunteers.yaml; `cause: unstaffed`, reason
 * `unstaffed`): notifications tells the walkers booked on it.
 */
export const WalkCancelledV1 = defineEvent({
  type: 'volunteers.walk-cancelled.v1',
  description: 'A walk was cancelled (by a coordinator, or automatically because it could not be staffed); the walkers booked on it are to be told.',
  containsPersonalData: true,
  personalData:
    'the booked walkers\' person ids (notifications finds their contact details by them and tells them) and the coordinator\'s free-text reason; nothing else.',
  payload: z
    .object({
      ...walkShape,
      reason: z.string().min(1).max(500),
      /** Who cancelled: `coordinator` (the reason is theirs), or `unstaffed` (volunteers itself; reason `unstaffed`). Absent on older events: a coordinator. */
      cause: z.enum(['coordinator', 'unstaffed']).default('coordinator'),
      /** The walkers booked when it was cancelled: their person ids (notifications' key for the walker). */
      bookedPersonIds: z.array(z.uuid()),
    })
    .strict(),
  keyOf: (p) => p.walkId,
});

/** What the per-walker walk events carry about the walker: ids only (notifications finds the contact details). */
const walkerShape = {
  /** The walker (volunteers' id: notifications asks volunteers for the walker's walk-page link with it). */
  volunteerId: z.uuid(),
  /** The walker's person id: notifications' key for the walker's contact details. */
  personId: z.uuid(),
};

/**
 * The day before a walk (from 09:00 on the municipality's clock) each booked walker is reminded: one event per walker
 * and walk, written once (the walk document records whom it reminded, in the same conditional write).
 */
export const WalkReminderDueV1 = defineEvent({
  type: 'volunteers.walk-reminder-due.v1',
  description: 'A booked walker is to be reminded of tomorrow\'s walk (time, meeting point, their walk page); once per walker and walk.',
  containsPersonalData: false,
  personalData: 'ids only (volunteer, person) beside the walk: notifications finds the walker\'s contact details by the person id.',
  payload: z.object({ ...walkShape, ...walkerShape }).strict(),
  keyOf: (p) => p.walkId,
});

/**
 * A walk still understaffed within 48 hours of its start: an active walker of its organisation whose usual availability
 * fits the walk's day and time and who is not booked is invited to book it. One event per walker and walk, written
 * once (the walk document records whom it invited, in the same conditional write).
 */
export const WalkInvitationDueV1 = defineEvent({
  type: 'volunteers.walk-invitation-due.v1',
  description: 'An available walker is invited to book an understaffed walk (within 48 hours of its start); once per walker and walk.',
  containsPersonalData: false,
  personalData: 'ids only (volunteer, person) beside the walk: notifications finds the walker\'s contact details by the person id.',
  payload: z
    .object({
      ...walkShape,
      ...walkerShape,
      /** Places left when the invitation was written (maxWalkers − booked). */
      placesLeft: z.number().int().min(0),
    })
    .strict(),
  keyOf: (p) => p.walkId,
});
