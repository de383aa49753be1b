import { child, ICalParseError, instantOf, parseICalendar, property, unescapeText } from '@trygg/testing';
import { buildCalendar, type CalendarEvent, escapeText, foldLine } from './icalendar';

const meeting: CalendarEvent = {
  uid: '6f1c2a5e-7d1b-4c1e-9a43-0d2b7c1e4f10@trygg-samverkan',
  sequence: 0,
  method: 'REQUEST',
  start: new Date('2026-06-10T16:00:00Z'), // 18:00 CEST
  end: new Date('2026-06-10T17:30:00Z'),
  stamp: new Date('2026-06-01T08:00:00Z'),
  summary: 'Uppstartsmöte: Grannsamverkan Ängen',
  location: 'Folkets hus, Storgatan 1; sal 2, Lilla Edet',
};

function vevent(text: string) {
  const calendar = parseICalendar(text);
  const event = child(calendar, 'VEVENT');
  if (!event) throw new Error('no VEVENT');
  return { calendar, event, value: (name: string) => property(event, name)?.value };
}

describe('buildCalendar (parsed back)', () => {
  it('is a VCALENDAR with METHOD:REQUEST, PRODID, VERSION:2.0 and one VEVENT with every field a client needs', () => {
    const text = buildCalendar(meeting);
    const { calendar, value } = vevent(text);
    expect(calendar.name).toBe('VCALENDAR');
    expect(property(calendar, 'METHOD')?.value).toBe('REQUEST');
    expect(property(calendar, 'VERSION')?.value).toBe('2.0');
    expect(property(calendar, 'PRODID')?.value).toMatch(/^-\/\/.+\/\/.+\/\/[A-Z]{2}$/);
    expect(value('UID')).toBe(meeting.uid);
    expect(value('SEQUENCE')).toBe('0');
    expect(value('DTSTAMP')).toBe('20260601T080000Z');
    expect(unescapeText(value('SUMMARY')!)).toBe(meeting.summary);
    expect(unescapeText(value('LOCATION')!)).toBe(meeting.location);
    expect(value('STATUS')).toBe('CONFIRMED');
  });

  it('writes start and end in Europe/Stockholm with a VTIMEZONE (STANDARD and DAYLIGHT) that turns them back into the same instants', () => {
    const { calendar, event } = vevent(buildCalendar(meeting));
    const zone = child(calendar, 'VTIMEZONE')!;
    expect(property(zone, 'TZID')?.value).toBe('Europe/Stockholm');
    expect(child(zone, 'STANDARD')).toBeDefined();
    expect(child(zone, 'DAYLIGHT')).toBeDefined();
    const dtstart = property(event, 'DTSTART')!;
    expect(dtstart.params['TZID']).toBe('Europe/Stockholm');
    expect(dtstart.value).toBe('20260610T180000');
    expect(instantOf(calendar, dtstart)).toEqual(meeting.start);
    expect(instantOf(calendar, property(event, 'DTEND')!)).toEqual(meeting.end);
  });

  it.each([
    ['winter (CET, +01:00)', '2026-01-20T17:00:00Z', '20260120T180000'],
    ['the day summer time begins', '2026-03-29T16:00:00Z', '20260329T180000'],
    ['the day summer time ends', '2026-10-25T17:00:00Z', '20261025T180000'],
    ['summer of another year', '2027-07-01T06:30:00Z', '20270701T083000'],
  ])('round-trips a meeting in %s', (_label, iso, local) => {
    const start = new Date(iso);
    const { calendar, event } = vevent(buildCalendar({ ...meeting, start, end: new Date(start.getTime() + 3_600_000) }));
    expect(property(event, 'DTSTART')!.value).toBe(local);
    expect(instantOf(calendar, property(event, 'DTSTART')!)).toEqual(start);
  });

  it('ends every line with CRLF and folds long lines at 75 octets without splitting a UTF-8 character', () => {
    const location = 'Ängsgårdens föreningslokal, Åkervägen 12 – ingång från gården, trappan ner, andra dörren till höger; ring på';
    const text = buildCalendar({ ...meeting, location, description: 'Rad ett\nRad två, med komma; och semikolon \\ och snedstreck' });
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).toContain('\r\n ');
    const { value } = vevent(text);
    expect(unescapeText(value('LOCATION')!)).toBe(location);
    expect(unescapeText(value('DESCRIPTION')!)).toBe('Rad ett\nRad två, med komma; och semikolon \\ och snedstreck');
  });

  it('escapes text so a place cannot add properties or components', () => {
    const hostile = 'Hall\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:fake';
    const { calendar, value } = vevent(buildCalendar({ ...meeting, location: hostile }));
    expect(calendar.components.filter((c) => c.name === 'VEVENT')).toHaveLength(1);
    expect(unescapeText(value('LOCATION')!)).toBe('Hall\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:fake');
    expect(value('SUMMARY')).toBe(escapeText(meeting.summary));
  });

  it('an update keeps the UID and carries the higher SEQUENCE; a cancellation is METHOD:CANCEL with STATUS:CANCELLED', () => {
    const update = vevent(buildCalendar({ ...meeting, sequence: 1 }));
    expect(update.value('UID')).toBe(meeting.uid);
    expect(update.value('SEQUENCE')).toBe('1');
    const cancel = vevent(buildCalendar({ ...meeting, sequence: 2, method: 'CANCEL' }));
    expect(property(cancel.calendar, 'METHOD')?.value).toBe('CANCEL');
    expect(cancel.value('STATUS')).toBe('CANCELLED');
    expect(cancel.value('UID')).toBe(meeting.uid);
    expect(cancel.value('SEQUENCE')).toBe('2');
  });

  it('refuses an event that ends before it starts, and a negative sequence', () => {
    expect(() => buildCalendar({ ...meeting, end: meeting.start })).toThrow(/end after it starts/);
    expect(() => buildCalendar({ ...meeting, sequence: -1 })).toThrow(/SEQUENCE/);
  });
});

describe('foldLine and the reader', () => {
  it('folds a 200-octet line into lines of at most 75 octets that unfold to the original', () => {
    const line = `DESCRIPTION:${'å'.repeat(94)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('the reader refuses what clients would choke on: bare LF, an over-long line, unbalanced components', () => {
    expect(() => parseICalendar('BEGIN:VCALENDAR\nEND:VCALENDAR\r\n')).toThrow(ICalParseError);
    expect(() => parseICalendar(`BEGIN:VCALENDAR\r\nX-A:${'a'.repeat(80)}\r\nEND:VCALENDAR\r\n`)).toThrow(/octets/);
    expect(() => parseICalendar('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n')).toThrow(ICalParseError);
  });
});
