import type { Walk } from './walk';
import { localTimes } from './walk';
import { type PeopleMet, reportsOf, type UnsafePlaceCategory } from './walk-report';

/**
 * The report per walk and per month (issue 15) for the coordinator and the read-only roles (local BRÅ, the police,
 * the municipality's ANDTS-samordnare, folkhälsostrateg, SSPF-koordinator): walks held, volunteer hours, people met
 * by rough age group and the places reported as unsafe (place and category). Counts and places only: no walker, no
 * free text (incident descriptions, place descriptions, follow-ups may name people). Pure.
 */
export interface ReportedPlace {
  reportId: string;
  /** The place's position in its report's list (what a promotion names). */
  index: number;
  place: string | null;
  point: { lat: number; lng: number } | null;
  category: UnsafePlaceCategory;
  /** The finding this place was promoted to, if it was. */
  findingId: string | null;
}

export interface PeopleMetTotals extends PeopleMet {
  total: number;
}

export interface WalkReportRow {
  walkId: string;
  organisationId: string;
  startsAt: string;
  endsAt: string;
  localDate: string;
  localStartTime: string;
  localEndTime: string;
  meetingPoint: string;
  status: Walk['status'];
  /** Debriefed, or somebody checked in (and not cancelled). */
  held: boolean;
  /** Walkers who checked in. */
  walkers: number;
  /** Volunteer minutes: each check-in paired with the same walker's next check-out. */
  volunteerMinutes: number;
  reports: number;
  peopleMet: PeopleMetTotals;
  incidents: number;
  places: ReportedPlace[];
}

export interface MonthReport {
  month: string;
  totals: { walks: number; held: number; cancelled: number; volunteerMinutes: number; reports: number; peopleMet: PeopleMetTotals; incidents: number; places: number };
  walks: WalkReportRow[];
}


/** The instants to read walks between (a day of margin each side of the local month; rows are then chosen by local date). */
export function monthWindow(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: new Date(Date.UTC(y, m - 1, 0)), to: new Date(Date.UTC(y, m, 2)) };
}

/** Volunteer minutes and the walkers present, from the check-in/out log (a check-in without a check-out counts no minutes). */
export function walkMinutes(log: Walk['log']): { minutes: number; walkers: number } {
  const open = new Map<string, number>();
  const present = new Set<string>();
  let minutes = 0;
  for (const entry of [...log].sort((a, b) => a.at.localeCompare(b.at))) {
    if (entry.kind === 'check-in') {
      open.set(entry.volunteerId, Date.parse(entry.at));
      present.add(entry.volunteerId);
    } else {
      const since = open.get(entry.volunteerId);
      if (since !== undefined) minutes += Math.max(0, Math.round((Date.parse(entry.at) - since) / 60_000));
      open.delete(entry.volunteerId);
    }
  }
  return { minutes, walkers: present.size };
}

const none = (): PeopleMetTotals => ({ children: 0, youth: 0, adults: 0, elderly: 0, total: 0 });

function addPeople(sum: PeopleMetTotals, p: PeopleMet): PeopleMetTotals {
  const next = { children: sum.children + p.children, youth: sum.youth + p.youth, adults: sum.adults + p.adults, elderly: sum.elderly + p.elderly };
  return { ...next, total: next.children + next.youth + next.adults + next.elderly };
}

/** One walk's row: its own figures summed over its walkers' reports (each walker reports separately). */
export function walkRow(walk: Walk, timezone: string): WalkReportRow {
  const { minutes, walkers } = walkMinutes(walk.log);
  const reports = walk.status === 'cancelled' ? [] : reportsOf(walk);
  const promoted = new Map((walk.promotions ?? []).map((p) => [`${p.reportId}:${p.index}`, p.findingId]));
  return {
    walkId: walk.id,
    organisationId: walk.organisationId,
    startsAt: walk.startsAt,
    endsAt: walk.endsAt,
    ...localTimes(walk, timezone),
    meetingPoint: walk.meetingPoint,
    status: walk.status,
    held: walk.status === 'held' || (walk.status === 'scheduled' && walkers > 0),
    walkers,
    volunteerMinutes: minutes,
    reports: reports.length,
    peopleMet: reports.reduce((sum, r) => addPeople(sum, r.peopleMet), none()),
    incidents: reports.reduce((sum, r) => sum + r.incidents.count, 0),
    places: reports.flatMap((r) =>
      r.unsafePlaces.map((p, index) => ({ reportId: r.reportId, index, place: p.place, point: p.point, category: p.category, findingId: promoted.get(`${r.reportId}:${index}`) ?? null })),
    ),
  };
}

/** The month's walks (by their local start date) with their rows and the month's totals. */
export function monthReport(walks: readonly Walk[], month: string, timezone: string): MonthReport {
  const rows = walks
    .filter((w) => localTimes(w, timezone).localDate.startsWith(`${month}-`))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .map((w) => walkRow(w, timezone));
  return {
    month,
    totals: {
      walks: rows.length,
      held: rows.filter((r) => r.held).length,
      cancelled: rows.filter((r) => r.status === 'cancelled').length,
      volunteerMinutes: rows.reduce((s, r) => s + r.volunteerMinutes, 0),
      reports: rows.reduce((s, r) => s + r.reports, 0),
      peopleMet: rows.reduce((s, r) => addPeople(s, r.peopleMet), none()),
      incidents: rows.reduce((s, r) => s + r.incidents, 0),
      places: rows.reduce((s, r) => s + r.places.length, 0),
    },
    walks: rows,
  };
}
