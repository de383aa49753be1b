import { z } from 'zod';
import { defineRoute } from './define-route';
import { invalid, isoDateTime, problem } from './common';

const service = 'police-liaison';

export const AREA_MESSAGE_SUBJECT_MAX = 150;
export const AREA_MESSAGE_BODY_MAX = 2000;
const channel = z.enum(['email', 'sms']);

/**
 * The officer's area message: one municipality of their police area, a title (`subject`) and a text (`body`) within
 * notifications' limits, urgent or not (category urgent vs information), the channels, and at least one area or
 * group of that municipality in the officer's police area.
 */
export const areaMessageInput = z
  .object({
    municipalityId: z.string({ error: 'is required' }).regex(/^[a-z0-9-]{1,60}$/, 'must be a municipality id'),
    subject: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(AREA_MESSAGE_SUBJECT_MAX, `must be at most ${AREA_MESSAGE_SUBJECT_MAX} characters`),
    body: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(AREA_MESSAGE_BODY_MAX, `must be at most ${AREA_MESSAGE_BODY_MAX} characters`),
    urgent: z.boolean().default(false),
    channels: z.array(channel).min(1, 'choose email, SMS or both').max(2),
    areaIds: z.array(z.string().min(1).max(100)).max(1000).optional(),
    groupIds: z.array(z.uuid('must be a group id')).max(1000).optional(),
    /** As notifications' broadcasts: every member who opted in, or the groups' active contact persons only. */
    audience: z.enum(['members', 'contact-persons']).default('members'),
    /** `relay`: to the members where they can be reached and through the groups' contact persons (print version). */
    delivery: z.enum(['direct', 'relay']).default('direct'),
  })
  .strict();

export const areaMessageSchema = z.object({
  id: z.string(),
  municipalityId: z.string(),
  policeAreaId: z.string(),
  subject: z.string(),
  body: z.string(),
  category: z.enum(['urgent', 'information']),
  channels: z.array(channel),
  areaIds: z.array(z.string()),
  groupIds: z.array(z.string()),
  audience: z.enum(['members', 'contact-persons']),
  delivery: z.enum(['direct', 'relay']),
  /** The officer who asked for it (display name). */
  requestedBy: z.string(),
  requestedAt: isoDateTime,
});

const officerProblems = { 401: problem('unauthenticated: no valid access token'), 403: problem('forbidden: not a police officer, or another police area') } as const;
const area = z.object({ id: z.string() });

export const requestAreaMessage = defineRoute({
  service,
  operationId: 'requestAreaMessage',
  method: 'post',
  path: '/police-areas/:id/area-messages',
  summary: 'The officer asks for an area message to areas or groups of a municipality of their police area (notifications sends it)',
  description: 'Answers at once with the message id; notifications sends it as the broadcast with that id (see its broadcastTotals).',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: { policeAreaParam: 'id' } },
  params: area,
  body: areaMessageInput,
  responses: {
    202: { description: 'accepted: police.area-message-requested.v1 is on its way', schema: z.object({ messageId: z.string() }) },
    400: invalid,
    ...officerProblems,
    404: problem('not_found: the municipality is not in the officer\'s police area'),
  },
});

export const areaMessages = defineRoute({
  service,
  operationId: 'areaMessages',
  method: 'get',
  path: '/police-areas/:id/area-messages',
  summary: 'The area messages of the officer\'s police area, newest first',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: { policeAreaParam: 'id' } },
  params: area,
  responses: { 200: { description: 'the messages', schema: z.object({ messages: z.array(areaMessageSchema) }) }, ...officerProblems },
});

export const areaMessageTargets = defineRoute({
  service,
  operationId: 'areaMessageTargets',
  method: 'get',
  path: '/police-areas/:id/area-message-targets',
  summary: 'Where the officer may send area messages: each municipality of their police area with its areas in that police area, and the groups of each area (ids)',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: { policeAreaParam: 'id' } },
  params: area,
  responses: {
    200: {
      description: 'the municipalities and areas',
      schema: z.object({ municipalities: z.array(z.object({ id: z.string(), name: z.string(), areas: z.array(z.object({ id: z.string(), name: z.string(), groupIds: z.array(z.string()).default([]) })) })) }),
    },
    ...officerProblems,
  },
});

export const areaMessageRoutes = [requestAreaMessage, areaMessages, areaMessageTargets] as const;
