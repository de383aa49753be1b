import { nameProblem, type NameProblem, normaliseMobile } from '@trygg/values';
import { asFormBody, checked, type FieldError, hasControlCharacters, text, type Validated } from './form-input';

/** What a resident can choose to do: join the area's group, start a new one, or offer to be its kontaktombud. */
export const REGISTRATION_CHOICES = ['join', 'start-group', 'contact-person'] as const;
export type RegistrationChoice = (typeof REGISTRATION_CHOICES)[number];

export interface RegistrationForm {
  name: string;
  email: string;
  /** E.164, e.g. +46701234567; absent when not given. */
  mobile?: string;
  smsOptIn: boolean;
  street: string;
  streetNumber: string;
  /** "NNN NN". */
  postcode: string;
  city?: string;
  choice: RegistrationChoice;
  protectedIdentity: boolean;
}

export const LIMITS = { name: 100, email: 254, street: 100, city: 60 } as const;

/** A number with an optional letter or range: 12, 12B, 12 B, 3-5 (as enrolment accepts). */
const STREET_NUMBER = /^\d{1,5}(?: ?[A-ZÅÄÖ]|-\d{1,5})?$/u;

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/u;

/** `NNN NN`, with or without the space: the form Swedish postcodes are written in. */
export function normalisePostcode(input: string): string | undefined {
  const match = /^(\d{3})\s?(\d{2})$/.exec(input.replace(/\u00a0/g, ' ').trim());
  return match ? `${match[1]} ${match[2]}` : undefined;
}

export function normaliseName(input: string): string {
  return input.replace(/\s+/g, ' ');
}

const NAME_ERROR: Record<NameProblem, string> = { required: 'required', too_long: 'tooLong', control_characters: 'invalid', invalid_name: 'invalid', looks_like_link: 'link' };

/** THE name rule of @trygg/values (no link, email address, line break or control character; 100 characters). */
export function validateName(name: string, errors: FieldError[], field = 'name'): void {
  const problem = nameProblem(name, LIMITS.name);
  if (problem) errors.push({ field, key: `errors.${field}.${NAME_ERROR[problem]}` });
}

export function validateEmail(email: string, errors: FieldError[]): void {
  if (!email) errors.push({ field: 'email', key: 'errors.email.required' });
  else if (email.length > LIMITS.email) errors.push({ field: 'email', key: 'errors.email.tooLong' });
  else if (!EMAIL.test(email)) errors.push({ field: 'email', key: 'errors.email.invalid' });
}

/**
 * Validates the mobile number and the SMS choice together: SMS needs a number. The number follows the platform's
 * rule (`normaliseMobile` from @trygg/values, as enrolment and notifications): Swedish numbers written nationally
 * (070-123 45 67) or internationally (+46 70 123 45 67, 0046 70…), other countries with their + prefix; landlines
 * are refused. Returns it as E.164.
 */
export function validateMobile(raw: string, smsOptIn: boolean, errors: FieldError[]): string | undefined {
  if (!raw) {
    if (smsOptIn) errors.push({ field: 'mobile', key: 'errors.mobile.requiredForSms' });
    return undefined;
  }
  const mobile = normaliseMobile(raw) ?? undefined;
  if (!mobile) errors.push({ field: 'mobile', key: 'errors.mobile.invalid' });
  return mobile;
}

export interface AddressForm {
  street: string;
  streetNumber: string;
  postcode: string;
  city?: string;
}

export function validateAddress(body: ReturnType<typeof asFormBody>, errors: FieldError[]): AddressForm {
  const street = normaliseName(text(body, 'street'));
  const streetNumber = text(body, 'streetNumber').replace(/\s+/g, ' ').toUpperCase();
  const rawPostcode = text(body, 'postcode');
  const city = normaliseName(text(body, 'city'));
  if (!street) errors.push({ field: 'street', key: 'errors.street.required' });
  else if (street.length > LIMITS.street) errors.push({ field: 'street', key: 'errors.street.tooLong' });
  else if (hasControlCharacters(street)) errors.push({ field: 'street', key: 'errors.street.invalid' });
  if (!streetNumber) errors.push({ field: 'streetNumber', key: 'errors.streetNumber.required' });
  else if (!STREET_NUMBER.test(streetNumber)) errors.push({ field: 'streetNumber', key: 'errors.streetNumber.invalid' });
  const postcode = normalisePostcode(rawPostcode);
  if (!rawPostcode) errors.push({ field: 'postcode', key: 'errors.postcode.required' });
  else if (!postcode) errors.push({ field: 'postcode', key: 'errors.postcode.invalid' });
  if (city.length > LIMITS.city) errors.push({ field: 'city', key: 'errors.city.tooLong' });
  else if (hasControlCharacters(city)) errors.push({ field: 'city', key: 'errors.city.invalid' });
  return { street, streetNumber, postcode: postcode ?? rawPostcode, ...(city ? { city } : {}) };
}

/** The registration form as posted: every field checked, every problem named, the answers kept for the re-render. */
export function validateRegistrationForm(input: unknown): Validated<RegistrationForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const name = normaliseName(text(body, 'name'));
  const email = text(body, 'email').toLowerCase();
  const rawMobile = text(body, 'mobile');
  const smsOptIn = checked(body, 'smsOptIn');
  const rawChoice = text(body, 'choice');
  const protectedIdentity = checked(body, 'protectedIdentity');

  validateName(name, errors);
  validateEmail(email, errors);
  const mobile = validateMobile(rawMobile, smsOptIn, errors);
  const address = validateAddress(body, errors);
  const choice = (REGISTRATION_CHOICES as readonly string[]).includes(rawChoice) ? (rawChoice as RegistrationChoice) : undefined;
  if (!choice) errors.push({ field: 'choice', key: 'errors.choice.required' });

  if (errors.length || !choice) {
    return {
      ok: false,
      errors,
      values: { name, email, mobile: rawMobile, smsOptIn, ...address, city: address.city ?? '', choice: rawChoice, protectedIdentity },
    };
  }
  return { ok: true, value: { name, email, ...(mobile ? { mobile } : {}), smsOptIn, ...address, choice, protectedIdentity } };
}
