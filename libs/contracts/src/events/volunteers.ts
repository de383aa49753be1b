import { z } from 'zod';
import { defineEvent } from '../define-event';
import { emailSchema, languageSchema, mobileSchema, personNameSchema, subjectFieldsSchema } from './common';

/**
 * Someone signed up as a walker and has not yet confirmed the email address: notifications sends the one
 * confirmation email (its link is asked of volunteers at send time, `POST /internal/links`). Written again (at most
 * once per few minutes) when the same address signs up again before confirming. No mobile: nothing is ever sent to
 * an address or number that was not confirmed.
 */
export const VolunteerSignUpReceivedV1 = defineEvent({
  type: 'volunteers.volunteer-sign-up-received.v1',
  description: 'A walker sign-up was received; the email address is to be confirmed by a link before anything else happens.',
  containsPersonalData: true,
  personalData: 'name, email, language: notifications stores them as the recipient and sends the confirmation email. No other service needs them.',
  payload: z
    .object({
      volunteerId: z.uuid(),
      personId: z.uuid(),
      name: personNameSchema,
      email: emailSchema,
      language: languageSchema,
      /** The person has protected identity (skyddad identitet): every view shows them as "Skyddad person" unless the viewer holds the `protected-identity` permission. The walker sign-up has no such choice yet: false. */
      protectedIdentity: z.boolean().default(false),
    })
    .strict(),
  keyOf: (p) => p.volunteerId,
});

/** A walker confirmed their email address (signed up): onboarding starts the municipality's volunteer process. */
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
 * confirmation of the sign-up (beside `volunteer-signed-up`, which carries no contact details on purpose).
 */
export const VolunteerContactDetailsRecordedV1 = defineEvent({
  type: 'volunteers.volunteer-contact-details-recorded.v1',
  description: 'The contact details, language and SMS choice of a walker were recorded (when the sign-up was confirmed).',
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

/**
 * A walker was erased (by staff on their request, or a sign-up never confirmed and purged): every service forgets
 * what it holds about the person.
 */
export const VolunteerErasedV1 = defineEvent({
  type: 'volunteers.volunteer-erased.v1',
  description: 'A walker’s personal data was erased by volunteers; every service that holds data under the person id forgets it.',
  containsPersonalData: false,
  personalData: 'ids only: each service erases what it holds under the person id.',
  payload: z.object({ volunteerId: z.uuid(), personId: z.uuid(), erasedAt: z.iso.datetime({ offset: true }) }).strict(),
  keyOf: (p) => p.volunteerId,
});
