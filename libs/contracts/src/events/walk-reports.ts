import { z } from 'zod';
import { defineEvent } from '../define-event';
import { isoDateTime } from './common';

/**
 * A walker filed their after-walk report (issue 15). For the coordinator's monthly reports and for safety rounds (an
 * unsafe place may become a finding): counts, categories and places only — no walker is named, and none of the
 * walker's free text (incidents, descriptions, things to follow up) leaves the volunteers service.
 */
export const WalkReportedV1 = defineEvent({
  type: 'volunteers.walk-reported.v1',
  description: 'A walker filed the after-walk report of a walk: people met by age group, number of incidents, unsafe places by category.',
  containsPersonalData: false,
  personalData: 'none: counts by rough age group, an incident count, places (text or map point) with a category; no walker, no free text about people.',
  payload: z
    .object({
      walkId: z.uuid(),
      organisationId: z.string().min(1).max(100),
      startsAt: isoDateTime,
      endsAt: isoDateTime,
      meetingPoint: z.string().min(1).max(200),
      /** The walk's date on the municipality's clock, YYYY-MM-DD (the monthly report's key). */
      localDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      reportId: z.uuid(),
      reportedAt: isoDateTime,
      peopleMet: z.object({ children: z.number().int().min(0), youth: z.number().int().min(0), adults: z.number().int().min(0), elderly: z.number().int().min(0) }).strict(),
      incidents: z.number().int().min(0),
      unsafePlaces: z.array(
        z
          .object({
            place: z.string().min(1).max(200).nullable(),
            point: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict().nullable(),
            category: z.enum(['lighting', 'vegetation', 'vandalism', 'traffic', 'meeting-places', 'other']),
          })
          .strict(),
      ),
      /** The walker wrote something to follow up (the text itself stays in the volunteers service). */
      followUpRequested: z.boolean(),
    })
    .strict(),
  keyOf: (p) => p.walkId,
});
