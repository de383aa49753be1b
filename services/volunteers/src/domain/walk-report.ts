import type { Walk } from './walk';

/**
 * The after-walk report (rapport efter passet): what one walker saw on a walk they were booked on and checked in to.
 * Each walker of the walk files their own, once (a second walker's report is kept beside the first, not merged);
 * people are counted by rough age group, never named; unsafe places are a place (text or map point), a category and
 * a free text. Pure rules.
 */
export const UNSAFE_PLACE_CATEGORIES = ['lighting', 'vegetation', 'vandalism', 'traffic', 'meeting-places', 'other'] as const;
export type UnsafePlaceCategory = (typeof UNSAFE_PLACE_CATEGORIES)[number];

export interface PeopleMet {
  children: number;
  youth: number;
  adults: number;
  elderly: number;
}

export interface UnsafePlace {
  /** The place as the walker wrote it ("gångtunneln vid stationen"), or null when a map point is given. */
  place: string | null;
  point: { lat: number; lng: number } | null;
  category: UnsafePlaceCategory;
  description: string | null;
}

export interface WalkReportInput {
  peopleMet: PeopleMet;
  incidents: { count: number; description: string | null };
  unsafePlaces: UnsafePlace[];
  followUp: string | null;
}

export interface WalkReport extends WalkReportInput {
  reportId: string;
  volunteerId: string;
  reportedAt: string;
}

/** How long after the walk's end its walkers may still file their report. */
export const REPORT_CLOSES_AFTER_MS = 30 * 86_400_000;

export type ReportRefusal = 'walk_cancelled' | 'walk_not_started' | 'not_booked' | 'not_checked_in' | 'already_reported' | 'report_closed';

export function reportsOf(walk: Walk): WalkReport[] {
  return walk.reports ?? [];
}

/** May this walker report on this walk now? `ok` or why not. */
export function canReport(walk: Walk, volunteerId: string, now: Date): 'ok' | ReportRefusal {
  if (walk.status === 'cancelled') return 'walk_cancelled';
  if (!walk.bookings.some((b) => b.volunteerId === volunteerId)) return 'not_booked';
  if (now.getTime() < Date.parse(walk.startsAt)) return 'walk_not_started';
  if (!walk.log.some((l) => l.volunteerId === volunteerId && l.kind === 'check-in')) return 'not_checked_in';
  if (reportsOf(walk).some((r) => r.volunteerId === volunteerId)) return 'already_reported';
  if (now.getTime() > Date.parse(walk.endsAt) + REPORT_CLOSES_AFTER_MS) return 'report_closed';
  return 'ok';
}

export function fileReport(walk: Walk, volunteerId: string, reportId: string, input: WalkReportInput, now: Date): { next: Walk; report: WalkReport } | ReportRefusal {
  const verdict = canReport(walk, volunteerId, now);
  if (verdict !== 'ok') return verdict;
  const report: WalkReport = { ...input, reportId, volunteerId, reportedAt: now.toISOString() };
  return { next: { ...walk, reports: [...reportsOf(walk), report] }, report };
}

/** What the event may say of a report: counts, categories and places — no free text about people, no walker. */
export function reportFacts(report: WalkReport) {
  return {
    reportId: report.reportId,
    reportedAt: report.reportedAt,
    peopleMet: report.peopleMet,
    incidents: report.incidents.count,
    unsafePlaces: report.unsafePlaces.map((p) => ({ place: p.place, point: p.point, category: p.category })),
    followUpRequested: report.followUp !== null,
  };
}
