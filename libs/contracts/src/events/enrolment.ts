import { z } from 'zod';
import { defineEvent } from '../define-event';

export const languageSchema = z.enum(['sv', 'en']);

/** A resident submitted the registration form. Nothing is confirmed yet. */
export const RegistrationSubmittedV1 = defineEvent({
  type: 'enrolment.registration-submitted.v1',
  description: 'A resident submitted a grannsamverkan registration; it awaits confirmation by email.',
  personalData:
    'name and email: notifications stores them as the recipient and sends the confirmation email. No other service needs them.',
  payload: z
    .object({
      registrationId: z.uuid(),
      personId: z.uuid(),
      name: z.string().min(1).max(200),
      email: z.email().max(254),
      language: languageSchema,
    })
    .strict(),
  keyOf: (p) => p.registrationId,
});
