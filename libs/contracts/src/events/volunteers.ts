import { z } from 'zod';
import { defineEvent } from '../define-event';
import { emailSchema, languageSchema, mobileSchema, personNameSchema, subjectFieldsSchema } from './common';

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
      /** The person has protected identity (skyddad identitet): every view shows them as "Skyddad person" unless the viewer holds the `protected-identity` permission. Absent in older events: false. */
      protectedIdentity: z.boolean().default(false),
    })
    .strict(),
  keyOf: (p) => p.volunteerId,
});

/**
 * A walker's contact details and choices as volunteers holds them. Written in the same document write as the
 * sign-up (beside `volunteer-signed-up`, which carries no contact details on purpose).
 */
export const VolunteerContactDetailsRecordedV1 = defineEvent({
  type: 'volunteers.volunteer-contact-details-recorded.v1',
  description: 'The contact details, language and SMS choice of a walker were recorded (at sign-up).',
  containsPersonalData: true,
  personalData:
    'name, email, mobile, smsOptIn, language: notifications stores them as the recipient and tells the walker about their sign-up and onboarding. No other service needs them.',
  payload: z
    .object({
      volunteerId: z.uuid(),
      personId: z.uuid(),
      /** Why they were recorded: `sign-up` sends the walker a receipt; later corrections would not. */
      occasion: z.enum(['sign-up']),
      name: personNameSchema,
      email: emailSchema,
      mobile: mobileSchema.nullable(),
      /** Only true with a mobile. */
      smsOptIn: z.boolean(),
      language: languageSchema,
      /** The person has protected identity (skyddad identitet): every view shows them as "Skyddad person" unless the viewer holds the `protected-identity` permission. Absent in older events: false. */
      protectedIdentity: z.boolean().default(false),
    })
    .strict(),
  keyOf: (p) => p.volunteerId,
});

/** Staff erased a walker on their request: every service forgets what it holds about the person. */
export const VolunteerErasedV1 = defineEvent({
  type: 'volunteers.volunteer-erased.v1',
  description: 'A walker’s personal data was erased by volunteers; every service that holds data under the person id forgets it.',
  containsPersonalData: false,
  personalData: 'ids only: each service erases what it holds under the person id.',
  payload: z.object({ volunteerId: z.uuid(), personId: z.uuid(), erasedAt: z.iso.datetime({ offset: true }) }).strict(),
  keyOf: (p) => p.volunteerId,
});
