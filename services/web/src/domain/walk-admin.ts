import { asFormBody, type FieldError, type FormBody, hasControlCharacters, text, type Validated } from './form-input';

/**
 * The coordinator's walk pages (issue 15): reading the forms (one walk, a weekly series, cancel, debrief, a walker's
 * training / consent), local times on the municipality's clock, and the monthly report's figures. The volunteers
 * service checks every plan again (its 400s are shown next to the same fields).
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY_MS = 86_400_000;
/** volunteers materialises a series at most 12 weeks ahead. */
const MAX_SERIES_DAYS = 84;

/** The local date and time (YYYY-MM-DD, HH:MM) of an instant on the municipality's clock. */
export function localParts(iso: string | Date, timezone: string): { date: string; time: string } {
  const p = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(iso));
  const get = (type: string) => p.find((x) => x.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** The instant of a local date and time on the municipality's clock (summer time included). */
export function zonedInstant(date: string, time: string, timezone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  let guess = asUtc;
  // Two rounds settle the offset (the second corrects a guess on the other side of a summer-time change).
  for (let i = 0; i < 2; i += 1) {
    const shown = localParts(new Date(guess), timezone);
    const [sy, smo, sd] = shown.date.split('-').map(Number) as [number, number, number];
    const [sh, smi] = shown.time.split(':').map(Number) as [number, number];
    guess += asUtc - Date.UTC(sy, smo - 1, sd, sh, smi);
  }
  return new Date(guess);
}

function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function walkersField(body: FormBody, field: string, optional: boolean, errors: FieldError[]): number | undefined {
  const raw = text(body, field);
  if (!raw && optional) return undefined;
  if (!raw) {
    errors.push({ field, key: `errors.walks.${field}.missing` });
    return undefined;
  }
  const n = Number(raw);
  if (!/^\d{1,2}$/.test(raw) || n < 2 || n > 50) errors.push({ field, key: `errors.walks.walkers.range` });
  return n;
}

function common(body: FormBody, errors: FieldError[], organisations: readonly string[]) {
  const organisationId = text(body, 'organisationId');
  if (!organisations.includes(organisationId)) errors.push({ field: 'organisationId', key: 'errors.walks.organisationId.missing' });
  const meetingPoint = text(body, 'meetingPoint');
  if (!meetingPoint) errors.push({ field: 'meetingPoint', key: 'errors.walks.meetingPoint.missing' });
  else if (meetingPoint.length > 200 || hasControlCharacters(meetingPoint)) errors.push({ field: 'meetingPoint', key: 'errors.walks.meetingPoint.invalid' });
  const minWalkers = walkersField(body, 'minWalkers', true, errors);
  const maxWalkers = walkersField(body, 'maxWalkers', false, errors);
  if (minWalkers !== undefined && maxWalkers !== undefined && !errors.some((e) => e.field === 'maxWalkers' || e.field === 'minWalkers') && maxWalkers < minWalkers) {
    errors.push({ field: 'maxWalkers', key: 'errors.walks.maxWalkers.belowMin' });
  }
  const startTime = text(body, 'startTime');
  if (!TIME.test(startTime)) errors.push({ field: 'startTime', key: 'errors.walks.time.invalid' });
  const endTime = text(body, 'endTime');
  if (!TIME.test(endTime)) errors.push({ field: 'endTime', key: 'errors.walks.time.invalid' });
  else if (endTime === startTime) errors.push({ field: 'endTime', key: 'errors.walks.endTime.same' });
  return { organisationId, meetingPoint, startTime, endTime, ...(minWalkers === undefined ? {} : { minWalkers }), maxWalkers: maxWalkers ?? 0 };
}

function values(body: FormBody, fields: readonly string[]): Record<string, string | boolean> {
  return Object.fromEntries(fields.map((f) => [f, text(body, f)]));
}

export interface OneWalk {
  organisationId: string;
  startsAt: string;
  endsAt: string;
  meetingPoint: string;
  minWalkers?: number;
  maxWalkers: number;
}

const WALK_FIELDS = ['organisationId', 'date', 'startTime', 'endTime', 'meetingPoint', 'minWalkers', 'maxWalkers'] as const;

/** A one-off walk: a local date with start and end times (an end at or before the start is the next day). */
export function validateWalkForm(input: unknown, organisations: readonly string[], timezone: string, now: Date): Validated<OneWalk> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const date = text(body, 'date');
  if (!isRealDate(date)) errors.push({ field: 'date', key: 'errors.walks.date.invalid' });
  const c = common(body, errors, organisations);
  let startsAt = '';
  let endsAt = '';
  if (!errors.some((e) => ['date', 'startTime', 'endTime'].includes(e.field))) {
    const start = zonedInstant(date, c.startTime, timezone);
    startsAt = start.toISOString();
    endsAt = zonedInstant(c.endTime < c.startTime ? nextDay(date) : date, c.endTime, timezone).toISOString();
    if (start.getTime() <= now.getTime()) errors.push({ field: 'date', key: 'errors.walks.date.past' });
  }
  if (errors.length) return { ok: false, errors, values: values(body, WALK_FIELDS) };
  const { startTime: _s, endTime: _e, ...plan } = c;
  return { ok: true, value: { ...plan, startsAt, endsAt } };
}

export interface WalkSeries {
  organisationId: string;
  weekdays: Weekday[];
  startTime: string;
  endTime: string;
  from: string;
  weeks: number;
  until: string;
  meetingPoint: string;
  minWalkers?: number;
  maxWalkers: number;
}

const SERIES_FIELDS = ['organisationId', 'startTime', 'endTime', 'from', 'to', 'meetingPoint', 'minWalkers', 'maxWalkers'] as const;

/** The weekdays ticked: one box posts a string, several an array. */
function weekdaysOf(body: FormBody): string[] {
  const raw = body['weekdays'];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((v): v is string => typeof v === 'string');
}

/** A weekly series from one day to another (at most 12 weeks), on the ticked weekdays, local start and end times. */
export function validateSeriesForm(input: unknown, organisations: readonly string[], today: string): Validated<WalkSeries> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const ticked = weekdaysOf(body);
  const weekdays = WEEKDAYS.filter((d) => ticked.includes(d));
  if (weekdays.length === 0 || ticked.some((d) => !(WEEKDAYS as readonly string[]).includes(d))) errors.push({ field: 'weekdays', key: 'errors.walks.weekdays.missing' });
  const c = common(body, errors, organisations);
  const from = text(body, 'from');
  const to = text(body, 'to');
  if (!isRealDate(from)) errors.push({ field: 'from', key: 'errors.walks.date.invalid' });
  else if (from < today) errors.push({ field: 'from', key: 'errors.walks.date.past' });
  if (!isRealDate(to)) errors.push({ field: 'to', key: 'errors.walks.date.invalid' });
  let weeks = 0;
  if (isRealDate(from) && isRealDate(to)) {
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
    if (days < 1) errors.push({ field: 'to', key: 'errors.walks.to.beforeFrom' });
    else if (days > MAX_SERIES_DAYS) errors.push({ field: 'to', key: 'errors.walks.to.tooLong' });
    weeks = Math.ceil(days / 7);
  }
  if (errors.length) return { ok: false, errors, values: { ...values(body, SERIES_FIELDS), ...Object.fromEntries(WEEKDAYS.map((d) => [`weekday-${d}`, ticked.includes(d)])) } };
  return { ok: true, value: { ...c, weekdays, from, weeks, until: to } };
}

/** The cancellation's reason (volunteers tells the booked walkers). */
export function validateCancelForm(input: unknown): Validated<{ reason: string }> {
  const body = asFormBody(input);
  const reason = text(body, 'reason');
  if (!reason) return { ok: false, errors: [{ field: 'reason', key: 'errors.walks.reason.missing' }], values: { reason } };
  if (reason.length > 500) return { ok: false, errors: [{ field: 'reason', key: 'errors.walks.reason.tooLong' }], values: { reason } };
  return { ok: true, value: { reason } };
}

export function validateDebriefForm(input: unknown): Validated<{ note: string }> {
  const body = asFormBody(input);
  const note = text(body, 'note');
  if (!note) return { ok: false, errors: [{ field: 'note', key: 'errors.walks.note.missing' }], values: { note } };
  if (note.length > 4000) return { ok: false, errors: [{ field: 'note', key: 'errors.walks.note.tooLong' }], values: { note } };
  return { ok: true, value: { note } };
}

/** The walker's training and guardian consent as two yes/no radios (both always answered by the form). */
export function validateQualificationsForm(input: unknown): Validated<{ basicTraining: boolean; guardianConsent: boolean }> {
  const body = asFormBody(input);
  const answer = (field: string) => (text(body, field) === 'yes' ? true : text(body, field) === 'no' ? false : undefined);
  const basicTraining = answer('basicTraining');
  const guardianConsent = answer('guardianConsent');
  const errors: FieldError[] = [];
  if (basicTraining === undefined) errors.push({ field: 'basicTraining', key: 'errors.walks.yesNo.missing' });
  if (guardianConsent === undefined) errors.push({ field: 'guardianConsent', key: 'errors.walks.yesNo.missing' });
  if (basicTraining === undefined || guardianConsent === undefined) return { ok: false, errors, values: values(body, ['basicTraining', 'guardianConsent']) };
  return { ok: true, value: { basicTraining, guardianConsent } };
}

/** A month as YYYY-MM, or undefined when it is not one. */
export function parseMonth(value: string): string | undefined {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? value : undefined;
}

/** Minutes as hours with one decimal, Swedish or English decimal mark. */
export function hoursText(minutes: number, lang: 'sv' | 'en'): string {
  const hours = (Math.round((minutes / 60) * 10) / 10).toFixed(1);
  return lang === 'sv' ? hours.replace('.', ',') : hours;
}
