import { OBSERVATION_ACTIVITIES } from '@trygg/contracts';
import { asFormBody, type FieldError, hasControlCharacters, text, type Validated } from './form-input';

export type ObservationActivity = (typeof OBSERVATION_ACTIVITIES)[number];
export { OBSERVATION_ACTIVITIES };

/** The longest description police-liaison accepts (`OBSERVATION_TEXT_MAX`). */
export const OBSERVATION_TEXT_MAX = 2000;
const ADDRESS_MAX = 200;
/** Sweden's bounding box, as police-liaison checks it (`SWEDEN_BOUNDS`). */
const SWEDEN = { minLat: 55.0, maxLat: 69.1, minLng: 10.9, maxLng: 24.2 };

export interface ObservationForm {
  groupId: string;
  occurredAt: string;
  address?: string;
  lat?: number;
  lng?: number;
  activity: ObservationActivity;
  description: string;
}

/** The UTC offset of `zone` at `instant`, in ms (e.g. +2 h in Swedish summer time). */
function offsetMs(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - instant;
}

/** A wall-clock date and time in `zone` (the municipality's) as an instant; undefined when it is no real date. */
export function zonedInstant(date: string, time: string, zone: string): Date | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^([01]\d|2[0-3])[:.]([0-5]\d)$/.exec(time);
  if (!d || !t) return undefined;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  const check = new Date(wall);
  if (check.getUTCFullYear() !== Number(d[1]) || check.getUTCMonth() !== Number(d[2]) - 1 || check.getUTCDate() !== Number(d[3])) return undefined;
  let instant = wall - offsetMs(wall, zone);
  instant = wall - offsetMs(instant, zone);
  return new Date(instant);
}

function coordinate(value: string): number | undefined {
  if (!/^-?\d{1,3}([.,]\d{1,8})?$/.test(value)) return undefined;
  return Number(value.replace(',', '.'));
}

/**
 * The resident's observation: which of their groups (`groupIds`: from enrolment's answer for their link), when (not
 * in the future), where (an address, or a map point within Sweden), what happened (a kind of activity and a
 * description, at most 2,000 characters). A photo or file is never taken: the form has no file field.
 */
export function validateObservationForm(input: unknown, groupIds: readonly string[], zone: string, now: Date): Validated<ObservationForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const values = {
    groupId: text(body, 'groupId'),
    date: text(body, 'date'),
    time: text(body, 'time'),
    placeKind: text(body, 'placeKind'),
    address: text(body, 'address'),
    lat: text(body, 'lat'),
    lng: text(body, 'lng'),
    activity: text(body, 'activity'),
    description: text(body, 'description'),
  };
  const groupId = groupIds.length === 1 ? groupIds[0]! : groupIds.find((g) => g === values.groupId);
  if (!groupId) errors.push({ field: 'groupId', key: 'errors.observation.group' });
  const activity = OBSERVATION_ACTIVITIES.find((a) => a === values.activity);
  if (!activity) errors.push({ field: 'activity', key: 'errors.observation.activity' });
  if (!values.description) errors.push({ field: 'description', key: 'errors.observation.descriptionRequired' });
  else if (values.description.length > OBSERVATION_TEXT_MAX) errors.push({ field: 'description', key: 'errors.observation.descriptionTooLong' });
  const when = zonedInstant(values.date, values.time, zone);
  const dateShape = /^\d{4}-\d{2}-\d{2}$/.test(values.date);
  const timeShape = /^([01]\d|2[0-3])[:.]([0-5]\d)$/.test(values.time);
  if (!values.date) errors.push({ field: 'date', key: 'errors.observation.dateRequired' });
  else if (!dateShape || (timeShape && !when)) errors.push({ field: 'date', key: 'errors.observation.dateInvalid' });
  if (!values.time) errors.push({ field: 'time', key: 'errors.observation.timeRequired' });
  else if (!timeShape) errors.push({ field: 'time', key: 'errors.observation.timeInvalid' });
  if (when && when.getTime() > now.getTime()) errors.push({ field: 'date', key: 'errors.observation.future' });
  let place: Pick<ObservationForm, 'address' | 'lat' | 'lng'> | undefined;
  if (values.placeKind === 'point') {
    const lat = coordinate(values.lat);
    const lng = coordinate(values.lng);
    if (lat === undefined || lat < SWEDEN.minLat || lat > SWEDEN.maxLat) errors.push({ field: 'lat', key: 'errors.observation.lat' });
    if (lng === undefined || lng < SWEDEN.minLng || lng > SWEDEN.maxLng) errors.push({ field: 'lng', key: 'errors.observation.lng' });
    if (lat !== undefined && lng !== undefined) place = { lat, lng };
  } else if (values.placeKind === 'address') {
    if (!values.address) errors.push({ field: 'address', key: 'errors.observation.addressRequired' });
    else if (values.address.length > ADDRESS_MAX || hasControlCharacters(values.address)) errors.push({ field: 'address', key: 'errors.observation.addressInvalid' });
    else place = { address: values.address };
  } else errors.push({ field: 'placeKind', key: 'errors.observation.placeKind' });
  const shown = { ...values, description: values.description.slice(0, OBSERVATION_TEXT_MAX * 2) };
  if (errors.length || !groupId || !activity || !when || !place) return { ok: false, errors, values: shown };
  return { ok: true, value: { groupId, occurredAt: when.toISOString(), ...place, activity, description: values.description } };
}

/** The officer's answer to the reporter: required, at most 2,000 characters. */
export function validateObservationAnswer(input: unknown): Validated<{ answer: string }> {
  const answer = text(asFormBody(input), 'answer');
  if (!answer) return { ok: false, errors: [{ field: 'answer', key: 'errors.observation.answerRequired' }], values: { answer } };
  if (answer.length > OBSERVATION_TEXT_MAX) return { ok: false, errors: [{ field: 'answer', key: 'errors.observation.answerTooLong' }], values: { answer: answer.slice(0, OBSERVATION_TEXT_MAX * 2) } };
  return { ok: true, value: { answer } };
}
