/**
 * A minimal iCalendar (RFC 5545) writer for meeting invitations: one VEVENT in Europe/Stockholm, sent as an email
 * attachment (RFC 6047 iTIP: METHOD:REQUEST for a new or changed meeting, METHOD:CANCEL for a cancelled one).
 * Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); TEXT values are escaped.
 * Pure: no clock, no I/O.
 */

const ICS_TIME_ZONE = 'Europe/Stockholm';
const PRODID = '-//Trygg Samverkan//Start meetings//SV';

export interface CalendarEvent {
  /** Stable per meeting (the same UID in every update and the cancellation), e.g. `<meetingId>@trygg-samverkan`. */
  uid: string;
  /** 0 for the first invitation, +1 with every change or cancellation. */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  start: Date;
  end: Date;
  /** When this version of the invitation was written (DTSTAMP). */
  stamp: Date;
  summary: string;
  location: string;
  description?: string;
  /** The organiser's address (mailto), optional. */
  organizer?: { email: string; name?: string };
}

/**
 * Europe/Stockholm's rules (CET/CEST, EU summer time: last Sunday of March 02:00 → 03:00, last Sunday of October
 * 03:00 → 02:00), as the VTIMEZONE every reader needs beside DTSTART;TZID=.
 */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${ICS_TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** RFC 5545 3.3.11: backslash, semicolon and comma escaped, line breaks as `\n`; control characters dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    // eslint-disable-next-line no-control-regex -- dropping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '');
}

/** RFC 5545 3.1: a content line longer than 75 octets goes on in lines that begin with one space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first line holds 75 octets; each continuation line 74 after its leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** An instant as UTC date-time (`20260601T080000Z`). */
function utc(at: Date): string {
  return `${at.getUTCFullYear()}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}T${two(at.getUTCHours())}${two(at.getUTCMinutes())}${two(at.getUTCSeconds())}Z`;
}

/** An instant as local date-time in Europe/Stockholm (`20260601T100000`), for DTSTART;TZID=Europe/Stockholm. */
function stockholmLocal(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: ICS_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}${parts['month']}${parts['day']}T${parts['hour']}${parts['minute']}${parts['second']}`;
}

/** The calendar file: CRLF line endings, folded lines, escaped text. */
export function buildCalendar(event: CalendarEvent): string {
  if (!(event.end.getTime() > event.start.getTime())) throw new Error('a calendar event must end after it starts');
  if (!Number.isInteger(event.sequence) || event.sequence < 0) throw new Error('SEQUENCE must be a whole number ≥ 0');
  const cancelled = event.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${PRODID}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    ...VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utc(event.stamp)}`,
    `DTSTART;TZID=${ICS_TIME_ZONE}:${stockholmLocal(event.start)}`,
    `DTEND;TZID=${ICS_TIME_ZONE}:${stockholmLocal(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `LOCATION:${escapeText(event.location)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.organizer ? [`ORGANIZER${event.organizer.name ? `;CN="${event.organizer.name.replace(/["\\;:,\r\n]/g, '')}"` : ''}:mailto:${event.organizer.email}`] : []),
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
