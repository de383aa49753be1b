import { z } from 'zod';
import { defineRoute } from './define-route';
import { invalid, problem } from './common';

// The walker's own view of their walks and the after-walk report, through their link (volunteers, issue 15); the
// web's `/<m>/trygghetsvandring/pass/<token>` reads and posts these.

const service = 'volunteers';

const count = z.number().int().min(0).max(10_000);
const freeText = z.string().trim().min(1).max(2000);

export const UNSAFE_PLACE_CATEGORIES = ['lighting', 'vegetation', 'vandalism', 'traffic', 'meeting-places', 'other'] as const;

/** One place that felt unsafe: a place written out or a map point (one of them), a category, a free text. */
export const unsafePlaceInput = z
  .object({
    place: z.string().trim().min(1).max(200).optional(),
    point: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict().optional(),
    category: z.enum(UNSAFE_PLACE_CATEGORIES),
    description: freeText.optional(),
  })
  .strict()
  .refine((p) => p.place !== undefined || p.point !== undefined, { message: 'name the place or give a map point', path: ['place'] });

/** The after-walk report: people met by rough age group (never names), incidents, unsafe places, things to follow up. */
export const walkReportInput = z
  .object({
    peopleMet: z.object({ children: count, youth: count, adults: count, elderly: count }).strict(),
    incidents: z.object({ count: z.number().int().min(0).max(1000), description: freeText.optional() }).strict(),
    unsafePlaces: z.array(unsafePlaceInput).max(20).default([]),
    followUp: freeText.optional(),
  })
  .strict();

export const walkerWalkSchema = z.object({
  walkId: z.uuid(),
  organisationId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  meetingPoint: z.string(),
  status: z.enum(['scheduled', 'cancelled', 'held']),
  /** The walk's rules hold (enough walkers, trained walkers, adults). */
  staffed: z.boolean(),
  placesLeft: z.number().int().min(0),
  booked: z.boolean(),
  /** The walker's latest check-in/out on this walk: none, checked-in, checked-out. */
  presence: z.enum(['none', 'checked-in', 'checked-out']),
  /** What the walker may do now (the page shows these buttons). */
  canBook: z.boolean(),
  canUnbook: z.boolean(),
  canCheckIn: z.boolean(),
  canCheckOut: z.boolean(),
  canReport: z.boolean(),
  reported: z.boolean(),
});

const walkerProblems = {
  404: problem('token_invalid (unknown link or the walker is gone) or not_found (no such walk of the walker\'s municipality)'),
  410: problem('token_expired'),
};

export const listWalkerWalks = defineRoute({
  service,
  operationId: 'listWalkerWalks',
  method: 'get',
  path: '/walker/:token/walks',
  summary: 'The walker\'s walks through their link: the upcoming walks of their organisation and the recent walks they booked, earliest first',
  access: { kind: 'link' },
  params: z.object({ token: z.string() }),
  responses: {
    200: { description: 'the walker\'s walks', schema: z.object({ municipalityId: z.string(), language: z.enum(['sv', 'en']), walks: z.array(walkerWalkSchema) }) },
    ...walkerProblems,
  },
});

export const reportWalk = defineRoute({
  service,
  operationId: 'reportWalk',
  method: 'post',
  path: '/walker/:token/walks/:walkId/report',
  summary: 'The walker files their after-walk report (one per walker and walk; only a walk they were booked on and checked in to)',
  access: { kind: 'link' },
  params: z.object({ token: z.string(), walkId: z.uuid() }),
  body: walkReportInput,
  responses: {
    201: { description: 'filed', schema: z.object({ walkId: z.uuid(), reportId: z.uuid(), status: z.literal('reported') }) },
    400: invalid,
    ...walkerProblems,
    409: problem('not_booked (not the walker\'s walk), not_checked_in, walk_cancelled, walk_not_started, already_reported, report_closed (30 days after the walk)'),
  },
});

export const walkerWalksRoutes = [listWalkerWalks, reportWalk] as const;
