import { buildCalendar } from './icalendar';
import type { OutgoingMessage } from './message';
import type { Language } from './template';

/** The events whose emails carry a start meeting's calendar file. */
const MEETING_EVENTS = new Set(['police.start-meeting-scheduled.v1', 'police.start-meeting-changed.v1']);

export function isMeetingEvent(eventType: string): boolean {
  return MEETING_EVENTS.has(eventType);
}

/** What the templates of a meeting event may use besides the payload: the time in words, in Europe/Stockholm. */
export const MEETING_VARIABLES = ['meeting.when'];

/** "onsdag 10 juni 2026 kl. 18:00–19:30" / "Wednesday, 10 June 2026, 18:00–19:30", Europe/Stockholm. */
export function meetingWhen(startsAt: string, endsAt: string, language: Language): string {
  const zone = 'Europe/Stockholm';
  const locale = language === 'en' ? 'en-GB' : 'sv-SE';
  const day = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(startsAt));
  const time = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return language === 'en' ? `${day}, ${time(startsAt)}–${time(endsAt)}` : `${day} kl. ${time(startsAt)}–${time(endsAt)}`;
}

const SUMMARY: Record<Language, (municipality: string) => string> = {
  sv: (m) => `Uppstartsmöte grannsamverkan – ${m}`,
  en: (m) => `Neighbourhood watch start meeting – ${m}`,
};

/**
 * The `.ics` of a start meeting's email (RFC 5545/6047), from the event's payload: the same UID for every version of
 * the meeting, its SEQUENCE (0 scheduled, +1 with each change), METHOD:REQUEST — or METHOD:CANCEL when cancelled.
 * DTSTAMP is when the message was made, so a retried send writes the same file. null for any other message.
 */
export function meetingCalendarOf(message: Pick<OutgoingMessage, 'eventType' | 'payload' | 'createdAt' | 'channel'>, language: Language, municipalityName: string): { filename: string; content: string; contentType: string } | null {
  const p = message.payload;
  if (message.channel !== 'email' || !isMeetingEvent(message.eventType) || !p) return null;
  const method = p['status'] === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const content = buildCalendar({
    uid: `${String(p['meetingId'])}@trygg-samverkan`,
    sequence: Number(p['sequence']),
    method,
    start: new Date(String(p['startsAt'])),
    end: new Date(String(p['endsAt'])),
    stamp: new Date(message.createdAt),
    summary: (SUMMARY[language] ?? SUMMARY.sv)(municipalityName),
    location: String(p['place']),
  });
  return { filename: language === 'en' ? 'start-meeting.ics' : 'uppstartsmote.ics', content, contentType: `text/calendar; charset=utf-8; method=${method}` };
}
