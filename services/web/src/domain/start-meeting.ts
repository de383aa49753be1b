/**
 * When a group's start meeting (uppstartsmöte) was held, for the coordinator's group page. Enrolment keeps a date the
 * coordinator may set on the group; the meeting itself is recorded in onboarding, on the `meeting-attendance` step of
 * a contact person's nomination (its evidence carries the day; an answer without one counts from the day it was given).
 */

interface StepState {
  type: string;
  status: string;
  answeredAt: string | null;
  evidence: { meetingDate?: string | undefined } | null;
}

/** The calendar day in Sweden (an answer at 00:30 Swedish time is that day, not the UTC day before). */
export function swedishDay(iso: string): string | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The day of the attended meeting-attendance step of one onboarding instance, or null when none was attended. */
export function meetingDateOf(steps: readonly StepState[]): string | null {
  const attended = steps.find((s) => s.type === 'meeting-attendance' && s.status === 'approved');
  if (!attended) return null;
  if (attended.evidence?.meetingDate && /^\d{4}-\d{2}-\d{2}$/.test(attended.evidence.meetingDate)) return attended.evidence.meetingDate;
  return attended.answeredAt ? swedishDay(attended.answeredAt) : null;
}

/** The group's start meeting: the earliest day onboarding recorded among its nominations (a deputy's meeting comes later). */
export function earliestMeetingDay(recorded: ReadonlyArray<string | null>): string | null {
  return recorded.filter((d): d is string => d !== null).sort()[0] ?? null;
}
