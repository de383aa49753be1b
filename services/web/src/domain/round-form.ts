import { asFormBody, type FieldError, hasControlCharacters, text, type Validated } from './form-input';
import { isIsoDate } from './staff-forms';

/** The longest district and meeting point volunteers accepts. */
const ROUND_TEXT_MAX = 200;

export interface RoundForm {
  district: string;
  plannedDate: string;
  meetingPoint: string;
}

/** "Planera en trygghetsrond": district, day (YYYY-MM-DD) and meeting point, all required. */
export function validateRoundForm(input: unknown): Validated<RoundForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const district = text(body, 'district').replace(/\s+/g, ' ');
  const plannedDate = text(body, 'plannedDate');
  const meetingPoint = text(body, 'meetingPoint').replace(/\s+/g, ' ');
  for (const [field, value] of [['district', district], ['meetingPoint', meetingPoint]] as const) {
    if (!value) errors.push({ field, key: `errors.round.${field}.required` });
    else if (value.length > ROUND_TEXT_MAX || hasControlCharacters(value)) errors.push({ field, key: `errors.round.${field}.invalid` });
  }
  if (!plannedDate) errors.push({ field: 'plannedDate', key: 'errors.round.plannedDate.required' });
  else if (!isIsoDate(plannedDate)) errors.push({ field: 'plannedDate', key: 'errors.round.plannedDate.invalid' });
  // In the order of the form's fields (the error summary's order).
  const order = ['district', 'plannedDate', 'meetingPoint'];
  errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  if (errors.length) return { ok: false, errors, values: { district: district.slice(0, 400), plannedDate: plannedDate.slice(0, 40), meetingPoint: meetingPoint.slice(0, 400) } };
  return { ok: true, value: { district, plannedDate, meetingPoint } };
}
