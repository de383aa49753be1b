/**
 * Time in the police's approval queue: how long a case has waited against its municipality's target
 * (`municipality.yaml` `police.approvalTargetDays`), and how long decisions took. Pure: the caller passes `now`.
 */

export const DAY_MS = 86_400_000;

export interface Waiting {
  /** When the case began to wait for the officer (the step request opened it). */
  waitingSince: string;
  /** Whole days (24 h) waited so far. */
  daysWaiting: number;
  targetDays: number;
  /** The target has passed: waited at least `targetDays` × 24 h. */
  overdue: boolean;
}

export function waitingOf(openedAt: string, targetDays: number, now: Date): Waiting {
  const waitedMs = Math.max(0, now.getTime() - Date.parse(openedAt));
  return { waitingSince: openedAt, daysWaiting: Math.floor(waitedMs / DAY_MS), targetDays, overdue: waitedMs >= targetDays * DAY_MS };
}

/** The latest `openedAt` of a case that is overdue at `now` (cases opened at or before it have passed the target). */
export function overdueCutoff(targetDays: number, now: Date): string {
  return new Date(now.getTime() - targetDays * DAY_MS).toISOString();
}

/** Days from opening to decision, to one decimal. */
export function decisionDays(openedAt: string, decidedAt: string): number {
  return Math.round((Math.max(0, Date.parse(decidedAt) - Date.parse(openedAt)) / DAY_MS) * 10) / 10;
}

/** The nearest-rank percentile (0 < p ≤ 100) of the values; null without values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

/** The median: the mean of the two middle values of an even count; null without values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 10) / 10;
}

/** The calendar year of `now` in the time zone, and the instant it began (local midnight of 1 January). */
export function calendarYearOf(now: Date, timeZone: string): { year: number; startsAt: Date } {
  const year = Number(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }).format(now));
  const utcMidnight = Date.UTC(year, 0, 1);
  return { year, startsAt: new Date(utcMidnight - offsetMs(new Date(utcMidnight), timeZone)) };
}

/** The zone's offset from UTC at an instant (local wall time − UTC). */
function offsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}
