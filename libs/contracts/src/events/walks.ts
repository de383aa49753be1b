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

/** A coordinator cancelled a walk: notifications tells the walkers booked on it. */
export const WalkCancelledV1 = defineEvent({
  type: 'volunteers.walk-cancelled.v1',
  description: 'A walk was cancelled; the walkers booked on it are to be told.',
  containsPersonalData: true,
  personalData:
    'the booked walkers\' person ids (notifications finds their contact details by them and tells them) and the coordinator\'s free-text reason; nothing else.',
  payload: z
    .object({
      ...walkShape,
      reason: z.string().min(1).max(500),
      /** The walkers booked when it was cancelled: their person ids (notifications' key for the walker). */
      bookedPersonIds: z.array(z.uuid()),
    })
    .strict(),
  keyOf: (p) => p.walkId,
});
