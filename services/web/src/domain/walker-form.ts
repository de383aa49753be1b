import { asFormBody, checked, type FieldError, text, type Validated } from './form-input';
import { normaliseName, validateEmail, validateMobile, validateName } from './registration-form';

/** The walker sign-up form (`/<municipality>/trygghetsvandring`), as volunteers' `POST /volunteers` takes it. */
export interface WalkerForm {
  name: string;
  email: string;
  /** E.164 (+46…); absent when not given. Walkers are reached on Swedish numbers only (volunteers' rule). */
  mobile?: string;
  smsOptIn: boolean;
  birthYear: number;
  language: 'sv' | 'en';
}

/** Birth years are plausible from 110 years ago to this year; the age rule itself is the municipality's process. */
export function isPlausibleBirthYear(year: number, now: Date): boolean {
  return Number.isInteger(year) && year >= now.getUTCFullYear() - 110 && year <= now.getUTCFullYear();
}

/** The walker sign-up as posted: every field checked, every problem named, the answers kept for the re-render. */
export function validateWalkerForm(input: unknown, defaultLanguage: 'sv' | 'en', now: Date = new Date()): Validated<WalkerForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const name = normaliseName(text(body, 'name'));
  const email = text(body, 'email').toLowerCase();
  const rawMobile = text(body, 'mobile');
  const smsOptIn = checked(body, 'smsOptIn');
  const rawBirthYear = text(body, 'birthYear');
  const rawLanguage = text(body, 'language');

  validateName(name, errors);
  validateEmail(email, errors);
  const mobile = validateMobile(rawMobile, smsOptIn, errors);
  if (mobile && !mobile.startsWith('+46')) errors.push({ field: 'mobile', key: 'errors.mobile.notSwedish' });
  const birthYear = /^\d{4}$/.test(rawBirthYear) ? Number(rawBirthYear) : NaN;
  if (!rawBirthYear) errors.push({ field: 'birthYear', key: 'errors.birthYear.required' });
  else if (!isPlausibleBirthYear(birthYear, now)) errors.push({ field: 'birthYear', key: 'errors.birthYear.invalid' });
  const language = rawLanguage === 'sv' || rawLanguage === 'en' ? rawLanguage : rawLanguage ? undefined : defaultLanguage;
  if (!language) errors.push({ field: 'language', key: 'errors.language.invalid' });

  if (errors.length || !language) {
    return { ok: false, errors, values: { name, email, mobile: rawMobile, smsOptIn, birthYear: rawBirthYear, language: rawLanguage || defaultLanguage } };
  }
  return { ok: true, value: { name, email, ...(mobile ? { mobile } : {}), smsOptIn, birthYear, language } };
}
