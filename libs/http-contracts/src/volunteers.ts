import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { emailSchema, municipalityIdSchema, personNameSchema } from '@trygg/contracts';
import { defineRoute } from './define-route';
import { invalid, notFound, problem, unauthorised } from './common';

const service = 'volunteers';

// --- requests (the service validates with these; SignUpCommand is ParsedBodyOf<typeof signUp>) ----------

const isSwedishMobile = (e164: string) => /^\+467[02369]\d{7}$/.test(e164);

/** A Swedish mobile number written any common way (070-123 45 67, +46 70 …) → E.164; empty or absent means none. */
export const swedishMobileInput = z
  .string()
  .max(40)
  .nullish()
  .transform((raw, ctx) => {
    if (raw === null || raw === undefined || raw.trim() === '') return null;
    const phone = parsePhoneNumberFromString(raw.trim(), 'SE');
    if (!phone || !phone.isValid() || !isSwedishMobile(phone.number)) {
      ctx.addIssue({ code: 'custom', message: 'must be a Swedish mobile number, e.g. 070-123 45 67' });
      return z.NEVER;
    }
    return phone.number;
  });

/** The sign-up form. Every bad field is named in the 400. */
export const signUpInput = z
  .object({
    municipalityId: municipalityIdSchema,
    name: personNameSchema,
    email: emailSchema,
    birthYear: z.number().int(),
    organisationId: z.string().min(1).max(100).nullable().default(null),
    mobile: swedishMobileInput,
    smsOptIn: z.boolean().default(false),
    language: z.enum(['sv', 'en']).default('sv'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.smsOptIn && c.mobile === null) ctx.addIssue({ code: 'custom', path: ['mobile'], message: 'required for SMS' });
  });

/** Staff erase a walker: why (their own request, or the municipality's retention rules). */
export const eraseInput = z.object({ reason: z.enum(['walker-request', 'retention']) }).strict();

// --- routes ----------------------------------------------------------------------------------------------

export const signUp = defineRoute({
  service,
  operationId: 'signUp',
  method: 'post',
  path: '/volunteers',
  summary: 'A walker (trygghetsvandrare) signs up; the municipality\'s onboarding starts from the event',
  auth: 'public',
  body: signUpInput,
  responses: {
    202: { description: 'recorded', schema: z.object({ volunteerId: z.string(), status: z.enum(['onboarding', 'active', 'rejected', 'withdrawn', 'erased']) }) },
    400: invalid,
  },
});

export const eraseVolunteer = defineRoute({
  service,
  operationId: 'eraseVolunteer',
  method: 'post',
  path: '/staff/volunteers/:volunteerId/erasure',
  summary: 'Staff erase a walker of their own municipality (idempotent)',
  auth: 'staff',
  params: z.object({ volunteerId: z.uuid() }),
  body: eraseInput,
  responses: {
    200: { description: 'erased', schema: z.object({ volunteerId: z.string(), status: z.literal('erased') }) },
    400: invalid,
    401: unauthorised,
    403: problem('forbidden: unknown municipality'),
    404: notFound,
  },
});

/** Every HTTP endpoint of the volunteers service. */
export const volunteersRoutes = [signUp, eraseVolunteer] as const;
