import { volunteers } from '@trygg/http-contracts';
import { asFormBody, checked, type FieldError, type FormBody, hasControlCharacters, text, type Validated } from './form-input';
import { normaliseName, validateEmail, validateMobile, validateName } from './registration-form';

/** The languages the form offers as checkboxes (volunteers' list); others are typed in `otherLanguages`. */
export const SPOKEN_LANGUAGES = volunteers.SPOKEN_LANGUAGES;
export type SpokenLanguage = (typeof SPOKEN_LANGUAGES)[number];
/** When a walker can usually walk: weekday evenings, Friday, Saturday, daytime. */
export const AVAILABILITY = volunteers.AVAILABILITY;
export type Availability = (typeof AVAILABILITY)[number];

/** The walker sign-up form (`/<municipality>/trygghetsvandring`), as volunteers' `POST /volunteers` takes it. */
export interface WalkerForm {
  name: string;
  email: string;
  /** E.164 (+46…); absent when not given. Walkers are reached on Swedish numbers only (volunteers' rule). */
  mobile?: string;
  smsOptIn: boolean;
  birthYear: number;
  language: 'sv' | 'en';
  /** One of the municipality's walker organisations; absent when the municipality has none. */
  organisationId?: string;
  spokenLanguages: SpokenLanguage[];
  /** Other languages as typed, or absent. */
  otherLanguages?: string;
  availability: Availability[];
}

/** Birth years are plausible from 110 years ago to this year; the age rule itself is the municipality's process. */
export function isPlausibleBirthYear(year: number, now: Date): boolean {
  return Number.isInteger(year) && year >= now.getUTCFullYear() - 110 && year <= now.getUTCFullYear();
}

/** The ticked boxes of a checkbox group: one value arrives as a string, several as an array; anything else is none. */
export function ticked(body: FormBody, field: string): string[] {
  const value = Object.prototype.hasOwnProperty.call(body, field) ? body[field] : undefined;
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return [...new Set(values.filter((v): v is string => typeof v === 'string').map((v) => v.trim()))];
}

function oneOf<T extends string>(options: readonly T[], values: string[]): T[] | null {
  return values.every((v) => (options as readonly string[]).includes(v)) ? (values as T[]) : null;
}

const OTHER_LANGUAGES_MAX = 100;

/**
 * The walker sign-up as posted: every field checked, every problem named, the answers kept for the re-render.
 * `organisationIds`: the municipality's walker organisations (volunteers.yaml); one of them must be chosen when there
 * are any.
 */
export function validateWalkerForm(input: unknown, defaultLanguage: 'sv' | 'en', now: Date = new Date(), organisationIds: readonly string[] = []): Validated<WalkerForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const name = normaliseName(text(body, 'name'));
  const email = text(body, 'email').toLowerCase();
  const rawMobile = text(body, 'mobile');
  const smsOptIn = checked(body, 'smsOptIn');
  const rawBirthYear = text(body, 'birthYear');
  const rawLanguage = text(body, 'language');
  const organisationId = text(body, 'organisationId');
  const rawSpoken = ticked(body, 'spokenLanguages');
  const otherLanguages = text(body, 'otherLanguages').replace(/\s+/g, ' ');
  const rawAvailability = ticked(body, 'availability');

  validateName(name, errors);
  validateEmail(email, errors);
  const mobile = validateMobile(rawMobile, smsOptIn, errors);
  if (mobile && !mobile.startsWith('+46')) errors.push({ field: 'mobile', key: 'errors.mobile.notSwedish' });
  const birthYear = /^\d{4}$/.test(rawBirthYear) ? Number(rawBirthYear) : NaN;
  if (!rawBirthYear) errors.push({ field: 'birthYear', key: 'errors.birthYear.required' });
  else if (!isPlausibleBirthYear(birthYear, now)) errors.push({ field: 'birthYear', key: 'errors.birthYear.invalid' });
  const language = rawLanguage === 'sv' || rawLanguage === 'en' ? rawLanguage : rawLanguage ? undefined : defaultLanguage;
  if (!language) errors.push({ field: 'language', key: 'errors.language.invalid' });
  if (organisationIds.length && !organisationId) errors.push({ field: 'organisationId', key: 'errors.organisationId.required' });
  else if (organisationId && !organisationIds.includes(organisationId)) errors.push({ field: 'organisationId', key: 'errors.organisationId.invalid' });
  const spokenLanguages = oneOf(SPOKEN_LANGUAGES, rawSpoken);
  if (!spokenLanguages) errors.push({ field: 'spokenLanguages', key: 'errors.spokenLanguages.invalid' });
  if (otherLanguages.length > OTHER_LANGUAGES_MAX) errors.push({ field: 'otherLanguages', key: 'errors.otherLanguages.tooLong' });
  else if (hasControlCharacters(otherLanguages) || /(:\/\/|www\.|@)/i.test(otherLanguages)) errors.push({ field: 'otherLanguages', key: 'errors.otherLanguages.invalid' });
  const availability = oneOf(AVAILABILITY, rawAvailability);
  if (!availability) errors.push({ field: 'availability', key: 'errors.availability.invalid' });

  if (errors.length || !language || !spokenLanguages || !availability) {
    return {
      ok: false,
      errors,
      values: {
        name,
        email,
        mobile: rawMobile,
        smsOptIn,
        birthYear: rawBirthYear,
        language: rawLanguage || defaultLanguage,
        organisationId,
        otherLanguages,
        // Checkbox groups re-render from these (`spokenLanguages.ar`: ticked).
        ...Object.fromEntries(rawSpoken.map((l) => [`spokenLanguages.${l}`, true])),
        ...Object.fromEntries(rawAvailability.map((a) => [`availability.${a}`, true])),
      },
    };
  }
  return {
    ok: true,
    value: {
      name,
      email,
      ...(mobile ? { mobile } : {}),
      smsOptIn,
      birthYear,
      language,
      ...(organisationId ? { organisationId } : {}),
      spokenLanguages,
      ...(otherLanguages ? { otherLanguages } : {}),
      availability,
    },
  };
}
