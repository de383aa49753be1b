import { z } from 'zod';
import { defineEvent } from '../define-event';

/** The channels of an area message (as notifications' broadcasts). */
export const AREA_MESSAGE_CHANNELS = ['email', 'sms'] as const;

/**
 * A community police officer asked for an area message (grannsamverkansinformation) to the recipients of chosen
 * areas or groups of one municipality of their police area (police-liaison, `POST /police-areas/:id/area-messages`).
 * Notifications sends it as a broadcast whose id is `messageId`, so a redelivered request creates no second one.
 * The municipality is the envelope's `municipalityId`. No recipient is named: notifications finds them by the filter.
 */
export const PoliceAreaMessageRequestedV1 = defineEvent({
  type: 'police.area-message-requested.v1',
  description: 'A community police officer asked for an area message to chosen areas or groups of a municipality of their police area; notifications sends it as a broadcast.',
  containsPersonalData: true,
  personalData: 'the sending officer (issuer#sub and display name) and the message text the officer wrote; no recipient.',
  payload: z
    .object({
      messageId: z.uuid(),
      policeAreaId: z.string().min(1).max(100),
      sender: z.object({ officerId: z.string().min(1).max(300), name: z.string().min(1).max(200) }).strict(),
      filter: z
        .object({ groupIds: z.array(z.uuid()).max(1000).optional(), areaIds: z.array(z.string().min(1).max(100)).max(1000).optional() })
        .strict()
        .refine((f) => (f.groupIds?.length ?? 0) + (f.areaIds?.length ?? 0) > 0, 'name at least one group or area'),
      subject: z.string().min(1).max(150),
      body: z.string().min(1).max(2000),
      category: z.enum(['urgent', 'information']),
      channels: z.array(z.enum(AREA_MESSAGE_CHANNELS)).min(1).max(2),
      requestedAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  keyOf: (p) => p.messageId,
});
