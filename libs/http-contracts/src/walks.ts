import { z } from 'zod';
import { defineRoute } from './define-route';
import { invalid, isoDate, notFound, problem, unauthorised } from './common';

// The volunteers service's walks (issue 15): the coordinator's walks and the walker's actions through their link.

const service = 'volunteers';

const organisationId = z.string().min(1).max(100);
const meetingPoint = z.string().trim().min(1).max(200);
const instant = z.iso.datetime({ offset: true });
const walkers = z.number().int().min(2).max(50);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

/** A one-off walk. */
export const walkInput = z
  .object({ organisationId, startsAt: instant, endsAt: instant, meetingPoint, minWalkers: walkers.optional(), maxWalkers: walkers })
  .strict();

/** A weekly series, e.g. Fri + Sat 21:00–01:00 (the municipality's time zone), materialised as walks `weeks` weeks ahead. */
export const walkSeriesInput = z
  .object({
    organisationId,
    weekdays: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).min(1).max(7),
    startTime: hhmm,
    endTime: hhmm,
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
    weeks: z.number().int().min(1).max(12).default(4),
    /** Optional last day (YYYY-MM-DD, the municipality's calendar): no walk of the series starts on a later day. */
    until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional(),
    meetingPoint,
    minWalkers: walkers.optional(),
    maxWalkers: walkers,
  })
  .strict();

export const cancelWalkInput = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
export const debriefInput = z.object({ note: z.string().trim().min(1).max(4000) }).strict();
export const qualificationsInput = z
  .object({ basicTraining: z.boolean().optional(), guardianConsent: z.boolean().optional() })
  .strict()
  .refine((q) => q.basicTraining !== undefined || q.guardianConsent !== undefined, 'name basicTraining or guardianConsent');
export const listWalksQuery = z.object({ from: isoDate.regex(/^\d{4}-\d{2}-\d{2}$/).optional(), to: isoDate.regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict();

export const walkViewSchema = z.object({
  walkId: z.uuid(),
  seriesId: z.uuid().nullable(),
  organisationId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  meetingPoint: z.string(),
  minWalkers: z.number().int(),
  maxWalkers: z.number().int(),
  status: z.enum(['scheduled', 'cancelled', 'held']),
  /** The composition rules hold (enough walkers, trained walkers, adults; every walker eligible). */
  staffed: z.boolean(),
  /** The rules that do not hold: too_few_walkers, too_few_trained_walkers, too_few_adults, walker_not_eligible, walk_not_scheduled. */
  problems: z.array(z.string()),
  bookings: z.array(z.object({ volunteerId: z.uuid(), bookedAt: z.string(), basicTraining: z.boolean(), youth: z.boolean() })),
  log: z.array(z.object({ volunteerId: z.uuid(), kind: z.enum(['check-in', 'check-out']), at: z.string() })),
  debrief: z.string().nullable(),
  understaffedAt: z.string().nullable(),
  cancellation: z.object({ cancelledAt: z.string(), reason: z.string() }).nullable(),
});

const staffProblems = { 401: unauthorised, 403: problem('forbidden: not a coordinator of this municipality') };
const m = z.object({ m: z.string() });
const mWalk = z.object({ m: z.string(), walkId: z.uuid() });
const coordinator = { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } } as const;

export const scheduleWalk = defineRoute({
  service,
  operationId: 'scheduleWalk',
  method: 'post',
  path: '/staff/:m/walks',
  summary: 'The coordinator schedules a one-off walk of one of the municipality\'s walker organisations',
  access: coordinator,
  params: m,
  body: walkInput,
  responses: { 201: { description: 'scheduled', schema: walkViewSchema }, 400: invalid, ...staffProblems },
});

export const scheduleWalkSeries = defineRoute({
  service,
  operationId: 'scheduleWalkSeries',
  method: 'post',
  path: '/staff/:m/walk-series',
  summary: 'The coordinator schedules a weekly series (e.g. Fri + Sat 21:00–01:00), materialised as walks some weeks ahead',
  access: coordinator,
  params: m,
  body: walkSeriesInput,
  responses: { 201: { description: 'the series and its walks', schema: z.object({ seriesId: z.uuid(), walks: z.array(walkViewSchema) }) }, 400: invalid, ...staffProblems },
});

export const listWalks = defineRoute({
  service,
  operationId: 'listWalks',
  method: 'get',
  path: '/staff/:m/walks',
  summary: 'The municipality\'s walks of a period (default: from today, 8 weeks) with staffed / understaffed',
  access: coordinator,
  params: m,
  query: listWalksQuery,
  responses: { 200: { description: 'the walks, earliest first', schema: z.object({ walks: z.array(walkViewSchema) }) }, 400: invalid, ...staffProblems },
});

/** One walk for the coordinator's walk page: the walk as the list shows it, and the walkers it names (booked or in its log). */
export const walkDetailSchema = walkViewSchema.extend({
  /** The walkers booked on the walk or in its log, with their name (null once erased) and what the coordinator recorded. */
  walkers: z.array(z.object({ volunteerId: z.uuid(), name: z.string().nullable(), basicTraining: z.boolean(), guardianConsent: z.boolean() })),
});

export const showWalk = defineRoute({
  service,
  operationId: 'showWalk',
  method: 'get',
  path: '/staff/:m/walks/:walkId',
  summary: 'One walk of the municipality with the names of its walkers (the coordinator\'s walk page)',
  access: coordinator,
  params: mWalk,
  responses: { 200: { description: 'the walk', schema: walkDetailSchema }, 400: invalid, ...staffProblems, 404: notFound },
});

export const cancelWalk = defineRoute({
  service,
  operationId: 'cancelWalk',
  method: 'post',
  path: '/staff/:m/walks/:walkId/cancellation',
  summary: 'The coordinator cancels a walk; the booked walkers are told (volunteers.walk-cancelled.v1)',
  access: coordinator,
  params: mWalk,
  body: cancelWalkInput,
  responses: { 200: { description: 'cancelled', schema: walkViewSchema }, 400: invalid, ...staffProblems, 404: notFound, 409: problem('already_cancelled, walk_held') },
});

export const debriefWalk = defineRoute({
  service,
  operationId: 'debriefWalk',
  method: 'post',
  path: '/staff/:m/walks/:walkId/debrief',
  summary: 'The coordinator\'s debrief note after the walk (the walk counts as held)',
  access: coordinator,
  params: mWalk,
  body: debriefInput,
  responses: { 200: { description: 'recorded', schema: walkViewSchema }, 400: invalid, ...staffProblems, 404: notFound, 409: problem('walk_cancelled, walk_not_started') },
});

export const recordWalkerQualifications = defineRoute({
  service,
  operationId: 'recordWalkerQualifications',
  method: 'post',
  path: '/staff/:m/volunteers/:volunteerId/qualifications',
  summary: 'The coordinator records a walker\'s basic training and a guardian\'s consent (youth walkers), for the walks\' rules',
  access: coordinator,
  params: z.object({ m: z.string(), volunteerId: z.uuid() }),
  body: qualificationsInput,
  responses: {
    200: { description: 'as recorded', schema: z.object({ volunteerId: z.uuid(), basicTraining: z.boolean(), guardianConsent: z.boolean() }) },
    400: invalid,
    ...staffProblems,
    404: notFound,
  },
});

const walkerParams = z.object({ token: z.string(), walkId: z.uuid() });
const walkerProblems = {
  400: invalid,
  404: problem('token_invalid (unknown link or the walker is gone) or not_found (no such walk of the walker\'s municipality)'),
  409: problem(
    'the rules refuse: walk_full, walk_cancelled, walk_started, walk_not_open, already_booked, walker_not_active, wrong_organisation, too_young, guardian_consent_missing, places_kept_for_adults, place_kept_for_trained_walker, not_booked, check_in_not_open, already_checked_in, not_checked_in',
  ),
  410: problem('token_expired'),
};

function walkerRoute(operationId: string, action: string, summary: string, status: string) {
  return defineRoute({
    service,
    operationId,
    method: 'post',
    path: `/walker/:token/walks/:walkId/${action}`,
    summary,
    access: { kind: 'link' },
    params: walkerParams,
    responses: { 200: { description: status, schema: z.object({ walkId: z.uuid(), status: z.literal(status) }) }, ...walkerProblems },
  });
}

export const bookWalk = walkerRoute('bookWalk', 'booking', 'The walker books a place on a walk (the composition rules decide; the last place goes to exactly one walker)', 'booked');
export const unbookWalk = walkerRoute('unbookWalk', 'unbooking', 'The walker gives up their place (before the walk starts)', 'unbooked');
export const checkInWalk = walkerRoute('checkInWalk', 'check-in', 'The booked walker checks in on the night', 'checked-in');
export const checkOutWalk = walkerRoute('checkOutWalk', 'check-out', 'The walker checks out after the walk', 'checked-out');

export const walksRoutes = [scheduleWalk, scheduleWalkSeries, listWalks, showWalk, cancelWalk, debriefWalk, recordWalkerQualifications, bookWalk, unbookWalk, checkInWalk, checkOutWalk] as const;
