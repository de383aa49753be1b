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

const ORGANISATION_KINDS = ['police', 'housing-company', 'planning-office', 'neighbourhood-watch-group', 'walkers', 'residents'] as const;
type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
/** The shape of an email address; volunteers checks it again. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/u;

export interface InviteForm {
  name: string;
  email: string;
  organisationKind: OrganisationKind;
  organisationName: string | null;
}

/** "Bjud in": name, email, organisation kind, and the organisation's name (required for a neighbourhood-watch group). */
export function validateInviteForm(input: unknown): Validated<InviteForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const name = text(body, 'name').replace(/\s+/g, ' ');
  const email = text(body, 'email').toLowerCase();
  const organisationKind = ORGANISATION_KINDS.find((k) => k === text(body, 'organisationKind'));
  const organisationName = text(body, 'organisationName').replace(/\s+/g, ' ');
  if (!name) errors.push({ field: 'name', key: 'errors.invite.name.required' });
  else if (name.length > 100 || hasControlCharacters(name)) errors.push({ field: 'name', key: 'errors.invite.name.invalid' });
  if (!EMAIL.test(email) || email.length > 254) errors.push({ field: 'email', key: 'errors.invite.email.invalid' });
  if (!organisationKind) errors.push({ field: 'organisationKind', key: 'errors.invite.organisationKind.required' });
  if (organisationName.length > ROUND_TEXT_MAX || hasControlCharacters(organisationName)) errors.push({ field: 'organisationName', key: 'errors.invite.organisationName.invalid' });
  else if (organisationKind === 'neighbourhood-watch-group' && !organisationName) errors.push({ field: 'organisationName', key: 'errors.invite.organisationName.required' });
  if (errors.length || !organisationKind) {
    return { ok: false, errors, values: { name: name.slice(0, 200), email: email.slice(0, 300), organisationKind: organisationKind ?? '', organisationName: organisationName.slice(0, 400) } };
  }
  return { ok: true, value: { name, email, organisationKind, organisationName: organisationName || null } };
}

export interface AssignForm {
  findingId: string;
  ownerEmail: string;
  deadline: string | null;
}

/** "Skicka till ansvarig": which finding, the owner's email, and a deadline (empty: six months after the round). */
export function validateAssignForm(input: unknown): Validated<AssignForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const findingId = text(body, 'findingId');
  const ownerEmail = text(body, 'ownerEmail').toLowerCase();
  const deadline = text(body, 'deadline');
  if (!/^[0-9a-f-]{36}$/.test(findingId)) errors.push({ field: 'findingId', key: 'errors.assign.findingId.required' });
  if (!EMAIL.test(ownerEmail) || ownerEmail.length > 254) errors.push({ field: 'ownerEmail', key: 'errors.assign.ownerEmail.invalid' });
  if (deadline && !isIsoDate(deadline)) errors.push({ field: 'deadline', key: 'errors.assign.deadline.invalid' });
  if (errors.length) return { ok: false, errors, values: { findingId: findingId.slice(0, 40), ownerEmail: ownerEmail.slice(0, 300), deadline: deadline.slice(0, 40) } };
  return { ok: true, value: { findingId, ownerEmail, deadline: deadline || null } };
}
