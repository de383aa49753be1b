import { z } from 'zod';
import { mailTextInput, mobileNumberInput, personNameInput } from '@trygg/values';

/**
 * The request schemas of the enrolment service: its controllers validate with these (through `parseLocalised`) and
 * its CSV import checks rows with `addressInput`, `emailInput`, `mobileInput`. The few pure address rules they use
 * mirror services/enrolment/src/domain/address.ts and registration.ts (a shared lib cannot import a service). Every
 * message is a stable error code (services/enrolment/API.md); the service's HTTP edge turns codes into Swedish (or
 * English) sentences that name the field.
 */

// --- pure address rules (the same as enrolment's domain) ---------------------------------------------------

const POSTCODE = /^(\d{3})\s?(\d{2})$/;
const STREET_NUMBER = /^(\d{1,5})\s?([a-zA-ZåäöÅÄÖ]{0,2})(?:\s?[-–]\s?\d{1,5}\s?[a-zA-Z]?)?$/;
const SWEDEN_BOUNDS = { minLon: 10.0, maxLon: 24.5, minLat: 55.0, maxLat: 69.5 } as const;

/** "44930", "449 30", " 449  30 " → "449 30"; null when it is not a Swedish postcode. */
export function normalisePostcode(raw: string): string | null {
  const match = POSTCODE.exec(raw.trim().replace(/\s+/g, ' '));
  return match ? `${match[1]} ${match[2]}` : null;
}

function houseNumberOf(raw: string): number | null {
  const match = STREET_NUMBER.exec(raw.trim());
  return match ? Number(match[1]) : null;
}

function normaliseStreetNumber(raw: string): string {
  return raw.trim().replace(/\s+/g, '').replace(/[–]/g, '-').toUpperCase();
}

function tidyAddress(input: { street: string; number: string; postcode: string; city?: string | null | undefined }) {
  const postcode = normalisePostcode(input.postcode);
  if (!postcode) throw new Error(`not a postcode: ${input.postcode}`);
  const city = input.city?.normalize('NFC').trim().replace(/\s+/g, ' ');
  return {
    street: input.street.normalize('NFC').trim().replace(/\s+/g, ' '),
    number: normaliseStreetNumber(input.number),
    postcode,
    city: city ? city : null,
  };
}

function insideSweden(lon: number, lat: number): boolean {
  return lon >= SWEDEN_BOUNDS.minLon && lon <= SWEDEN_BOUNDS.maxLon && lat >= SWEDEN_BOUNDS.minLat && lat <= SWEDEN_BOUNDS.maxLat;
}

function hasControlCharacters(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

// --- the resident's forms (registration-input.ts) ---------------------------------------------------------

const requiredOrInvalid = (issue: { input?: unknown }) => (issue.input === undefined || issue.input === null ? 'required' : 'invalid_type');

const text = (max: number) =>
  z
    .string({ error: requiredOrInvalid })
    .trim()
    .min(1, 'required')
    .max(max, 'too_long')
    .refine((v) => !hasControlCharacters(v), 'control_characters');

/** THE name rule of @trygg/values: 100 characters, no link, email address, line break or control character. */
const nameInput = () => personNameInput({ invalidType: requiredOrInvalid });

const optionalText = (max: number) =>
  z
    .string({ error: 'invalid_type' })
    .trim()
    .max(max, 'too_long')
    .refine((v) => !hasControlCharacters(v), 'control_characters')
    .nullish()
    .transform((v) => (v ? v : null));

export const emailInput = z.string({ error: requiredOrInvalid }).trim().min(1, 'required').max(254, 'too_long').pipe(z.email('invalid_email'));

/** Any common way of writing a Swedish or international mobile number → E.164 (landlines refused: `normaliseMobile`); empty means none. */
export const mobileInput = mobileNumberInput({ invalid: 'invalid_mobile', tooLong: 'too_long', invalidType: 'invalid_type' });

export const addressInput = z
  .object(
    {
      street: text(100),
      number: text(20).refine((v) => houseNumberOf(v) !== null, 'invalid_street_number'),
      postcode: z
        .string({ error: requiredOrInvalid })
        .trim()
        .min(1, 'required')
        .refine((v) => normalisePostcode(v) !== null, 'invalid_postcode'),
      city: optionalText(100),
    },
    { error: requiredOrInvalid },
  )
  .strict()
  .transform((a) => tidyAddress(a));

export const coordinatesInput = z
  .object({ lon: z.number({ error: 'invalid_type' }), lat: z.number({ error: 'invalid_type' }) }, { error: 'invalid_type' })
  .strict()
  .refine((c) => insideSweden(c.lon, c.lat), 'invalid_coordinates')
  .nullish()
  .transform((c) => c ?? null);

/** A municipality id; whether it exists is checked by the use case (also `unknown_municipality`). */
export const municipalityIdInput = z
  .string({ error: requiredOrInvalid })
  .min(1, 'required')
  .max(64, 'unknown_municipality')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'unknown_municipality');

const languageInput = z.enum(['sv', 'en'], { error: 'invalid_choice' });

export const registrationInput = z
  .object({
    municipalityId: municipalityIdInput,
    name: nameInput(),
    email: emailInput,
    mobile: mobileInput,
    smsOptIn: z.boolean({ error: 'invalid_type' }).default(false),
    address: addressInput,
    coordinates: coordinatesInput,
    intent: z.enum(['join', 'start-group', 'contact-person'], {
      error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : 'invalid_choice'),
    }),
    protectedIdentity: z.boolean({ error: 'invalid_type' }).default(false),
    language: languageInput.default('sv'),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.smsOptIn && r.mobile === null) ctx.addIssue({ code: 'custom', path: ['mobile'], message: 'required_for_sms' });
  });

/** Corrections from the self-service page: any subset of the form's fields. */
export const correctionInput = z
  .object({
    name: nameInput().optional(),
    email: emailInput.optional(),
    mobile: mobileInput.optional(),
    smsOptIn: z.boolean({ error: 'invalid_type' }).optional(),
    emailUpdates: z.boolean({ error: 'invalid_type' }).optional(),
    language: languageInput.optional(),
    protectedIdentity: z.boolean({ error: 'invalid_type' }).optional(),
    address: addressInput.optional(),
  })
  .strict();

const tokenInput = z.string({ error: 'required' }).min(1, 'required').max(200, 'too_long');

// --- confirmations, links, activity checks ----------------------------------------------------------------

export const confirmationInput = z.object({ municipalityId: municipalityIdInput, token: tokenInput }).strict();

export const linkInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('confirmation'), registrationId: z.uuid({ error: 'invalid_type' }) }).strict(),
    z.object({ kind: z.literal('self-service'), personId: z.uuid({ error: 'invalid_type' }) }).strict(),
    z.object({ kind: z.literal('activity-check'), checkId: z.uuid({ error: 'invalid_type' }) }).strict(),
    z.object({ kind: z.literal('email-change'), personId: z.uuid({ error: 'invalid_type' }), changeId: z.uuid({ error: 'invalid_type' }) }).strict(),
  ],
  { error: 'invalid_choice' },
);

export const activityAnswerInput = z
  .object({
    municipalityId: municipalityIdInput,
    token: tokenInput,
    answer: z.enum(['active', 'active-list-outdated', 'not-active'], { error: (issue) => (issue.input === undefined ? 'required' : 'invalid_choice') }),
  })
  .strict();

export const activityDescribeQuery = z.object({ municipalityId: municipalityIdInput }).strict();

// --- self-service ------------------------------------------------------------------------------------------

export const selfServicePatchInput = correctionInput.extend({ registrationId: z.uuid({ error: 'unknown_registration' }).optional() }).strict();
export const leaveInput = z.object({ groupId: z.uuid({ error: 'unknown_group' }).optional() }).strict();
export const signReportInput = z
  .object({
    kind: z.enum(['damaged', 'missing'], { error: (issue) => (issue.input === undefined ? 'required' : 'invalid_choice') }),
    note: z.string().trim().max(1000, 'too_long').nullish().transform((v) => (v ? v : null)),
  })
  .strict();
/** A household that said no: only its address (the city is accepted and dropped). */
export const selfServiceDeclinedInput = z
  .object({ address: addressInput.transform((a) => ({ street: a.street, number: a.number, postcode: a.postcode })) })
  .strict();
export const handOverInput = z.object({ toMemberId: z.uuid({ error: (issue) => (issue.input === undefined ? 'required' : 'unknown_member') }) }).strict();
export const emptyInput = z.object({}).strict();

// --- staff (staff.controller.ts) ---------------------------------------------------------------------------

const uuidCoded = (code: string) => z.uuid({ error: code });
const booleanText = z
  .enum(['true', 'false'], { error: 'invalid_choice' })
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));

export const groupFilterQuery = z
  .object({
    areaId: z.string().max(100).optional(),
    status: z.enum(['forming', 'awaiting-approval', 'active', 'paused', 'closed'], { error: 'invalid_choice' }).optional(),
    waitingForPolice: booleanText,
    needsFollowUp: booleanText,
  })
  .strict();

export const placeInput = z.object({ areaId: z.string({ error: 'required' }).min(1, 'required').max(100), groupId: uuidCoded('unknown_group').optional() }).strict();

export const groupEditInput = z
  .object({
    // Shown in messages to the group's members: no link, line break or control character.
    name: mailTextInput(200, { invalidType: 'invalid_type' }).optional(),
    status: z.enum(['active', 'paused', 'closed'], { error: 'invalid_choice' }).optional(),
    startMeetingDate: z.iso.date({ error: 'invalid_date' }).nullable().optional(),
    signsUp: z.boolean({ error: 'invalid_type' }).optional(),
    householdCount: z.number({ error: 'invalid_type' }).int('invalid_type').positive('invalid_type').max(100_000, 'too_long').nullable().optional(),
  })
  .strict();

export const staffDeclinedInput = z
  .object({
    // Only the address: a household that said no is recorded without any contact details.
    address: addressInput.transform((a) => ({ street: a.street, number: a.number, postcode: a.postcode })),
    status: z.literal('declined', { error: 'invalid_choice' }).default('declined'),
  })
  .strict();

export const newSignInput = z
  .object({ place: z.string({ error: 'required' }).trim().min(1, 'required').max(300, 'too_long'), putUpAt: z.iso.date({ error: 'invalid_date' }).nullable().default(null) })
  .strict();
export const signEditInput = z
  .object({
    place: z.string().trim().min(1, 'required').max(300, 'too_long').optional(),
    putUpAt: z.iso.date({ error: 'invalid_date' }).nullable().optional(),
    condition: z.literal('ok', { error: 'invalid_choice' }).optional(),
  })
  .strict();

export const importInput = z.object({ csv: z.string({ error: 'required' }).min(1, 'required').max(100_000, 'too_long') }).strict();
export const importQuery = z.object({ dryRun: z.enum(['true', 'false'], { error: 'invalid_choice' }).default('true') }).strict();
