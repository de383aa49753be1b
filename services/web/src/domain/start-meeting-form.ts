import { asFormBody, type FieldError, hasControlCharacters, text, type Validated } from './form-input';

const ZONE = 'Europe/Stockholm';
/** The longest place police-liaison accepts. */
export const PLACE_MAX = 300;

export interface StartMeetingForm {
  /** ISO 8601 with the Europe/Stockholm offset of that day, e.g. 2026-06-17T18:00:00+02:00. */
  startsAt: string;
  endsAt: string;
  place: string;
}

/** The UTC offset of Europe/Stockholm at a local wall-clock time, as `+01:00` / `+02:00`. */
function offsetAt(date: string, time: string): string {
  // The offset at the instant the wall-clock time would be in UTC is right except within the hour of a switch.
  const guess = new Date(`${date}T${time}:00Z`);
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, timeZoneName: 'longOffset' }).formatToParts(guess).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+01:00';
}

function validDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

const TIME = /^([01]\d|2[0-3])[:.]([0-5]\d)$/;

/**
 * The officer's or coordinator's start meeting: a day (YYYY-MM-DD), a start and an end time (HH:MM) in Swedish time,
 * and the place. Whether the time is in the past is police-liaison's rule (its 400 is shown at the day's field).
 */
export function validateStartMeetingForm(input: unknown): Validated<StartMeetingForm> {
  const body = asFormBody(input);
  const date = text(body, 'date');
  const startTime = text(body, 'startTime');
  const endTime = text(body, 'endTime');
  const place = text(body, 'place');
  const errors: FieldError[] = [];
  if (!date) errors.push({ field: 'date', key: 'errors.meeting.dateRequired' });
  else if (!validDate(date)) errors.push({ field: 'date', key: 'errors.meeting.dateInvalid' });
  const start = TIME.exec(startTime);
  const end = TIME.exec(endTime);
  if (!start) errors.push({ field: 'startTime', key: 'errors.meeting.timeInvalid' });
  if (!end) errors.push({ field: 'endTime', key: 'errors.meeting.timeInvalid' });
  else if (start && `${end[1]}:${end[2]}` <= `${start[1]}:${start[2]}`) errors.push({ field: 'endTime', key: 'errors.meeting.endBeforeStart' });
  if (!place) errors.push({ field: 'place', key: 'errors.meeting.placeRequired' });
  else if (place.length > PLACE_MAX || hasControlCharacters(place)) errors.push({ field: 'place', key: 'errors.meeting.placeInvalid' });
  if (errors.length || !start || !end) return { ok: false, errors, values: { date, startTime, endTime, place: place.slice(0, PLACE_MAX * 2) } };
  const at = (m: RegExpExecArray) => `${m[1]}:${m[2]}`;
  return {
    ok: true,
    value: { startsAt: `${date}T${at(start)}:00${offsetAt(date, at(start))}`, endsAt: `${date}T${at(end)}:00${offsetAt(date, at(end))}`, place },
  };
}

/** A stored meeting back into the form's fields (Swedish time). */
export function formValuesOf(meeting: { startsAt: string; endsAt: string; place: string }): Record<string, string> {
  const parts = (iso: string) =>
    Object.fromEntries(new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  const s = parts(meeting.startsAt);
  const e = parts(meeting.endsAt);
  return { date: `${s['year']}-${s['month']}-${s['day']}`, startTime: `${s['hour']}:${s['minute']}`, endTime: `${e['hour']}:${e['minute']}`, place: meeting.place };
}
