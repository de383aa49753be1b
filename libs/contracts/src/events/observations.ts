import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * What a neighbourhood-watch member saw, as a behaviour (never a person's looks): the fixed list the form offers.
 * The web's labels are `observation.activity.<kind>` in its i18n files.
 */
export const OBSERVATION_ACTIVITIES = [
  'trying-doors',
  'looking-into-properties',
  'signs-of-break-in',
  'vandalism',
  'vehicle-circling',
  'disturbance',
  'unsafe-place',
  'other',
] as const;
export const observationActivitySchema = z.enum(OBSERVATION_ACTIVITIES);

/**
 * A member or contact person reported an observation to their police area (police-liaison). Ids, the kind of
 * activity and the times only: the reporter, the place and the free text stay in police-liaison (the officer reads
 * them there), so the mailboxes notifications tells get no personal data.
 */
export const PoliceObservationReceivedV1 = defineEvent({
  type: 'police.observation-received.v1',
  description: 'A neighbourhood-watch group member reported what they saw to their police area (an observation, not a crime report).',
  containsPersonalData: false,
  personalData: 'none: no reporter, no place, no free text (they stay in police-liaison).',
  payload: z
    .object({
      observationId: z.uuid(),
      policeAreaId: z.string().min(1).max(100),
      groupId: z.uuid(),
      activity: observationActivitySchema,
      occurredAt: z.iso.datetime({ offset: true }),
      receivedAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  keyOf: (p) => p.observationId,
});

/** The officer answered an observation: notifications mails the answer to the reporter (known there by personId). */
export const PoliceObservationAnsweredV1 = defineEvent({
  type: 'police.observation-answered.v1',
  description: 'The community police officer answered an observation; the reporter is told by email.',
  containsPersonalData: true,
  personalData: 'the officer\'s answer text (must not contain sensitive data); the reporter by personId only (notifications holds the address).',
  payload: z
    .object({
      observationId: z.uuid(),
      personId: z.uuid(),
      policeAreaId: z.string().min(1).max(100),
      activity: observationActivitySchema,
      occurredAt: z.iso.datetime({ offset: true }),
      answer: z.string().min(1).max(2000),
      answeredAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  keyOf: (p) => p.observationId,
});
