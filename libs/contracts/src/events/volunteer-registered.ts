import { z } from 'zod';
import { defineEvent } from '../define-event';
import { isoDateTime } from './common';

/**
 * A walker confirmed their sign-up (double opt-in) and is registered with the municipality (the envelope's
 * `municipalityId`) and a walker organisation. For the municipality's own systems and any service that counts
 * walkers per organisation: ids only, never contact details (those go to notifications alone, in
 * `volunteer-contact-details-recorded`). Written in the confirmation's single document write, beside
 * `volunteer-signed-up` (onboarding's start).
 */
export const VolunteerRegisteredV1 = defineEvent({
  type: 'volunteers.volunteer-registered.v1',
  description: 'A walker confirmed their sign-up and is registered with the municipality and a walker organisation; ids only.',
  containsPersonalData: false,
  personalData: 'ids only (volunteer, person, organisation): no name, no contact details, no birth year.',
  payload: z
    .object({
      volunteerId: z.uuid(),
      personId: z.uuid(),
      /** The walker organisation chosen at sign-up; null: none chosen, the municipality's default organisation applies. */
      organisationId: z.string().min(1).max(100).nullable(),
      registeredAt: isoDateTime,
    })
    .strict(),
  keyOf: (p) => p.volunteerId,
});
