import { z } from 'zod';
import { mobileNumberInput } from '@trygg/values';
import { checkSwedishCoordinate, houseNumberOf, normalisePostcode, tidyAddress } from '../domain/address';
import { hasControlCharacters } from '../domain/registration';

/**
 * Input schemas of the resident's forms. Every message is a stable error code (see API.md); the HTTP edge turns
 * codes into Swedish (or English) sentences that name the field.
 */
const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : 'invalid_type') })
    .trim()
    .min(1, 'required')
    .max(max, 'too_long')
    .refine((v) => !hasControlCharacters(v), 'control_characters');

const optionalText = (max: number) =>
  z
    .string({ error: 'invalid_type' })
    .trim()
    .max(max, 'too_long')
    .refine((v) => !hasControlCharacters(v), 'control_characters')
    .nullish()
    .transform((v) => (v ? v : null));

export const emailInput = z
  .string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : 'invalid_type') })
  .trim()
  .min(1, 'required')
  .max(254, 'too_long')
  .pipe(z.email('invalid_email'));

/** Any common way of writing a Swedish or international mobile number → E.164 (landlines refused: `normaliseMobile`); empty means none. */
export const mobileInput = mobileNumberInput({ invalid: 'invalid_mobile', tooLong: 'too_long', invalidType: 'invalid_type' });

export const addressInput = z
  .object(
    {
      street: text(100),
      number: text(20).refine((v) => houseNumberOf(v) !== null, 'invalid_street_number'),
      postcode: z
        .string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : 'invalid_type') })
        .trim()
        .min(1, 'required')
        .refine((v) => normalisePostcode(v) !== null, 'invalid_postcode'),
      city: optionalText(100),
    },
    { error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : 'invalid_type') },
  )
  .strict()
  .transform((a) => tidyAddress(a));

export const coordinatesInput = z
  .object({ lon: z.number({ error: 'invalid_type' }), lat: z.number({ error: 'invalid_type' }) }, { error: 'invalid_type' })
  .strict()
  .refine((c) => checkSwedishCoordinate(c.lon, c.lat) === null, 'invalid_coordinates')
  .nullish()
  .transform((c) => c ?? null);

/** A municipality id; whether it exists is checked by the use case (also `unknown_municipality`). */
export const municipalityIdInput = z
  .string({ error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : 'invalid_type') })
  .min(1, 'required')
  .max(64, 'unknown_municipality')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'unknown_municipality');

const languageInput = z.enum(['sv', 'en'], { error: 'invalid_choice' });

export const registrationInput = z
  .object({
    municipalityId: municipalityIdInput,
    name: text(200),
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

export type RegistrationInput = z.infer<typeof registrationInput>;

/** Corrections from the self-service page: any subset of the form's fields. */
export const correctionInput = z
  .object({
    name: text(200).optional(),
    email: emailInput.optional(),
    mobile: mobileInput.optional(),
    smsOptIn: z.boolean({ error: 'invalid_type' }).optional(),
    emailUpdates: z.boolean({ error: 'invalid_type' }).optional(),
    language: languageInput.optional(),
    protectedIdentity: z.boolean({ error: 'invalid_type' }).optional(),
    address: addressInput.optional(),
  })
  .strict();

export type CorrectionInput = z.infer<typeof correctionInput>;
