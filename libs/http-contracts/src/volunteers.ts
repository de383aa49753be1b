import { z } from 'zod';
import { auditRecordsRoute } from './audit';
import { mobileNumberInput, personNameInput } from '@trygg/values';
import { emailSchema, municipalityIdSchema } from '@trygg/contracts';
import { defineRoute } from './define-route';
import { personalDataRoute, volunteersPersonalDataSchema } from './personal-data';
import { invalid, isoDateTime, notFound, problem, unauthorised } from './common';
import { walksRoutes } from './walks';
import { walkerWalksRoutes } from './walker-walks';

const service = 'volunteers';

// --- requests (the service validates with these; SignUpCommand is ParsedBodyOf<typeof signUp>) ----------

/**
 * A mobile number written any common way (070-123 45 67, +46 70 …) → E.164; empty or absent means none. The
 * platform's mobile rule (`normaliseMobile`); whether the number's country is one the municipality allows
 * (`sms.countries` in municipality.yaml, Sweden by default) is checked by the sign-up, as a field error on `mobile`.
 */
const walkerMobileInput = mobileNumberInput({ invalid: 'must be a mobile number, e.g. 070-123 45 67' });

/**
 * The languages a walker may tick on the sign-up form (ISO 639-1): a short list of the languages most spoken in the
 * municipalities besides Swedish; anything else goes in `otherLanguages` as text.
 */
export const SPOKEN_LANGUAGES = ['sv', 'en', 'ar', 'so', 'fa', 'ti', 'fi', 'pl'] as const;
/** When a walker can usually walk (the sign-up's checkboxes). */
export const AVAILABILITY = ['weekday-evenings', 'friday', 'saturday', 'daytime'] as const;

/** A list of choices ticked on a form: each at most once. */
const choices = <T extends readonly [string, ...string[]]>(options: T) =>
  z
    .array(z.enum(options, { error: `must be one of ${options.join(', ')}` }))
    .max(options.length)
    .refine((list) => new Set(list).size === list.length, { message: 'must not repeat a choice' })
    .default([]);

/** Other languages spoken, as the walker writes them (e.g. "tyska, bosniska"): short text, no link, no line break. */
const otherLanguagesInput = z
  .string()
  .trim()
  .max(100, 'at most 100 characters')
  .refine((v) => !/\p{Cc}/u.test(v), { message: 'must not contain line breaks, tabs or control characters' })
  .refine((v) => !/(:\/\/|www\.|@)/i.test(v), { message: 'must not contain a web address, email address or link' })
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .default(null);

/**
 * The sign-up form. Every bad field is named in the 400. Besides the contact details: the walker organisation (one
 * of the municipality's, `municipalities/<id>/volunteers.yaml`; absent: the municipality's default, checked by the
 * sign-up as a field error on `organisationId`), the languages spoken and the usual availability — nothing more.
 */
export const signUpInput = z
  .object({
    municipalityId: municipalityIdSchema,
    // THE name rule of @trygg/values (100 characters; no link, email address, line break or control character).
    name: personNameInput({
      messages: {
        required: 'required',
        too_long: 'at most 100 characters',
        control_characters: 'must not contain line breaks, tabs or control characters',
        looks_like_link: 'must not contain a web address, email address or link',
        invalid_name: 'must contain letters',
      },
    }),
    email: emailSchema,
    birthYear: z.number().int(),
    organisationId: z.string().min(1).max(100).nullable().default(null),
    mobile: walkerMobileInput,
    smsOptIn: z.boolean().default(false),
    language: z.enum(['sv', 'en']).default('sv'),
    spokenLanguages: choices(SPOKEN_LANGUAGES),
    otherLanguages: otherLanguagesInput,
    availability: choices(AVAILABILITY),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.smsOptIn && c.mobile === null) ctx.addIssue({ code: 'custom', path: ['mobile'], message: 'required for SMS' });
  });

/** The confirmation link's token (43 characters base64url when it is one of ours) and the municipality of the page. */
export const confirmInput = z.object({ municipalityId: municipalityIdSchema, token: z.string().min(1).max(200) }).strict();

/** Notifications asks for the link of the confirmation email at send time. */
/** Notifications asks for a link at send time: the sign-up's confirmation link, or an active walker's link to their walks. */
export const linkInput = z.object({ kind: z.enum(['walker-confirmation', 'walker-walks']), volunteerId: z.uuid() }).strict();

/** Staff erase a walker: why (their own request, or the municipality's retention rules). */
export const eraseInput = z.object({ reason: z.enum(['walker-request', 'retention']) }).strict();

// --- routes ----------------------------------------------------------------------------------------------

export const signUp = defineRoute({
  service,
  operationId: 'signUp',
  method: 'post',
  path: '/volunteers',
  summary: 'A walker (trygghetsvandrare) signs up; a confirmation email is sent, nothing else happens until the link is confirmed',
  access: { kind: 'public' },
  body: signUpInput,
  responses: {
    // The same answer whether or not the address was known (no account enumeration).
    202: { description: 'received; a confirmation email is on its way (the same answer for a known address)', schema: z.object({ status: z.literal('submitted') }) },
    400: invalid,
  },
});

export const confirmSignUp = defineRoute({
  service,
  operationId: 'confirmSignUp',
  method: 'post',
  path: '/volunteers/confirmations',
  summary: 'The confirmation link (double opt-in): the walker is signed up and the municipality\'s onboarding starts',
  access: { kind: 'public' },
  body: confirmInput,
  responses: {
    200: {
      description:
        'confirmed (again: the same answer); the walker\'s personId (notifications keys their contact details by it) and whether a mobile number was given with SMS chosen, which the web then offers to confirm by a code',
      schema: z.object({ status: z.literal('confirmed'), language: z.enum(['sv', 'en']), personId: z.uuid(), mobileToConfirm: z.boolean() }),
    },
    400: invalid,
    404: problem('token_invalid (unknown link, another municipality\'s, or the sign-up is gone)'),
    410: problem('token_expired or token_used'),
  },
});

export const issueLink = defineRoute({
  service,
  operationId: 'issueWalkerLink',
  method: 'post',
  path: '/internal/links',
  summary: 'A fresh link for notifications to put in a walker\'s message: the confirmation link of the sign-up, or an active walker\'s link to their walks',
  access: { kind: 'internal', callers: ['notifications'], purpose: 'self-service-links' },
  body: linkInput,
  responses: {
    200: { description: 'the link and when it expires', schema: z.object({ url: z.string(), expiresAt: z.string() }) },
    400: invalid,
    401: unauthorised,
    404: notFound,
    409: problem('already_confirmed (walker-confirmation), walker_not_active (walker-walks)'),
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

/** One walker on the coordinator's list: no contact details (the list is for planning, not for reaching people). */
const volunteerListItemSchema = z.object({
  volunteerId: z.uuid(),
  /** Null once erased (erased walkers are not listed). */
  name: z.string().nullable(),
  /** The organisation chosen at sign-up, or the municipality's default; null when the municipality has none. */
  organisationId: z.string().nullable(),
  status: z.enum(['onboarding', 'active', 'rejected', 'withdrawn']),
  spokenLanguages: z.array(z.string()),
  otherLanguages: z.string().nullable(),
  availability: z.array(z.string()),
  signedUpAt: isoDateTime,
  decidedAt: isoDateTime.nullable(),
  /** While onboarding: the step the walker waits at (as onboarding last requested it), since when. */
  onboardingStep: z.object({ stepId: z.string(), stepType: z.string(), attempt: z.number().int(), since: isoDateTime }).nullable(),
});
export type VolunteerListItem = z.infer<typeof volunteerListItemSchema>;

export const listVolunteers = defineRoute({
  service,
  operationId: 'listVolunteers',
  method: 'get',
  path: '/staff/:m/volunteers',
  summary: 'The coordinator\'s walkers of their own municipality (the token\'s, checked against the path): organisation, status, the onboarding step waited at; audited',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: z.object({ m: z.string() }),
  responses: {
    200: {
      description: 'every confirmed walker (not unconfirmed, not erased), earliest sign-up first; `truncated` when more than the list holds',
      schema: z.object({ volunteers: z.array(volunteerListItemSchema), truncated: z.boolean() }),
    },
    400: invalid,
    401: unauthorised,
    403: problem('forbidden: not a coordinator of this municipality'),
  },
});

/** Every HTTP endpoint of the volunteers service. */
export const auditRecords = auditRecordsRoute(service);

export const personalData = personalDataRoute(service, 'What volunteers holds about a person: the walker record', volunteersPersonalDataSchema);

/** Every HTTP endpoint of the volunteers service. */
export const volunteersRoutes = [personalData, signUp, confirmSignUp, issueLink, eraseVolunteer, listVolunteers, auditRecords, ...walksRoutes, ...walkerWalksRoutes] as const;
