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

/** The categories of a finding, in the form's order. */
export const FINDING_CATEGORIES = ['lighting', 'vegetation', 'vandalism', 'traffic', 'meeting-places', 'positive'] as const;
type FindingCategory = (typeof FINDING_CATEGORIES)[number];
const DESCRIPTION_MAX = 2000;

export interface FindingForm {
  address: string;
  category: FindingCategory;
  description: string;
  responsibleOrganisation: string;
}

/** "Rapportera en brist" from the participant's link: where (an address or a description of the place), what kind, what, who is responsible. */
export function validateFindingForm(input: unknown): Validated<FindingForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const address = text(body, 'address').replace(/\s+/g, ' ');
  const category = FINDING_CATEGORIES.find((c) => c === text(body, 'category'));
  const description = text(body, 'description').trim();
  const responsibleOrganisation = text(body, 'responsibleOrganisation').replace(/\s+/g, ' ');
  if (!address) errors.push({ field: 'address', key: 'errors.finding.address.required' });
  else if (address.length > ROUND_TEXT_MAX || hasControlCharacters(address)) errors.push({ field: 'address', key: 'errors.finding.address.invalid' });
  if (!category) errors.push({ field: 'category', key: 'errors.finding.category.required' });
  if (!description) errors.push({ field: 'description', key: 'errors.finding.description.required' });
  else if (description.length > DESCRIPTION_MAX) errors.push({ field: 'description', key: 'errors.finding.description.tooLong' });
  if (!responsibleOrganisation) errors.push({ field: 'responsibleOrganisation', key: 'errors.finding.responsibleOrganisation.required' });
  else if (responsibleOrganisation.length > ROUND_TEXT_MAX || hasControlCharacters(responsibleOrganisation)) errors.push({ field: 'responsibleOrganisation', key: 'errors.finding.responsibleOrganisation.invalid' });
  if (errors.length || !category) {
    return { ok: false, errors, values: { address: address.slice(0, 400), category: category ?? '', description: description.slice(0, DESCRIPTION_MAX * 2), responsibleOrganisation: responsibleOrganisation.slice(0, 400) } };
  }
  return { ok: true, value: { address, category, description, responsibleOrganisation } };
}

export interface OwnerForm {
  status: 'fixed' | 'wont-fix';
  reason: string | null;
}

/** The owner's answer: fixed, or won't fix with a reason (at most 1000 characters). */
export function validateOwnerForm(input: unknown): Validated<OwnerForm> {
  const body = asFormBody(input);
  const status = text(body, 'status');
  const reason = text(body, 'reason').trim();
  const values = { status, reason: reason.slice(0, 2000) };
  if (status === 'fixed') return { ok: true, value: { status, reason: null } };
  if (status !== 'wont-fix') return { ok: false, errors: [{ field: 'status', key: 'errors.owner.status.required' }], values };
  if (!reason) return { ok: false, errors: [{ field: 'reason', key: 'errors.owner.reason.required' }], values };
  if (reason.length > 1000) return { ok: false, errors: [{ field: 'reason', key: 'errors.owner.reason.tooLong' }], values };
  return { ok: true, value: { status, reason } };
}
