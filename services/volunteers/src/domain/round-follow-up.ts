import { addMonths, DEFAULT_DEADLINE_MONTHS, type Finding } from './finding';
import { isCalendarDate, type ReferenceGroup, type Round, RoundRuleBroken } from './round';

/**
 * The round's follow-up (issue 15): the follow-up meeting a few weeks after the round reviews its findings — status,
 * owner, deadline, days open, overdue against the deadline and against the municipalities' six-month aim — and the
 * neighbourhood-watch groups that took part as a reference group are recorded on the round (group names and ids,
 * never people). Pure.
 */
export const REFERENCE_GROUPS_MAX = 30;
/** The meeting is suggested this many weeks after the round. */
export const FOLLOW_UP_SUGGESTED_WEEKS = 4;

const DAY_MS = 86_400_000;

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The suggested meeting day: four weeks after the round. */
export function suggestedFollowUpDate(round: Pick<Round, 'plannedDate'>): string {
  return plusDays(round.plannedDate, FOLLOW_UP_SUGGESTED_WEEKS * 7);
}

/** Sets the follow-up meeting's day (on or after the round; not once the round is followed up). */
export function setFollowUpMeeting(round: Round, date: string): Round | 'unchanged' {
  if (!isCalendarDate(date) || date < round.plannedDate) throw new RoundRuleBroken('invalid-date');
  if (round.status === 'followed-up') throw new RoundRuleBroken('bad-transition');
  if (round.followUpMeetingDate === date) return 'unchanged';
  return { ...round, followUpMeetingDate: date };
}

/** Replaces the reference groups (names trimmed, the same name once). */
export function setReferenceGroups(round: Round, groups: readonly ReferenceGroup[]): Round | 'unchanged' {
  const seen = new Set<string>();
  const clean: ReferenceGroup[] = [];
  for (const g of groups) {
    const name = g.name.trim();
    if (name === '' || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    clean.push({ name, groupId: g.groupId });
  }
  if (clean.length > REFERENCE_GROUPS_MAX) throw new RoundRuleBroken('too-many-groups');
  if (JSON.stringify(clean) === JSON.stringify(round.referenceGroups ?? [])) return 'unchanged';
  return { ...round, referenceGroups: clean };
}

export interface ReviewRow {
  finding: Finding;
  /** Days from recording to closing (fixed / won't fix), or to `today` while open or assigned. */
  daysOpen: number;
  /** Open or assigned past its deadline. */
  overdue: boolean;
  /** Open or assigned more than six months after the round (the municipalities' aim). */
  pastAim: boolean;
}

const days = (from: string, to: string) => Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS));

/** The review of a round's findings on `today` (Swedish date): oldest first. */
export function followUpReview(round: Pick<Round, 'plannedDate'>, findings: readonly Finding[], today: string, dateOf: (iso: string) => string) {
  const aim = addMonths(round.plannedDate, DEFAULT_DEADLINE_MONTHS);
  const rows: ReviewRow[] = findings.map((f) => {
    const closed = f.status === 'fixed' || f.status === 'wont-fix';
    const end = closed && f.closedAt ? dateOf(f.closedAt) : today;
    return { finding: f, daysOpen: days(dateOf(f.recordedAt), end), overdue: !closed && today > f.deadline, pastAim: !closed && today > aim };
  });
  return {
    aim,
    rows,
    counts: {
      findings: rows.length,
      open: rows.filter((r) => r.finding.status === 'open').length,
      assigned: rows.filter((r) => r.finding.status === 'assigned').length,
      fixed: rows.filter((r) => r.finding.status === 'fixed').length,
      wontFix: rows.filter((r) => r.finding.status === 'wont-fix').length,
      overdue: rows.filter((r) => r.overdue).length,
      pastAim: rows.filter((r) => r.pastAim).length,
    },
  };
}
