import { z } from 'zod';
import { auditRecordsRoute } from './audit';
import { mobileNumberInput } from '@trygg/values';
import { emailSchema, municipalityIdSchema, personNameSchema } from '@trygg/contracts';
import { defineRoute } from './define-route';
import { invalid, notFound, problem, unauthorised } from './common';

const service = 'volunteers';

// --- requests (the service validates with these; SignUpCommand is ParsedBodyOf<typeof signUp>) ----------

/**
 * A mobile number written any common way (070-123 45 67, +46 70 …) → E.164; empty or absent means none. The
 * platform's mobile rule (`normaliseMobile`); whether the number's country is one the municipality allows
 * (`sms.countries` in municipality.yaml, Sweden by default) is checked by the sign-up, as a field error on `mobile`.
 */
const walkerMobileInput = mobileNumberInput({ invalid: 'must be a mobile number, e.g. 070-123 45 67' });

/** The sign-up form. Every bad field is named in the 400. */
export const signUpInput = z
  .object({
    municipalityId: municipalityIdSchema,
    name: personNameSchema,
    email: emailSchema,
    birthYear: z.number().int(),
    organisationId: z.string().min(1).max(100).nullable().default(null),
    mobile: walkerMobileInput,
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
  access: { kind: 'public' },
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
  access: { kind: 'signed-in', roles: ['coordinator'], scope: 'resource' },
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
export const auditRecords = auditRecordsRoute(service);

/** Every HTTP endpoint of the volunteers service. */
export const volunteersRoutes = [signUp, eraseVolunteer, auditRecords] as const;
