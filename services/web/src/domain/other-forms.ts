import { asFormBody, checked, type FieldError, hasControlCharacters, text, type Validated } from './form-input';
import { type AddressForm, normaliseName, validateAddress, validateEmail, validateMobile, validateName } from './registration-form';

/** All values of a field that may be posted several times (a group of checkboxes). */
export function textValues(body: Record<string, unknown>, field: string): string[] {
  const value = Object.prototype.hasOwnProperty.call(body, field) ? body[field] : undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string').slice(0, 10);
}

export interface SelfServiceForm {
  name: string;
  email: string;
  /** null removes the stored number. */
  mobile: string | null;
  smsOptIn: boolean;
  emailUpdates: boolean;
  protectedIdentity: boolean;
  address: AddressForm;
}

/** "Ändra uppgifter": the same rules as the registration form. */
export function validateSelfServiceForm(input: unknown): Validated<SelfServiceForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const name = normaliseName(text(body, 'name'));
  const email = text(body, 'email').toLowerCase();
  const rawMobile = text(body, 'mobile');
  const notifications = textValues(body, 'notifications');
  const smsOptIn = notifications.includes('sms');
  const emailUpdates = notifications.includes('emailUpdates');
  const protectedIdentity = checked(body, 'protectedIdentity');
  validateName(name, errors);
  validateEmail(email, errors);
  const mobile = validateMobile(rawMobile, smsOptIn, errors);
  const address = validateAddress(body, errors);
  if (errors.length) {
    return { ok: false, errors, values: { name, email, mobile: rawMobile, smsOptIn, emailUpdates, protectedIdentity, ...address, city: address.city ?? '' } };
  }
  return { ok: true, value: { name, email, mobile: mobile ?? null, smsOptIn, emailUpdates, protectedIdentity, address } };
}

export interface FeedbackForm {
  feedback: string;
  replyEmail?: string;
}

export const FEEDBACK_MAX = 2000;

/** The accessibility feedback form: a message (required) and an optional address to answer to. */
export function validateFeedbackForm(input: unknown): Validated<FeedbackForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const feedback = typeof body['feedback'] === 'string' ? body['feedback'].normalize('NFC').trim() : '';
  const replyEmail = text(body, 'replyEmail').toLowerCase();
  if (!feedback) errors.push({ field: 'feedback', key: 'errors.feedback.required' });
  else if (feedback.length > FEEDBACK_MAX) errors.push({ field: 'feedback', key: 'errors.feedback.tooLong' });
  if (replyEmail) {
    const emailErrors: FieldError[] = [];
    validateEmail(replyEmail, emailErrors);
    if (emailErrors.length || hasControlCharacters(replyEmail)) errors.push({ field: 'replyEmail', key: 'errors.replyEmail.invalid' });
  }
  if (errors.length) return { ok: false, errors, values: { feedback: feedback.slice(0, FEEDBACK_MAX * 2), replyEmail } };
  return { ok: true, value: { feedback, ...(replyEmail ? { replyEmail } : {}) } };
}
