import type { WalkReport } from './walk-report';
import { ageClass, canBook, type BookingRefusal, isStaffed, type Staffing, type StaffingRules, type WalkerFacts } from './staffing';

/**
 * A walk (vandring / pass): one evening or night of an organisation's walkers, one-off or one occurrence of a weekly
 * series, with its bookings, its check-in/out log and the coordinator's debrief note. Pure rules.
 */
export type WalkStatus = 'scheduled' | 'cancelled' | 'held';

/** A booking, with what the composition rules needed to know about the walker when they booked. */
export interface Booking {
  volunteerId: string;
  personId: string;
  bookedAt: string;
  walker: Omit<WalkerFacts, 'volunteerId'>;
}

export interface LogEntry {
  volunteerId: string;
  kind: 'check-in' | 'check-out';
  at: string;
}

export interface Walk {
  id: string;
  municipalityId: string;
  organisationId: string;
  seriesId: string | null;
  startsAt: string;
  endsAt: string;
  meetingPoint: string;
  minWalkers: number;
  maxWalkers: number;
  status: WalkStatus;
  bookings: Booking[];
  log: LogEntry[];
  debrief: string | null;
  /** When the walk was found understaffed 48 h before (once per walk; the event was written then). */
  understaffedAt: string | null;
  cancellation: { cancelledAt: string; cancelledBy: string; reason: string } | null;
  /** The walkers reminded the day before / invited while understaffed, once each (`walk-automation.ts`; absent on older walks). */
  remindedVolunteerIds?: string[];
  invitedVolunteerIds?: string[];
  /** The walkers' after-walk reports, one per walker (absent on walks stored before reports existed). */
  reports?: WalkReport[];
  createdAt: string;
  createdBy: string;
}

export interface WalkPlan {
  organisationId: string;
  startsAt: string;
  endsAt: string;
  meetingPoint: string;
  /** Default: the organisation's minimum (never below it, never below 2). */
  minWalkers?: number;
  maxWalkers: number;
}

/** A walk plan the rules refuse: the field and why (a 400 naming the field). */
export interface PlanProblem {
  field: string;
  message: string;
}

/** How far back and ahead of a walk its walkers may check in and out. */
export const CHECK_IN_OPENS_BEFORE_MS = 2 * 3_600_000;
export const CHECK_OUT_CLOSES_AFTER_MS = 6 * 3_600_000;
/** A walk still understaffed this long before it starts is reported, once. */
export const UNDERSTAFFED_NOTICE_MS = 48 * 3_600_000;

export function planProblems(plan: WalkPlan, rules: StaffingRules, now: Date): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const minimum = Math.max(2, rules.minimumWalkers);
  const min = plan.minWalkers ?? minimum;
  if (min < minimum) problems.push({ field: 'minWalkers', message: `must be at least ${minimum} (the organisation's minimum; never fewer than 2)` });
  if (plan.maxWalkers < Math.max(min, rules.trainedWalkersRequired)) problems.push({ field: 'maxWalkers', message: 'must be at least minWalkers' });
  if (Date.parse(plan.startsAt) <= now.getTime()) problems.push({ field: 'startsAt', message: 'must be in the future' });
  if (Date.parse(plan.endsAt) <= Date.parse(plan.startsAt)) problems.push({ field: 'endsAt', message: 'must be after startsAt' });
  return problems;
}

export function newWalk(
  ids: { id: string; municipalityId: string; seriesId: string | null },
  plan: WalkPlan,
  rules: StaffingRules,
  createdBy: string,
  now: Date,
): Walk {
  return {
    ...ids,
    organisationId: plan.organisationId,
    startsAt: new Date(plan.startsAt).toISOString(),
    endsAt: new Date(plan.endsAt).toISOString(),
    meetingPoint: plan.meetingPoint,
    minWalkers: plan.minWalkers ?? Math.max(2, rules.minimumWalkers),
    maxWalkers: plan.maxWalkers,
    status: 'scheduled',
    bookings: [],
    log: [],
    debrief: null,
    understaffedAt: null,
    cancellation: null,
    reports: [],
    createdAt: now.toISOString(),
    createdBy,
  };
}

/** The walkers of a walk's bookings as the rules see them. */
export function bookedWalkers(walk: Walk): WalkerFacts[] {
  return walk.bookings.map((b) => ({ volunteerId: b.volunteerId, ...b.walker }));
}

export function staffingOf(walk: Walk, rules: StaffingRules): Staffing {
  return isStaffed(walk, walk.bookings, bookedWalkers(walk), rules);
}

export function book(walk: Walk, walker: WalkerFacts & { personId: string }, rules: StaffingRules, now: Date): Walk | BookingRefusal {
  const verdict = canBook(walk, walk.bookings, bookedWalkers(walk), walker, rules, now);
  if (verdict !== 'ok') return verdict;
  const { volunteerId, personId, ...facts } = walker;
  return { ...walk, bookings: [...walk.bookings, { volunteerId, personId, bookedAt: now.toISOString(), walker: facts }] };
}

export type UnbookRefusal = 'walk_cancelled' | 'walk_started' | 'not_booked';

export function unbook(walk: Walk, volunteerId: string, now: Date): Walk | UnbookRefusal {
  if (walk.status === 'cancelled') return 'walk_cancelled';
  if (walk.status !== 'scheduled' || Date.parse(walk.startsAt) <= now.getTime()) return 'walk_started';
  if (!walk.bookings.some((b) => b.volunteerId === volunteerId)) return 'not_booked';
  return { ...walk, bookings: walk.bookings.filter((b) => b.volunteerId !== volunteerId) };
}

export type CheckRefusal = 'walk_cancelled' | 'not_booked' | 'check_in_not_open' | 'already_checked_in' | 'not_checked_in';

function lastLogOf(walk: Walk, volunteerId: string): LogEntry | undefined {
  return walk.log.filter((l) => l.volunteerId === volunteerId).at(-1);
}

/** A booked walker checks in on the night: from 2 h before the start until 6 h after the end. */
export function checkIn(walk: Walk, volunteerId: string, now: Date): Walk | CheckRefusal {
  if (walk.status === 'cancelled') return 'walk_cancelled';
  if (!walk.bookings.some((b) => b.volunteerId === volunteerId)) return 'not_booked';
  const t = now.getTime();
  if (t < Date.parse(walk.startsAt) - CHECK_IN_OPENS_BEFORE_MS || t > Date.parse(walk.endsAt) + CHECK_OUT_CLOSES_AFTER_MS) return 'check_in_not_open';
  if (lastLogOf(walk, volunteerId)?.kind === 'check-in') return 'already_checked_in';
  return { ...walk, log: [...walk.log, { volunteerId, kind: 'check-in', at: now.toISOString() }] };
}

export function checkOut(walk: Walk, volunteerId: string, now: Date): Walk | CheckRefusal {
  if (walk.status === 'cancelled') return 'walk_cancelled';
  if (!walk.bookings.some((b) => b.volunteerId === volunteerId)) return 'not_booked';
  if (lastLogOf(walk, volunteerId)?.kind !== 'check-in') return 'not_checked_in';
  return { ...walk, log: [...walk.log, { volunteerId, kind: 'check-out', at: now.toISOString() }] };
}

export type CancelRefusal = 'already_cancelled' | 'walk_held';

export function cancelWalk(walk: Walk, cancelledBy: string, reason: string, now: Date): Walk | CancelRefusal {
  if (walk.status === 'cancelled') return 'already_cancelled';
  if (walk.status === 'held') return 'walk_held';
  return { ...walk, status: 'cancelled', cancellation: { cancelledAt: now.toISOString(), cancelledBy, reason } };
}

/** The coordinator's debrief note after the walk: the walk counts as held from then on. */
export function debrief(walk: Walk, note: string, now: Date): Walk | 'walk_cancelled' | 'walk_not_started' {
  if (walk.status === 'cancelled') return 'walk_cancelled';
  if (Date.parse(walk.startsAt) > now.getTime()) return 'walk_not_started';
  return { ...walk, status: 'held', debrief: note };
}

/**
 * 48 hours before, a walk whose rules do not hold is marked understaffed — once per walk (`understaffedAt`); the
 * caller writes the event in the same write. Null when there is nothing to mark.
 */
export function markUnderstaffed(walk: Walk, rules: StaffingRules, now: Date): { next: Walk; staffing: Staffing } | null {
  if (walk.status !== 'scheduled' || walk.understaffedAt !== null) return null;
  const starts = Date.parse(walk.startsAt);
  if (now.getTime() < starts - UNDERSTAFFED_NOTICE_MS || now.getTime() >= starts) return null;
  const staffing = staffingOf(walk, rules);
  if (staffing.staffed) return null;
  return { next: { ...walk, understaffedAt: now.toISOString() }, staffing };
}

/**
 * An erased walker leaves every walk: their booking (with the birth year and person id it recorded) goes; the
 * check-in/out log keeps the volunteer id and times only, as the erased walker document keeps its ids. Null when the
 * walker has no booking on the walk.
 */
export function forgetWalker(walk: Walk, volunteerId: string): Walk | null {
  if (!walk.bookings.some((b) => b.volunteerId === volunteerId)) return null;
  return { ...walk, bookings: walk.bookings.filter((b) => b.volunteerId !== volunteerId) };
}

/** Is the booked walker a youth walker on this walk (for the coordinator's list)? */
export function isYouthOn(walk: Walk, booking: Booking, rules: StaffingRules): boolean {
  return ageClass(booking.walker, walk.startsAt, rules) === 'youth';
}

// --- weekly series -----------------------------------------------------------------------------------------

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeeklyPattern {
  weekdays: Weekday[];
  /** Local wall-clock times HH:MM; an end at or before the start is on the next day (21:00–01:00). */
  startTime: string;
  endTime: string;
  timezone: string;
  /** First local date YYYY-MM-DD, and how many weeks from it are materialised. */
  from: string;
  weeks: number;
}

/** The UTC instant of a local wall-clock time in `timezone` (the zone's offset at that moment, DST included). */
export function zonedTime(date: string, time: string, timezone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  let guess = asUtc - offsetMs(asUtc, timezone);
  guess = asUtc - offsetMs(guess, timezone);
  return new Date(guess);
}

function offsetMs(instant: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(instant / 1000) * 1000;
}

/** The occurrences of a weekly pattern (start and end instants), in order. */
export function occurrences(pattern: WeeklyPattern): Array<{ startsAt: string; endsAt: string }> {
  const [y, m, d] = pattern.from.split('-').map(Number) as [number, number, number];
  const result: Array<{ startsAt: string; endsAt: string }> = [];
  for (let i = 0; i < pattern.weeks * 7; i += 1) {
    const day = new Date(Date.UTC(y, m - 1, d + i));
    const weekday = WEEKDAYS[(day.getUTCDay() + 6) % 7]!;
    if (!pattern.weekdays.includes(weekday)) continue;
    const date = day.toISOString().slice(0, 10);
    const next = new Date(Date.UTC(y, m - 1, d + i + 1)).toISOString().slice(0, 10);
    const startsAt = zonedTime(date, pattern.startTime, pattern.timezone);
    const endDate = pattern.endTime <= pattern.startTime ? next : date;
    result.push({ startsAt: startsAt.toISOString(), endsAt: zonedTime(endDate, pattern.endTime, pattern.timezone).toISOString() });
  }
  return result;
}

/** The walk's start and end on the municipality's clock: YYYY-MM-DD, HH:MM, HH:MM (for messages). */
export function localTimes(walk: Pick<Walk, 'startsAt' | 'endsAt'>, timezone: string): { localDate: string; localStartTime: string; localEndTime: string } {
  const parts = (iso: string) => {
    const p = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(iso));
    const get = (type: string) => p.find((x) => x.type === type)!.value;
    return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
  };
  const start = parts(walk.startsAt);
  return { localDate: start.date, localStartTime: start.time, localEndTime: parts(walk.endsAt).time };
}
