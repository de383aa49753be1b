import { z } from 'zod';
import { defineEvent } from '../define-event';
import { subjectFieldsSchema } from './common';

/** A walker signed up: onboarding starts the municipality's volunteer process. */
export const VolunteerSignedUpV1 = defineEvent({
  type: 'volunteers.volunteer-signed-up.v1',
  description: 'An adult signed up as trygghetsvandrare / nattvandrare; their onboarding starts.',
  containsPersonalData: true,
  personalData: 'subject fields declared by the volunteer process (e.g. birthYear for the age check).',
  payload: z
    .object({
      volunteerId: z.uuid(),
      personId: z.uuid(),
      organisationId: z.string().min(1).max(100).nullable(),
      subjectFields: subjectFieldsSchema,
    })
    .strict(),
  keyOf: (p) => p.volunteerId,
});
