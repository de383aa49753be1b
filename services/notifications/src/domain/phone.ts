import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A mobile number as E.164 (+46701234567), Swedish by default; null when it is not a valid mobile number. */
export function normaliseMobile(input: string, defaultCountry: 'SE' = 'SE'): string | null {
  const parsed = parsePhoneNumberFromString(input, defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  const type = parsed.getType();
  if (type !== undefined && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return null;
  return parsed.number;
}

/** 46elks-style alphanumeric sender: 3–11 ASCII letters/digits, not starting with a digit. */
export function isValidSenderId(sender: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]{2,10}$/.test(sender) || /^\+[1-9]\d{6,14}$/.test(sender);
}
