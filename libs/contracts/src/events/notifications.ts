import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * Stale contacts: whether notifications can reach a person on a channel changed. Emitted once when a hard bounce
 * marks the email address as not working (a second bounce of the same address emits nothing), and once when a
 * changed address clears the mark. Never for an erased person. Ids only: the address stays with notifications
 * (and enrolment, which already holds it).
 */
export const ContactReachabilityChangedV1 = defineEvent({
  type: 'notifications.contact-reachability-changed.v1',
  description: 'A person’s email address stopped working (hard bounce) or works again (the address was changed).',
  containsPersonalData: true,
  personalData:
    'that a person’s email address does not work (by personId, no address): enrolment shows it to the contact person and the coordinator so that someone asks the household for a working address.',
  payload: z
    .object({
      personId: z.uuid(),
      channel: z.enum(['email']),
      reachable: z.boolean(),
      reason: z.enum(['hard-bounce', 'address-changed']),
      /** When notifications recorded the change; consumers keep the newest (events of one person may be redelivered). */
      changedAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  keyOf: (p) => p.personId,
});
