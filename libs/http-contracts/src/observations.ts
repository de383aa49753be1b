import { z } from 'zod';
import { observationActivitySchema } from '@trygg/contracts';
import { defineRoute } from './define-route';
import { invalid, isoDateTime, problem, unauthorised } from './common';

const service = 'police-liaison';

/** The purpose of the web's secret for `POST /internal/observations` (`INTERNAL_SECRET_WEB_OBSERVATIONS`). */
export const OBSERVATIONS_PURPOSE = 'observations';

/** Free text of an observation and of the officer's answer: at most this many characters (400 beyond). */
export const OBSERVATION_TEXT_MAX = 2000;

/** Sweden's bounding box (WGS 84): a map point outside it is refused. */
export const SWEDEN_BOUNDS = { minLat: 55.0, maxLat: 69.1, minLng: 10.9, maxLng: 24.2 } as const;

/**
 * What the web sends on behalf of a resident acting through their self-service link: the person, group and area
 * come from enrolment's answer for the link (never from the browser); the rest is what they typed. Where: an
 * `address` text or a map point (`lat` and `lng`), not both. No photo or file fields (refused: not collected).
 */
export const observationInput = z
  .object({
    municipalityId: z.string().min(1).max(100),
    personId: z.uuid('must be a person id'),
    groupId: z.uuid('must be a group id'),
    areaId: z.string().min(1).max(100),
    occurredAt: z.iso.datetime({ offset: true, message: 'must be a date and time (ISO 8601)' }),
    address: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
    lat: z.number().min(SWEDEN_BOUNDS.minLat, 'must be within Sweden').max(SWEDEN_BOUNDS.maxLat, 'must be within Sweden').optional(),
    lng: z.number().min(SWEDEN_BOUNDS.minLng, 'must be within Sweden').max(SWEDEN_BOUNDS.maxLng, 'must be within Sweden').optional(),
    activity: observationActivitySchema,
    description: z.string().trim().min(1, 'must not be empty').max(OBSERVATION_TEXT_MAX, `must be at most ${OBSERVATION_TEXT_MAX} characters`),
  })
  .strict();

export const observationAnswerInput = z
  .object({ answer: z.string().trim().min(1, 'must not be empty').max(OBSERVATION_TEXT_MAX, `must be at most ${OBSERVATION_TEXT_MAX} characters`) })
  .strict();

const placeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('address'), address: z.string() }),
  z.object({ kind: z.literal('point'), lat: z.number(), lng: z.number() }),
]);

/** An observation as the officer sees it: no contact details of the reporter (police-liaison holds none). */
export const observationSchema = z.object({
  id: z.string(),
  municipalityId: z.string(),
  policeAreaId: z.string(),
  groupId: z.string(),
  areaId: z.string(),
  occurredAt: isoDateTime,
  receivedAt: isoDateTime,
  place: placeSchema,
  activity: observationActivitySchema,
  description: z.string(),
  status: z.enum(['open', 'read', 'answered']),
  readAt: isoDateTime.nullable(),
  answer: z.object({ text: z.string(), answeredAt: isoDateTime }).nullable(),
});

const officerProblems = { 401: problem('unauthenticated: no valid access token'), 403: problem('forbidden: not a police officer, or another police area') } as const;
const observationId = z.object({ id: z.string() });

export const reportObservation = defineRoute({
  service,
  operationId: 'reportObservation',
  method: 'post',
  path: '/internal/observations',
  summary: 'A resident reports an observation through their self-service link (the web calls on their behalf)',
  access: { kind: 'internal', callers: ['web'], purpose: OBSERVATIONS_PURPOSE },
  body: observationInput,
  responses: {
    201: { description: 'received', schema: z.object({ observationId: z.string(), policeAreaId: z.string() }) },
    400: invalid,
    401: unauthorised,
    429: problem('rate_limited: too many observations from this person; try again later'),
  },
});

export const areaObservations = defineRoute({
  service,
  operationId: 'areaObservations',
  method: 'get',
  path: '/police-areas/:id/observations',
  summary: 'Observations of the officer\'s own police area, newest first',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: { policeAreaParam: 'id' } },
  params: z.object({ id: z.string() }),
  responses: { 200: { description: 'the observations', schema: z.object({ observations: z.array(observationSchema) }) }, ...officerProblems },
});

export const getObservation = defineRoute({
  service,
  operationId: 'getObservation',
  method: 'get',
  path: '/observations/:id',
  summary: 'One observation of the officer\'s police area',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: 'resource' },
  params: observationId,
  responses: { 200: { description: 'the observation', schema: observationSchema }, ...officerProblems, 404: problem('not_found: no such observation in the officer\'s police area') },
});

export const markObservationRead = defineRoute({
  service,
  operationId: 'markObservationRead',
  method: 'post',
  path: '/observations/:id/read',
  summary: 'The officer marks an observation read (an answered one stays answered)',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: 'resource' },
  params: observationId,
  responses: { 200: { description: 'marked', schema: observationSchema }, ...officerProblems, 404: problem('not_found: no such observation in the officer\'s police area') },
});

export const answerObservation = defineRoute({
  service,
  operationId: 'answerObservation',
  method: 'post',
  path: '/observations/:id/answer',
  summary: 'The officer answers the reporter (by email through notifications); once',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: 'resource' },
  params: observationId,
  body: observationAnswerInput,
  responses: {
    200: { description: 'answered', schema: observationSchema },
    400: invalid,
    ...officerProblems,
    404: problem('not_found: no such observation in the officer\'s police area'),
    409: problem('already_answered'),
  },
});

export const observationRoutes = [reportObservation, areaObservations, getObservation, markObservationRead, answerObservation] as const;
