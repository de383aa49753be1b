import { z } from 'zod';
import { defineRoute } from './define-route';
import { invalid, isoDate, isoDateTime, notFound, problem, unauthorised } from './common';
import { findingCategorySchema, findingPlaceSchema, findingStatusSchema, roundStatusSchema } from './safety-rounds';
import { UNSAFE_PLACE_CATEGORIES } from './walker-walks';

/**
 * The walks' monthly report (read by the coordinator and the read-only roles), promoting an after-walk report's
 * unsafe place to a safety round's finding, and a round's follow-up (meeting day, reference groups, the review of
 * its findings) — served by volunteers (issue 15).
 */
const service = 'volunteers';
const coordinator = { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } } as const;
/**
 * The monthly report is read by the coordinator and, read-only, by the municipality's other roles (`municipal-role`:
 * the local BRÅ, ANDTS-samordnare, folkhälsostrateg, SSPF-koordinator) and the police of an area listing the
 * municipality (`police-officer`). None of them can change anything here.
 */
const reportReaders = { kind: 'signed-in', roles: ['coordinator', 'municipal-role', 'police-officer'], scope: { municipalityParam: 'm' } } as const;
const forbidden = problem('forbidden');
const ruleBroken = problem('conflict: `error` names the rule (already_promoted, bad-transition, not-yet-held-date)');

const peopleMet = z.object({ children: z.number().int(), youth: z.number().int(), adults: z.number().int(), elderly: z.number().int(), total: z.number().int() });
const reportedPlace = z.object({
  reportId: z.uuid(),
  index: z.number().int(),
  place: z.string().nullable(),
  point: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  category: z.enum(UNSAFE_PLACE_CATEGORIES),
  findingId: z.uuid().nullable(),
});
const walkRow = z.object({
  walkId: z.uuid(),
  organisationId: z.string(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  localDate: isoDate,
  localStartTime: z.string(),
  localEndTime: z.string(),
  meetingPoint: z.string(),
  status: z.enum(['scheduled', 'cancelled', 'held']),
  held: z.boolean(),
  walkers: z.number().int(),
  volunteerMinutes: z.number().int(),
  reports: z.number().int(),
  peopleMet,
  incidents: z.number().int(),
  places: z.array(reportedPlace),
});
export const monthReportSchema = z.object({
  month: z.string(),
  totals: z.object({
    walks: z.number().int(),
    held: z.number().int(),
    cancelled: z.number().int(),
    volunteerMinutes: z.number().int(),
    reports: z.number().int(),
    peopleMet,
    incidents: z.number().int(),
    places: z.number().int(),
  }),
  walks: z.array(walkRow),
});

export const showMonthReport = defineRoute({
  service,
  operationId: 'showWalkMonthReport',
  method: 'get',
  path: '/staff/:m/walk-reports/:month',
  summary: 'The month\'s walks: held, volunteer hours, people met by age group, places reported (place and category) — per walk and for the month',
  description: 'Counts and places only: no walker, none of the reports\' free texts. For the coordinator and the read-only roles (municipal-role, police-officer of an area listing the municipality).',
  access: reportReaders,
  params: z.object({ m: z.string(), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM') }),
  responses: { 200: { description: 'the report', schema: monthReportSchema }, 400: invalid, 401: unauthorised, 403: forbidden },
});

export const promotionInput = z
  .object({
    roundId: z.uuid(),
    responsibleOrganisation: z.string().trim().min(1, 'required').max(200, 'at most 200 characters'),
    /** Required when the place was reported as `other` (findings have no such category); else the place's own. */
    category: findingCategorySchema.optional(),
    /** Default: the place's text from the report. */
    description: z.string().trim().min(1, 'required').max(2000, 'at most 2000 characters').optional(),
  })
  .strict();

export const promoteUnsafePlace = defineRoute({
  service,
  operationId: 'promoteUnsafePlace',
  method: 'post',
  path: '/staff/:m/walks/:walkId/reports/:reportId/places/:index/promotion',
  summary: 'Promotes an after-walk report\'s unsafe place to a finding of a safety round of the municipality (once per place)',
  description: 'Place, category and text are carried over; the finding notes the walk report it came from and `volunteers.finding-recorded.v1` is written. A second promotion of the same place → 409 `already_promoted` (with the finding\'s id).',
  access: coordinator,
  params: z.object({ m: z.string(), walkId: z.uuid(), reportId: z.uuid(), index: z.string().regex(/^\d{1,2}$/, 'must be the place\'s position') }),
  body: promotionInput,
  responses: {
    201: { description: 'promoted: the finding (open)', schema: z.object({ findingId: z.uuid(), roundId: z.uuid() }) },
    400: invalid,
    401: unauthorised,
    403: forbidden,
    404: problem('not_found: no such walk, report, place or round of the municipality'),
    409: ruleBroken,
  },
});

export const setFollowUpMeeting = defineRoute({
  service,
  operationId: 'setRoundFollowUpMeeting',
  method: 'post',
  path: '/staff/:m/rounds/:roundId/follow-up-meeting',
  summary: 'Sets the day of the round\'s follow-up meeting (on or after the round; not once followed up)',
  access: coordinator,
  params: z.object({ m: z.string(), roundId: z.uuid() }),
  body: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD') }).strict(),
  responses: { 200: { description: 'set', schema: z.object({ roundId: z.uuid(), followUpMeetingDate: isoDate }) }, 400: invalid, 401: unauthorised, 403: forbidden, 404: notFound, 409: ruleBroken },
});

export const referenceGroupsInput = z
  .object({ groups: z.array(z.object({ name: z.string().trim().min(1, 'required').max(200, 'at most 200 characters'), groupId: z.string().max(100).nullable().default(null) }).strict()).max(30, 'at most 30 groups') })
  .strict();

export const setReferenceGroups = defineRoute({
  service,
  operationId: 'setRoundReferenceGroups',
  method: 'put',
  path: '/staff/:m/rounds/:roundId/reference-groups',
  summary: 'Records the neighbourhood-watch groups that took part as the round\'s reference group (group names and ids, never people); shown on the protocol',
  access: coordinator,
  params: z.object({ m: z.string(), roundId: z.uuid() }),
  body: referenceGroupsInput,
  responses: {
    200: { description: 'recorded', schema: z.object({ roundId: z.uuid(), referenceGroups: z.array(z.object({ name: z.string(), groupId: z.string().nullable() })) }) },
    400: invalid,
    401: unauthorised,
    403: forbidden,
    404: notFound,
  },
});

const reviewRow = z.object({
  findingId: z.uuid(),
  place: findingPlaceSchema,
  category: findingCategorySchema,
  description: z.string(),
  responsibleOrganisation: z.string(),
  status: findingStatusSchema,
  ownerEmail: z.string().nullable(),
  deadline: isoDate,
  recordedAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
  daysOpen: z.number().int(),
  overdue: z.boolean(),
  pastAim: z.boolean(),
  origin: z.object({ kind: z.literal('walk-report'), walkId: z.uuid(), reportId: z.uuid(), placeIndex: z.number().int() }).nullable(),
});

export const showFollowUp = defineRoute({
  service,
  operationId: 'showRoundFollowUp',
  method: 'get',
  path: '/staff/:m/rounds/:roundId/follow-up',
  summary: 'The follow-up meeting\'s review of a round: its findings with status, owner, deadline, days open, overdue against the deadline and the six-month aim',
  access: coordinator,
  params: z.object({ m: z.string(), roundId: z.uuid() }),
  responses: {
    200: {
      description: 'the review',
      schema: z.object({
        roundId: z.uuid(),
        district: z.string(),
        plannedDate: isoDate,
        status: roundStatusSchema,
        followUpMeetingDate: isoDate.nullable(),
        suggestedFollowUpDate: isoDate,
        referenceGroups: z.array(z.object({ name: z.string(), groupId: z.string().nullable() })),
        groups: z.array(z.string()),
        today: isoDate,
        aim: isoDate,
        counts: z.object({ findings: z.number().int(), open: z.number().int(), assigned: z.number().int(), fixed: z.number().int(), wontFix: z.number().int(), overdue: z.number().int(), pastAim: z.number().int() }),
        findings: z.array(reviewRow),
      }),
    },
    400: invalid,
    401: unauthorised,
    403: forbidden,
    404: notFound,
  },
});

export const walkReportRoutes = [showMonthReport, promoteUnsafePlace, setFollowUpMeeting, setReferenceGroups, showFollowUp] as const;
