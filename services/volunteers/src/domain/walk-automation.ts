import { canBook, type StaffingRules, type WalkerFacts } from './staffing';
import { cancelWalk, localTimes, staffingOf, type Walk, UNDERSTAFFED_NOTICE_MS, zonedTime } from './walk';

/**
 * What volunteers does with the walks on its own (housekeeping, issue 15): the day-before reminder of each booked
 * walker, the invitation of available walkers to an understaffed walk, and the cancellation of a walk that cannot be
 * staffed. Pure rules with the time given; each decision also records on the walk whom it told, so the caller's
 * single conditional write makes it happen once per walker and walk, however many instances run the jobs.
 */

/** The reminder is due from this time on the municipality's clock, on the day before the walk's local date. */
export const REMINDER_LOCAL_TIME = '09:00';

/** A walk records whom it reminded and invited (`remindedVolunteerIds`, `invitedVolunteerIds` of `Walk`). */
type AutomatedWalk = Walk;

/** The instant the day-before reminder of a walk is due: 09:00 local on the day before the walk's local date. */
export function reminderDueAt(walk: Pick<Walk, 'startsAt' | 'endsAt'>, timezone: string): Date {
  const { localDate } = localTimes(walk, timezone);
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const dayBefore = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
  return zonedTime(dayBefore, REMINDER_LOCAL_TIME, timezone);
}

/**
 * The booked walkers to remind now: from 09:00 local the day before until the walk starts, each booked walker once
 * (also one who books after 09:00). Null when nobody is to be reminded; else the walk with them recorded.
 */
export function remindWalkers(walk: AutomatedWalk, timezone: string, now: Date): { next: AutomatedWalk; reminded: Walk['bookings'] } | null {
  if (walk.status !== 'scheduled') return null;
  if (now.getTime() < reminderDueAt(walk, timezone).getTime() || now.getTime() >= Date.parse(walk.startsAt)) return null;
  const done = new Set(walk.remindedVolunteerIds ?? []);
  const reminded = walk.bookings.filter((b) => !done.has(b.volunteerId));
  if (reminded.length === 0) return null;
  return { next: { ...walk, remindedVolunteerIds: [...done, ...reminded.map((b) => b.volunteerId)] }, reminded };
}

// --- usual availability ------------------------------------------------------------------------------------

/** The choices of the sign-up form (`AVAILABILITY` of @trygg/http-contracts' volunteers). */
export type Availability = 'weekday-evenings' | 'friday' | 'saturday' | 'daytime';

/** Daytime: a walk starting from 06:00 until 16:59 on the municipality's clock; evening: from 17:00 until 05:59. */
const DAYTIME_FROM_HOUR = 6;
const EVENING_FROM_HOUR = 17;

/**
 * Which usual availability a walk fits, by its start on the municipality's clock: a start from 06:00 to 16:59 is
 * `daytime` (any day); an evening or night start (17:00–05:59; after midnight counts for the evening before) is
 * `friday` or `saturday` on those evenings and `weekday-evenings` on the others (Sunday to Thursday: the evening
 * before a working day). A daytime walk on a Friday or Saturday also fits `friday` / `saturday`.
 */
export function availabilityOf(walk: Pick<Walk, 'startsAt' | 'endsAt'>, timezone: string): Availability[] {
  const { localDate, localStartTime } = localTimes(walk, timezone);
  const hour = Number(localStartTime.slice(0, 2));
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const evening = hour >= EVENING_FROM_HOUR || hour < DAYTIME_FROM_HOUR;
  // After midnight the walk belongs to the evening before.
  const day = new Date(Date.UTC(y, m - 1, d - (hour < DAYTIME_FROM_HOUR ? 1 : 0))).getUTCDay(); // 0 Sunday … 6 Saturday
  const named: Availability | null = day === 5 ? 'friday' : day === 6 ? 'saturday' : null;
  if (!evening) return named ? ['daytime', named] : ['daytime'];
  return [named ?? 'weekday-evenings'];
}

/** Does a walker's usual availability (from the sign-up; none recorded: no) fit the walk? */
export function availableFor(availability: readonly string[] | undefined, walk: Pick<Walk, 'startsAt' | 'endsAt'>, timezone: string): boolean {
  if (!availability?.length) return false;
  const fits = availabilityOf(walk, timezone);
  return availability.some((a) => (fits as string[]).includes(a));
}

// --- invitations -------------------------------------------------------------------------------------------

/** A candidate for an invitation: the rules' facts of an active walker, their person id and usual availability. */
export interface InvitationCandidate extends WalkerFacts {
  personId: string;
  availability: readonly string[] | undefined;
}

/**
 * A scheduled walk found understaffed (48 h before, `understaffedAt`) that still is, before it starts and before the
 * municipality's automatic cancellation (`cancelLeadMs`, 0: none), invites each candidate once who could book it now
 * (the booking rules say `ok`: active, of the walk's organisation, old enough, a place they may take) and whose usual
 * availability fits. Null when nobody is to be invited; else the walk with them recorded.
 */
export function inviteWalkers(
  walk: AutomatedWalk,
  candidates: readonly InvitationCandidate[],
  rules: StaffingRules,
  timezone: string,
  cancelLeadMs: number,
  now: Date,
): { next: AutomatedWalk; invited: InvitationCandidate[] } | null {
  if (walk.status !== 'scheduled' || walk.understaffedAt === null) return null;
  const starts = Date.parse(walk.startsAt);
  if (now.getTime() < starts - UNDERSTAFFED_NOTICE_MS || now.getTime() >= starts - cancelLeadMs) return null;
  if (staffingOf(walk, rules).staffed) return null;
  const done = new Set(walk.invitedVolunteerIds ?? []);
  const walkers = walk.bookings.map((b) => ({ volunteerId: b.volunteerId, ...b.walker }));
  const invited = candidates.filter(
    (c) => !done.has(c.volunteerId) && availableFor(c.availability, walk, timezone) && canBook(walk, walk.bookings, walkers, c, rules, now) === 'ok',
  );
  if (invited.length === 0) return null;
  return { next: { ...walk, invitedVolunteerIds: [...done, ...invited.map((c) => c.volunteerId)] }, invited };
}

// --- automatic cancellation --------------------------------------------------------------------------------

/** The cancellation's reason and its author when volunteers cancels a walk that cannot be staffed. */
export const UNSTAFFED_REASON = 'unstaffed';
export const SYSTEM_ACTOR = 'system:volunteers';

/**
 * `cancelLeadMs` before its start (the municipality's `walks.cancelUnstaffedHoursBefore`; 0: never) a scheduled walk
 * whose rules still do not hold is cancelled (reason `unstaffed`, by `system:volunteers`). Null when it is not due, is
 * staffed, or was cancelled or held already — so a second run, in this process or another, changes nothing.
 */
export function cancelUnstaffed(walk: Walk, rules: StaffingRules, cancelLeadMs: number, now: Date): Walk | null {
  if (cancelLeadMs <= 0 || walk.status !== 'scheduled') return null;
  const starts = Date.parse(walk.startsAt);
  if (now.getTime() < starts - cancelLeadMs || now.getTime() >= starts) return null;
  if (staffingOf(walk, rules).staffed) return null;
  const next = cancelWalk(walk, SYSTEM_ACTOR, UNSTAFFED_REASON, now);
  return typeof next === 'string' ? null : next;
}
