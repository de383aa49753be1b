/**
 * Quiet hours (e.g. 21:00–08:00 Europe/Stockholm): a non-urgent SMS that would arrive inside them waits until
 * they end; urgent messages go at once. Pure: the time zone rules come from Intl (the ICU data in Node), so
 * daylight-saving changes are handled — "08:00" is 08:00 local time on the day it falls, summer or winter.
 */
export interface QuietHours {
  start: string; // HH:MM
  end: string; // HH:MM
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  minutes: number;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day'), minutes: get('hour') * 60 + get('minute') };
}

/** The UTC instant of a local wall-clock time (the first one, should the clock repeat an hour). */
export function instantOfLocal(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  let guess = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  // Two corrections are enough to settle on the offset in force at that local time.
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(guess), timeZone);
    const diff = Date.UTC(p.year, p.month - 1, p.day, Math.floor(p.minutes / 60), p.minutes % 60) - Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
    if (diff === 0) break;
    guess -= diff;
  }
  return new Date(guess);
}

export function isQuiet(at: Date, hours: QuietHours, timeZone: string): boolean {
  const now = localParts(at, timeZone).minutes;
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * When a message may be delivered: `at` itself, or the end of the quiet hours it falls in. Urgent messages
 * ignore quiet hours.
 */
export function deliverableAt(at: Date, hours: QuietHours, timeZone: string, urgent: boolean): Date {
  if (urgent || !isQuiet(at, hours, timeZone)) return at;
  const local = localParts(at, timeZone);
  const end = minutesOf(hours.end);
  let { year, month, day } = local;
  if (local.minutes >= end) {
    // Evening: the quiet hours end tomorrow morning.
    const tomorrow = new Date(Date.UTC(year, month - 1, day + 1));
    year = tomorrow.getUTCFullYear();
    month = tomorrow.getUTCMonth() + 1;
    day = tomorrow.getUTCDate();
  }
  return instantOfLocal(year, month, day, end, timeZone);
}
