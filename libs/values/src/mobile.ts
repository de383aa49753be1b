import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

/**
 * THE mobile number rule of the platform: any common way of writing a number (070-123 45 67, +46 70 123 45 67,
 * 0046701234567; Swedish unless it says otherwise) → E.164 (+46701234567), or null when it is not a valid number that
 * can receive SMS. Landlines are refused (031-123 45 67); numbers the metadata cannot tell apart
 * (FIXED_LINE_OR_MOBILE, as in some countries) are accepted. Foreign mobiles are accepted when written with their
 * country code (+45 20 12 34 56).
 */
export function normaliseMobile(input: string, defaultCountry: 'SE' = 'SE'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  const type = parsed.getType();
  if (type !== undefined && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return null;
  return parsed.number;
}

/**
 * The country (ISO 3166-1 alpha-2, e.g. `SE`) of an E.164 mobile number, by libphonenumber's metadata; null when
 * it cannot be told. A municipality sends SMS only to the countries it allows (`sms.countries` in municipality.yaml).
 */
export function mobileCountry(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.country ?? null;
}

/** Is the number's country among `countries`? (A number whose country cannot be told is not.) */
export function mobileCountryAllowed(e164: string, countries: readonly string[]): boolean {
  const country = mobileCountry(e164);
  return country !== null && countries.includes(country);
}

export interface MobileInputOptions {
  /** The message of a number that is not a mobile (default `invalid_mobile`). */
  invalid?: string;
  /** The message of more than 40 characters (default: zod's). */
  tooLong?: string;
  /** The message of a value that is not a string (default: zod's). */
  invalidType?: string;
  /** A further rule of the service on the E.164 number, e.g. Swedish numbers only. */
  accept?: (e164: string) => boolean;
}

/**
 * A form field holding a mobile number: `normaliseMobile` as a zod schema. Empty, null or absent → null; otherwise
 * the E.164 number or one issue with the `invalid` message.
 */
export function mobileNumberInput(options: MobileInputOptions = {}) {
  const invalid = options.invalid ?? 'invalid_mobile';
  return z
    .string(options.invalidType === undefined ? undefined : { error: options.invalidType })
    .max(40, options.tooLong)
    .nullish()
    .transform((raw, ctx) => {
      if (raw === null || raw === undefined || raw.trim() === '') return null;
      const e164 = normaliseMobile(raw);
      if (e164 === null || (options.accept && !options.accept(e164))) {
        ctx.addIssue({ code: 'custom', message: invalid });
        return z.NEVER;
      }
      return e164;
    });
}
